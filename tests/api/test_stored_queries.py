"""Stored queries: the header parser, the list, every query callable, parameters bound as terms only."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from gcmkg.errors import InvalidParameter, StoreError
from gcmkg.store.terms import bind_as_values
from gcmkg.stored_queries import bindings, load_queries, parse_param, parse_stored_query

REQUIRED = {
    "recommendations-for-objective",
    "recommendations-by-actor-type",
    "actors",
    "instruments-per-objective",
    "objective-gaps",
    "objective-cooccurrence",
    "consultation-comments",
}


def test_required_queries_exist_and_are_listed(client: TestClient) -> None:
    listed = {q["name"]: q for q in client.get("/queries").json()}
    assert set(listed) >= REQUIRED
    assert all(q["summary"] for q in listed.values())
    objective = next(p for p in listed["recommendations-for-objective"]["params"] if p["name"] == "objective")
    assert (objective["minimum"], objective["maximum"], objective["default"]) == (1, 23, "5")


def test_every_stored_query_is_in_openapi_and_runs(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for name, query in load_queries().items():
        assert f"/queries/{name}" in paths
        required = {p.name: "recommendation/r1" for p in query.params if p.required}
        response = client.get(f"/queries/{name}", params=required)
        assert response.status_code == 200, (name, response.text)


def test_gaps_and_cooccurrence(client: TestClient) -> None:
    gaps = client.get("/queries/objective-gaps", params={"actor_type": "State"}).json()["rows"]
    assert [row["notation"] for row in gaps] == ["5", "6", "23"]
    pairs = client.get("/queries/objective-cooccurrence").json()["rows"]
    assert [(p["notationA"], p["notationB"], p["recommendations"]) for p in pairs] == [("5", "6", 1)]


def test_stored_query_formats(client: TestClient) -> None:
    response = client.get("/queries/actors", headers={"Accept": "text/csv"})
    assert response.text.splitlines()[0].startswith("recommender,recommenderLabel")
    assert client.get("/queries/actors?format=sparql-json").json()["head"]["vars"][0] == "recommender"


@pytest.mark.parametrize(
    "params",
    [
        {"objective": "0"},
        {"objective": "1.5"},
        {"actor_type": "State> } ; DROP ALL"},
        {"method": "explicit' || true"},
        {"min_confidence": "2"},
        {"consultation": "x> } <y"},
        {"instrument": "a\nb"},
    ],
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/queries/recommendations-for-objective", params=params)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_parameter"


def test_header_parser() -> None:
    param = parse_param("objective objective default=5 -- the number", "x.rq")
    assert (param.low, param.high, param.default, param.required) == (1, 23, "5", False)
    assert parse_param("t class(A,B) optional", "x.rq").choices == ("A", "B")
    with pytest.raises(StoreError, match=r"x\.rq"):
        parse_param("bad", "x.rq")
    with pytest.raises(StoreError, match="summary"):
        parse_stored_query("SELECT * WHERE { }", "nosummary")


def test_unknown_and_missing_parameters() -> None:
    query = load_queries()["recommendation"]
    with pytest.raises(InvalidParameter, match="required"):
        bindings(query, {})
    with pytest.raises(InvalidParameter, match="not a parameter"):
        bindings(query, {"recommendation": "recommendation/r1", "evil": "1"})


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_binding_any_string_returns_exactly_that_string(value: str) -> None:
    store = ox.Store()
    query = bind_as_values("SELECT ?v WHERE { }", {"v": ox.Literal(value)})
    results = list(store.query(query))  # type: ignore[arg-type]
    assert len(results) == 1 and results[0]["v"].value == value
