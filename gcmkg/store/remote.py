"""An external SPARQL 1.1 server as the store: Protocol queries, Graph Store Protocol (or Update) loading."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import httpx
import pyoxigraph as ox
from rdflib import Graph

from gcmkg.config import Settings
from gcmkg.errors import QueryTimeout, ResultTooLarge, StoreError
from gcmkg.store.base import QueryOutcome
from gcmkg.store.terms import OxTerm, RdflibTriple, bind_as_values, quads_of

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
GENERATION_TTL_S = 5.0
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def json_term(value: dict[str, str] | None) -> OxTerm | None:
    """Return the RDF term of one SPARQL JSON results binding (None when unbound)."""
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        return ox.BlankNode(text)
    if "xml:lang" in value:
        return ox.Literal(text, language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(text, datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(text)


@dataclass(eq=False)  # compared by identity: answer caches are kept per store object
class RemoteStore:
    """A SPARQL 1.1 server reached over HTTP; reads by the Protocol, writes by GSP PUT or Update."""

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    _generation: tuple[float, str] = (0.0, "")

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        """Return the remote store configured by GCMKG_SPARQL_QUERY_URL (and _UPDATE_URL / _GSP_URL)."""
        if not settings.sparql_query_url:
            raise StoreError("store_backend is 'sparql' but GCMKG_SPARQL_QUERY_URL is not set")
        return cls(settings.sparql_query_url, settings.sparql_update_url, settings.sparql_gsp_url)

    def _post(self, query: str, timeout: float) -> httpx.Response:
        try:
            response = httpx.post(
                self.query_url,
                content=query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT},
                timeout=max(timeout, 0.001),
            )
        except httpx.TimeoutException as error:
            raise QueryTimeout(timeout) from error
        except httpx.HTTPError as error:
            raise StoreError(f"{self.query_url}: {error}") from error
        if response.status_code >= 400:
            raise StoreError(f"{self.query_url}: HTTP {response.status_code}: {response.text[:300]}")
        return response

    def execute(
        self, query: str, bindings: Mapping[str, OxTerm], deadline: float, max_results: int
    ) -> QueryOutcome:
        """Return the result of a query run by the server, with parameters bound by a VALUES block."""
        response = self._post(bind_as_values(query, bindings), deadline - time.monotonic())
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/n-triples":
            triples = tuple(t.triple for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
            if len(triples) > max_results:
                raise ResultTooLarge(max_results)
            return QueryOutcome(kind="graph", triples=triples)
        document = json.loads(response.content)
        if "boolean" in document:
            return QueryOutcome(kind="ask", boolean=bool(document["boolean"]))
        variables = tuple(document["head"]["vars"])
        bindings_list = document["results"]["bindings"]
        rows = tuple(tuple(json_term(b.get(v)) for v in variables) for b in bindings_list)
        if len(rows) > max_results:
            raise ResultTooLarge(max_results)
        return QueryOutcome(kind="select", variables=variables, rows=rows)

    def quads(self) -> Iterator[ox.Quad]:
        """Yield every quad in a named graph of the server."""
        outcome = self.execute(ALL_QUADS, {}, time.monotonic() + 600, 100_000_000)
        for g, s, p, o in outcome.rows:
            yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]

    def generation(self) -> str:
        """Return a cheap fingerprint of the server's data (quad count), cached for a few seconds."""
        checked, value = self._generation
        if time.monotonic() - checked > GENERATION_TTL_S:
            outcome = self.execute(COUNT_QUADS, {}, time.monotonic() + 30, 1)
            count = outcome.rows[0][0]
            value = f"remote-{count.value if count is not None else 0}"
            self._generation = (time.monotonic(), value)
        return value

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[RdflibTriple]) -> None:
        """Replace one named graph atomically on the server (GSP PUT, else one DROP + INSERT update)."""
        body = b"".join(f"{q.triple} .\n".encode() for q in quads_of(graph_iri, triples))
        if self.gsp_url:
            self._send("PUT", self.gsp_url, body, "application/n-triples", params={"graph": graph_iri})
            return
        if not self.update_url:
            raise StoreError(
                "writing to a SPARQL server needs GCMKG_SPARQL_GSP_URL or GCMKG_SPARQL_UPDATE_URL"
            )
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n"
        self._send("POST", self.update_url, update.encode() + body + b"}}\n", "application/sparql-update")

    def _send(
        self, method: str, url: str, body: bytes, media: str, params: Mapping[str, str] | None = None
    ) -> None:
        try:
            response = httpx.request(
                method, url, content=body, headers={"Content-Type": media}, params=params, timeout=600
            )
        except httpx.HTTPError as error:
            raise StoreError(f"{url}: {error}") from error
        if response.status_code >= 400:
            raise StoreError(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
