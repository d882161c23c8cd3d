"""Updates in every channel are refused and leave the store exactly as it was (canonical hash)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gcmkg.config import Settings
from tests.security.support import store_fingerprint

UPDATES = (
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>",
    "CLEAR ALL",
    "CLEAR SILENT DEFAULT",
    "CLEAR NAMED",
    "DROP ALL",
    "DROP GRAPH <https://w3id.org/gcmkg/id/graph/nasty>",
    "CREATE GRAPH <urn:new>",
    "ADD DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "COPY <urn:a> TO <urn:b>",
    "clear all",
    "PREFIX x: <urn:> INSERT DATA { x:a x:b x:c } ; DROP ALL",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "ASK {} DROP ALL",
)
UPDATE_TYPE = "application/sparql-update"


def channels(client: TestClient, text: str) -> list[int]:
    """Return the statuses of text sent through every way a client can reach /sparql."""
    responses = [
        client.get("/sparql", params={"query": text}),
        client.post("/sparql", data={"query": text}),
        client.post("/sparql", content=text, headers={"Content-Type": "application/sparql-query"}),
        client.post("/sparql", data={"update": text}),
        client.post("/sparql", content=text, headers={"Content-Type": UPDATE_TYPE}),
        client.post("/sparql", params={"update": text}, data={"query": "ASK {}", "update": text}),
        client.put("/sparql", content=text, headers={"Content-Type": UPDATE_TYPE}),
        client.patch("/sparql", content=text, headers={"Content-Type": UPDATE_TYPE}),
        client.post(
            "/sparql?graph=urn:g",
            content="<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "text/turtle"},
        ),
        client.delete("/sparql", params={"graph": "urn:g"}),
    ]
    return [r.status_code for r in responses]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_in_every_channel(
    sec_client: TestClient, sec_settings: Settings, update: str
) -> None:
    before = store_fingerprint(sec_settings)
    statuses = channels(sec_client, update)
    # Query channels: 403 for a parsable update, 400 for other text; update channels: 400/405/415; an
    # `update` field next to a real query is ignored (the ASK runs, nothing is written).
    assert all(status in (400, 403) for status in statuses[:3]), statuses
    assert statuses[3:] == [400, 415, 200, 405, 405, 415, 405]
    assert store_fingerprint(sec_settings) == before


def test_query_channels_say_forbidden_for_updates(sec_client: TestClient) -> None:
    for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <http://127.0.0.1:9/x>", "DROP ALL"):
        assert channels(sec_client, update)[:3] == [403, 403, 403]


def test_store_files_are_opened_read_only_by_the_server(
    sec_client: TestClient, sec_settings: Settings
) -> None:
    before = store_fingerprint(sec_settings)
    for _ in range(3):
        assert sec_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        assert sec_client.get("/objectives").status_code == 200
    assert store_fingerprint(sec_settings) == before
