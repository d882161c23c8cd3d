"""Linked data (/id/..., /ontology) and the whole-dataset exports (/export, write_exports)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, URIRef

from api.app import create_app
from gcmkg.config import Settings
from gcmkg.export import FORMATS, write_exports
from gcmkg.store import canonical_hash, open_store, write_generation
from tests.store.helpers import BASE, GKG, fixture_graphs


def test_id_dereferences_by_accept(client: TestClient) -> None:
    turtle = client.get("/id/recommendation/r1", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    subjects = {str(s) for s in graph.subjects()}
    assert subjects == {f"{BASE}recommendation/r1", f"{BASE}link/r1-5"}
    nt = client.get("/id/recommendation/r1", headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=nt.text, format="nt")) == len(graph)
    assert turtle.headers["vary"] == "Accept"


def test_id_html_is_escaped_for_browsers(client: TestClient) -> None:
    response = client.get("/id/comment/k2", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")
    assert "L&#x27;OIT" in response.text and "<script" not in response.text
    assert 'href="/id/org/ilo"' in response.text


def test_unknown_ids_are_404(client: TestClient) -> None:
    for path in ("/id/nope", "/id/org/ilo%3E%20%3Cx", "/id/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not_found"


def test_ontology_document_and_docs(client: TestClient) -> None:
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(f"{GKG}Recommendation"), None, None) in graph
    docs = client.get("/ontology/docs")
    assert docs.status_code == 200 and "<html" in docs.text.lower()
    assert client.get("/ontology", headers={"Accept": "text/html"}).text == docs.text


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib's own dataset parser internals
def test_export_formats_parse_and_carry_an_etag(client: TestClient) -> None:
    nquads = client.get("/export?format=nquads")
    dataset = Dataset()
    dataset.parse(data=nquads.text, format="nquads")
    assert len(nquads.text.splitlines()) == 246
    lines = nquads.text.splitlines()
    assert len(set(lines)) == len(lines)  # distinct quads, in the store's order: grouped by graph, not sorted
    graph_runs = [graph for graph, _ in itertools.groupby(line.rsplit(" ", 2)[1] for line in lines)]
    assert len(graph_runs) == len(set(graph_runs)) == 3
    etag = nquads.headers["etag"]
    assert client.get("/export?format=nquads", headers={"If-None-Match": etag}).status_code == 304
    turtle = client.get("/export?format=turtle").text
    assert len(Graph().parse(data=turtle, format="turtle")) > 200
    document = json.loads(client.get("/export?format=jsonld").text)
    graphs = {f"{BASE}graph/p1", f"{BASE}graph/p2", f"{BASE}graph/vocabularies"}
    assert {entry["@id"] for entry in document} == graphs
    assert client.get("/export?format=rdfxml").status_code == 422


def test_exports_are_byte_identical_across_rebuilds(tmp_path: Path) -> None:
    first, second = Settings(var_dir=tmp_path / "a"), Settings(var_dir=tmp_path / "b")
    write_generation(fixture_graphs(), first)
    graphs = dict(reversed(list(fixture_graphs().items())))
    write_generation(graphs, second)
    out_a = write_exports(open_store(first), tmp_path / "export-a")
    out_b = write_exports(open_store(second), tmp_path / "export-b")
    assert set(out_a) == set(FORMATS)
    for name in FORMATS:
        assert out_a[name].read_bytes() == out_b[name].read_bytes(), name
    assert canonical_hash(open_store(first)) == canonical_hash(open_store(second))


def test_export_follows_a_new_generation(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)
    write_generation(fixture_graphs(), settings)
    with TestClient(create_app(settings)) as client:
        before = client.get("/export?format=nquads").headers["etag"]
        graphs = fixture_graphs()
        del graphs[URIRef(f"{BASE}graph/p2")]
        write_generation(graphs, settings)
        after = client.get("/export?format=nquads")
    assert after.headers["etag"] != before
    assert "graph/p2" not in after.text


@pytest.mark.parametrize("path", ["/id/org/ilo", "/export?format=trig", "/objectives"])
def test_missing_store_is_503_not_a_trace(tmp_path: Path, path: str) -> None:
    with TestClient(create_app(Settings(var_dir=tmp_path))) as client:
        response = client.get(path)
    assert response.status_code == 503
    assert response.json()["error"] == "store_unavailable"
