"""Server-side request forgery: SERVICE, FROM, LOAD and dataset parameters never reach a loopback canary."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from tests.security.support import Canary

DIRECT = "application/sparql-query"
# {c} is the canary's base URL, {hp} its host:port. Each must be refused before anything runs.
ATTACKS = (
    "SELECT * WHERE { SERVICE <{c}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{c}/sparql> { ?s ?p ?o } }",
    "select * where { sErViCe <{c}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <{c}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http\\u003A//{hp}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{c}/redirect> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <{c}/sparql> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(IRI(CONCAT('http://', '{hp}', '/sparql')) AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "PREFIX c: <{c}/> SELECT * WHERE { SERVICE c:sparql { ?s ?p ?o } }",
    "BASE <{c}/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{c}/sparql> { ?s ?p ?o } } } LIMIT 1",
    "SELECT * WHERE { OPTIONAL { { SELECT * WHERE { SERVICE <{c}/sparql> { ?a ?b ?c } } } } }",
    "ASK { SERVICE <{c}/sparql> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{c}/sparql> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{c}/sparql> { ?s ?p ?o } }",
    "# SERVICE in a comment, then for real\nSELECT * WHERE { SERVICE <{c}/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <{c}/g.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{c}/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <{c}/redirect> WHERE { ?s ?p ?o }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "ASK FROM <{c}/g.ttl> { ?s ?p ?o }",
    "LOAD <{c}/g.ttl>",
    "LOAD SILENT <{c}/redirect> INTO GRAPH <urn:g>",
    "lOaD <{c}/g.ttl>",
)
HARMLESS = (
    "SELECT * WHERE { BIND(<{c}/x> AS ?x) }",
    "DESCRIBE <{c}/resource>",
    "SELECT * WHERE { GRAPH <{c}/g.ttl> { ?s ?p ?o } }",
    "ASK { ?s ?p 'SERVICE <{c}/sparql> {}' }",
)


def fill(template: str, canary: Canary) -> str:
    """Return an attack with the canary's address filled in."""
    return template.replace("{c}", canary.url).replace("{hp}", canary.url.removeprefix("http://"))


def send_everywhere(client: TestClient, text: str, canary: Canary) -> list[int]:
    """Return the statuses of text sent through every channel, with dataset parameters too."""
    graph = {"default-graph-uri": f"{canary.url}/g.ttl"}
    named = {"named-graph-uri": f"{canary.url}/g.ttl"}
    responses = [
        client.get("/sparql", params={"query": text}),
        client.post("/sparql", data={"query": text}),
        client.post("/sparql", content=text, headers={"Content-Type": DIRECT}),
        client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", **graph}),
        client.post("/sparql", data={"query": "ASK { ?s ?p ?o }", **named}),
        client.post("/sparql", params=graph, content="ASK { ?s ?p ?o }", headers={"Content-Type": DIRECT}),
    ]
    return [r.status_code for r in responses]


def test_the_canary_detects_a_real_service_call(canary: Canary) -> None:
    """Positive control: pyoxigraph itself, unguarded, does connect to the canary."""
    with pytest.raises(RuntimeError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}"))  # type: ignore[union-attr]
    assert len(canary.connections) >= 1


@pytest.mark.parametrize("template", ATTACKS)
def test_federation_and_dataset_attacks_never_connect(
    sec_client: TestClient, canary: Canary, template: str
) -> None:
    statuses = send_everywhere(sec_client, fill(template, canary), canary)
    assert all(status in (400, 403) for status in statuses), statuses
    assert canary.connections == []


@pytest.mark.parametrize("template", HARMLESS)
def test_iris_naming_the_canary_are_only_data(sec_client: TestClient, canary: Canary, template: str) -> None:
    response = sec_client.get("/sparql", params={"query": fill(template, canary)})
    assert response.status_code == 200, response.text
    assert canary.connections == []


def test_ids_naming_urls_are_never_fetched(sec_client: TestClient, canary: Canary) -> None:
    for path in (f"/id/{canary.url}/x", f"/recommendations/{canary.url}", "/id/..%2F..%2Fetc%2Fpasswd"):
        assert sec_client.get(path).status_code in (404, 422)
    assert sec_client.get("/queries/actor", params={"actor": f"{canary.url}/a"}).status_code == 422
    assert canary.connections == []
