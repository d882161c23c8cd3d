"""The 'sparql' backend against a real `oxigraph serve` process on loopback."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from gcmkg.config import Settings
from gcmkg.errors import ResultTooLarge
from gcmkg.store import canonical_hash, open_store, replace_graph, run_query, write_generation
from tests.store.helpers import BASE, GKG, build_fixture_store, fixture_graphs

pytestmark = pytest.mark.slow


def test_remote_store_answers_like_the_embedded_one(oxigraph_server: Settings, tmp_path: Path) -> None:
    write_generation(fixture_graphs(), oxigraph_server)
    remote, local = open_store(oxigraph_server), open_store(build_fixture_store(tmp_path / "local"))
    assert canonical_hash(remote) == canonical_hash(local)
    query = f"SELECT ?r ?o WHERE {{ ?r a <{GKG}Recommendation> ; <{GKG}concernsObjective> ?o }} ORDER BY ?r"
    bindings = {"o": ox.NamedNode(f"{BASE}objective/6")}
    assert run_query(remote, query, bindings).rows == run_query(local, query, bindings).rows
    assert run_query(remote, "ASK { ?s ?p ?o }").boolean is True
    construct = run_query(remote, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s a <{GKG}Instrument> ; ?p ?o }}")
    assert len(construct.triples) == len(run_query(local, construct_query()).triples) > 0


def construct_query() -> str:
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s a <{GKG}Instrument> ; ?p ?o }}"


def test_remote_replace_graph_and_limits(oxigraph_server: Settings) -> None:
    write_generation(fixture_graphs(), oxigraph_server)
    iri = URIRef(f"{BASE}graph/p2")
    replace_graph(
        iri, [(URIRef(f"{BASE}x"), URIRef(f"{GKG}text"), Literal('é "q"', lang="fr"))], oxigraph_server
    )
    store = open_store(oxigraph_server)
    outcome = run_query(store, f"SELECT ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert [row[0].value for row in outcome.rows] == ['é "q"']  # type: ignore[union-attr]
    with pytest.raises(ResultTooLarge):
        run_query(store, "SELECT * WHERE { ?s ?p ?o }", max_results=5)


def test_update_url_is_used_without_gsp(oxigraph_server: Settings) -> None:
    settings = oxigraph_server.model_copy(update={"sparql_gsp_url": None})
    write_generation(fixture_graphs(), settings)
    assert run_query(open_store(settings), "ASK { ?s a ?t }").boolean is True


def test_the_api_answers_the_same_over_the_remote_backend(oxigraph_server: Settings, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    write_generation(fixture_graphs(), oxigraph_server)
    local = build_fixture_store(tmp_path / "local")
    paths = [
        "/objectives",
        "/objectives/6/recommendations?min_confidence=0.65",
        "/actors/person/alice",
        "/consultations/consultation/c1",
        "/queries/objective-gaps?actor_type=UNEntity",
        "/search?q=etats",
    ]
    remote_app, local_app = create_app(oxigraph_server), create_app(local)
    with TestClient(remote_app) as remote_client, TestClient(local_app) as local_client:
        for path in paths:
            remote, expected = remote_client.get(path), local_client.get(path)
            assert remote.status_code == expected.status_code == 200, (path, remote.text)
            assert remote.json() == expected.json(), path
