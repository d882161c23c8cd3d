"""REST resources on the fixture: objectives, the headline answer, actors, catalog and search."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from tests.store.helpers import BASE, GKG


def rows_of(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body, newline="")))


def test_objectives_list_counts(client: TestClient) -> None:
    found = {o["number"]: o for o in client.get("/objectives").json()}
    assert sorted(found) == [4, 5, 6, 23]
    assert (found[6]["recommendations"], found[6]["recommenders"]) == (3, 3)
    assert found[23]["recommendations"] == 0
    assert set(found[5]["labels"]) == {"en", "fr", "es"}


def test_objective_errors(client: TestClient) -> None:
    assert client.get("/objectives/7").status_code == 404
    for bad in ("/objectives/0", "/objectives/24", "/objectives/abc", "/objectives/6/recommendations?page=0"):
        response = client.get(bad)
        assert response.status_code == 422, bad
        assert response.json()["error"] == "invalid_parameter"


def test_headline_groups_by_actor_type(client: TestClient) -> None:
    page = client.get("/objectives/6/recommendations").json()
    assert page["total"] == 3
    groups = {g["actor_type"]: [r["id"] for r in g["recommendations"]] for g in page["groups"]}
    assert groups == {
        "CivilSocietyOrganization": ["recommendation/r2"],
        "TradeUnion": ["recommendation/r5"],
        "UNEntity": ["recommendation/r3"],
    }
    r2 = page["groups"][0]["recommendations"][0]
    assert r2["recommender"]["label"] == "Alice Martin"
    assert r2["organization"]["label"] == "Caritas Internationalis"
    assert r2["link"] == {
        "objective": 6,
        "method": "inferred",
        "confidence": 0.6,
        "evidence": "fair recruitment",
    }
    assert r2["source"]["char_start"] == 82 and r2["source"]["comment"] == f"{BASE}comment/k1"
    assert r2["instruments"] == [f"{BASE}instrument/ilo-c097"]
    assert r2["addressees"] == [f"{BASE}addressee/states"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor_type=TradeUnion", ["recommendation/r5"]),
        ("language=fr", ["recommendation/r3"]),
        ("method=explicit", ["recommendation/r5"]),
        ("min_confidence=0.65", ["recommendation/r3", "recommendation/r5"]),
        ("instrument=instrument/ilo-c181", ["recommendation/r5"]),
        ("consultation=consultation/c1", ["recommendation/r2", "recommendation/r3"]),
        ("actor_type=State", []),
    ],
)
def test_headline_filters(client: TestClient, query: str, expected: list[str]) -> None:
    page = client.get(f"/objectives/6/recommendations?{query}").json()
    found = sorted(r["id"] for g in page["groups"] for r in g["recommendations"])
    assert found == expected and page["total"] == len(expected)


def test_headline_pagination_keeps_the_total(client: TestClient) -> None:
    pages = [client.get(f"/objectives/6/recommendations?page_size=2&page={n}").json() for n in (1, 2, 3)]
    counts = [sum(len(g["recommendations"]) for g in p["groups"]) for p in pages]
    assert counts == [2, 1, 0] and {p["total"] for p in pages} == {3}


def test_headline_csv_and_turtle(client: TestClient) -> None:
    rows = rows_of(client.get("/objectives/6/recommendations", headers={"Accept": "text/csv"}).text)
    assert [row["id"] for row in rows] == ["recommendation/r2", "recommendation/r5", "recommendation/r3"]
    turtle = client.get("/objectives/6/recommendations?format=turtle&actor_type=TradeUnion").text
    graph = Graph().parse(data=turtle, format="turtle")
    r5 = URIRef(f"{BASE}recommendation/r5")
    assert (r5, URIRef(f"{GKG}charEnd"), None) in graph
    assert (URIRef(f"{BASE}link/r5-6"), URIRef(f"{GKG}method"), Literal("explicit")) in graph


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_jsonld_by_accept(client: TestClient) -> None:
    response = client.get("/actors/org/ilo", headers={"Accept": "application/ld+json"})
    graph = Graph().parse(data=response.text, format="json-ld")
    assert response.headers["content-type"].startswith("application/ld+json")
    assert (URIRef(f"{BASE}org/ilo"), None, None) in graph


def test_actors(client: TestClient) -> None:
    actors = {a["id"]: a for a in client.get("/actors").json()}
    assert actors["person/bob"]["actor_type"] == "State"
    assert actors["person/bob"]["organization"]["label"] == "Mexico"
    assert actors["person/alice"]["objectives"] == [5, 6]
    only = client.get("/actors?actor_type=UNEntity").json()
    assert [a["id"] for a in only] == ["org/ilo"]
    detail = client.get("/actors/person/alice").json()
    assert detail["display_name"] == "Alice Martin, Caritas"
    assert [r["id"] for r in detail["recommendations"]] == ["recommendation/r1", "recommendation/r2"]
    assert client.get("/actors/person/nobody").status_code == 404
    assert client.get("/actors/a%20b").status_code == 404


def test_recommendation_with_provenance_and_quote(client: TestClient) -> None:
    detail = client.get("/recommendations/recommendation/r2").json()
    prov = detail["provenance"]
    assert prov["quote"] == detail["text"] and prov["quote_matches_text"] is True
    assert prov["graph"] == f"{BASE}graph/p1" and prov["source"] == "000_fixture.txt"
    assert sorted(link["objective"] for link in detail["links"]) == [5, 6]
    assert client.get("/recommendations/recommendation/none").status_code == 404


def test_instruments_and_consultations(client: TestClient) -> None:
    instruments = {i["id"]: i for i in client.get("/instruments").json()}
    assert instruments["instrument/ilo-c097"]["recommendations"] == 3
    detail = client.get("/instruments/instrument/ilo-c097").json()
    assert {c["recommender"]["label"] for c in detail["citations"]} == {
        "Alice Martin",
        "International Labour Organization",
    }
    consultation = client.get("/consultations/consultation/c1").json()
    assert consultation["complete"] is False
    q2 = next(t for t in consultation["threads"] if t["number"] == 2)
    assert (q2["declared"], q2["found"], q2["complete"]) == (2, 1, False)
    assert len(client.get("/consultations").json()) == 2
    assert client.get("/consultations/consultation/zz").status_code == 404


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ETATS", {"recommendation/r3", "comment/k2"}),
        ("états garantissent", {"recommendation/r3", "comment/k2"}),
        ("MIGRACION", {"recommendation/r4", "comment/k3"}),
        ("helpline", {"comment/k4"}),
        ("zzzz", set()),
    ],
)
def test_search_is_case_and_accent_insensitive(client: TestClient, q: str, expected: set[str]) -> None:
    found = client.get("/search", params={"q": q}).json()
    assert {hit["id"] for hit in found["hits"]} == expected and found["total"] == len(expected)


def test_search_validation(client: TestClient) -> None:
    assert client.get("/search").status_code == 422
    assert client.get("/search", params={"q": "x" * 201}).status_code == 422
    assert client.get("/search", params={"q": "a", "kind": "comment"}).json()["hits"][0]["kind"] == "comment"


def test_not_acceptable_is_406(client: TestClient) -> None:
    assert client.get("/objectives", headers={"Accept": "image/png"}).status_code == 406
