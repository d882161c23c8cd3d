"""The SPARQL page: stored queries as examples, a query form, results as a table.

Written queries take the same path as /sparql (screened, then gated and run in a killable worker).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.execution import run_client_query
from api.explorer.templating import page
from api.query_gate import MAX_GET_BYTES, screen
from api.services.stored import run_stored
from gcmkg.config import Settings
from gcmkg.errors import GcmkgError
from gcmkg.store import GraphStore, QueryOutcome
from gcmkg.stored_queries import StoredQuery, load_queries

DEFAULT_QUERY = """PREFIX gkg: <https://w3id.org/gcmkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation (COUNT(?recommendation) AS ?recommendations)
WHERE { ?recommendation gkg:concernsObjective ?objective . ?objective skos:notation ?notation }
GROUP BY ?notation ORDER BY DESC(?recommendations)
"""


@dataclass(frozen=True)
class Table:
    """A query result shown as a table: header and rows of (text, link or None) cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, str | None], ...], ...]


EXPLORER_PAGES = {"objective/": "/objectives/", "instrument/": "/instruments/instrument/"}
EXPLORER_PAGES["consultation/"] = "/consultations/consultation/"


def link_of(value: str, base: str) -> str | None:
    """Return where an IRI cell links to: its explorer page, its /id/ page when ours, itself when http."""
    if not value.startswith(base):
        return value if value.startswith(("http://", "https://")) else None
    local = value[len(base) :]
    for prefix, path in EXPLORER_PAGES.items():
        if local.startswith(prefix) and "/" not in local[len(prefix) :]:
            return path + local[len(prefix) :]
    return "/id/" + local


def cell(term: object, base: str) -> tuple[str, str | None]:
    """Return the text and link of one result cell ('' for unbound)."""
    if term is None:
        return ("", None)
    value = getattr(term, "value", None)
    text = value if isinstance(value, str) else str(term)
    return (text, link_of(text, base))


def as_table(outcome: QueryOutcome, base: str) -> Table:
    """Return a query outcome as a table (ASK as one boolean cell, graphs as subject/predicate/object)."""
    if outcome.kind == "ask":
        return Table(("ask",), (((str(outcome.boolean).lower(), None),),))
    rows: list[tuple[object, ...]]
    if outcome.kind == "graph":
        rows = [(t.subject, t.predicate, t.object) for t in sorted(outcome.triples, key=str)]
        header: tuple[str, ...] = ("subject", "predicate", "object")
    else:
        rows, header = [tuple(row) for row in outcome.rows], tuple(outcome.variables)
    return Table(header, tuple(tuple(cell(term, base) for term in row) for row in rows))


def stored_params(query: StoredQuery, params: Mapping[str, str]) -> dict[str, str | None]:
    """Return the request parameters a stored query declares (others ignored)."""
    return {p.name: params.get(p.name) or None for p in query.params}


def sparql_page(request: Request, store: GraphStore, settings: Settings) -> HTMLResponse:
    """Return the SPARQL page, running ?stored=NAME (with its parameters) or ?query=TEXT when given."""
    queries = load_queries()
    name, text = request.query_params.get("stored"), request.query_params.get("query")
    table, error, shown = None, None, text or DEFAULT_QUERY
    try:
        if name in queries:
            shown = queries[name].text
            outcome = run_stored(store, settings, name, stored_params(queries[name], request.query_params))
            table = as_table(outcome, settings.base_iri)
        elif text:
            screen(text, (), (), MAX_GET_BYTES)
            outcome = run_client_query(store, text, settings)
            table = as_table(outcome, settings.base_iri)
    except GcmkgError as failure:
        error = str(failure)
    status = 400 if error else 200
    return page(
        request, "sparql.html", status=status, queries=list(queries.values()), shown=shown, table=table,
        error=error, stored=name if name in queries else None,
    )  # fmt: skip
