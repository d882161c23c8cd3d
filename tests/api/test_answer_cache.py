"""The per-generation answer cache: bounded, emptied by a new generation, never a way around rate limits."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from fastapi.responses import Response
from fastapi.testclient import TestClient
from rdflib import URIRef

from api.app import create_app
from api.cache import AnswerCache, cached, cached_rendering, outcome_size
from gcmkg.config import Settings
from gcmkg.store import QueryOutcome, write_generation
from tests.store.helpers import BASE, build_fixture_store, fixture_graphs

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/gcmkg/ontology#Recommendation> }"


def outcome(text: str) -> QueryOutcome:
    """Return a one-row SELECT outcome holding text."""
    return QueryOutcome(kind="select", variables=("x",), rows=((ox.Literal(text),),))


def test_entries_are_bounded_least_recently_used_first() -> None:
    cache = AnswerCache(max_entries=2, max_bytes=1 << 20)
    cache.put("g1", "a", outcome("a"))
    cache.put("g1", "b", outcome("b"))
    assert cache.get("g1", "a") is not None  # a is now the most recently used
    cache.put("g1", "c", outcome("c"))
    assert cache.get("g1", "b") is None and cache.get("g1", "a") is not None and cache.get("g1", "c")
    assert cache.stats()["entries"] == 2


def test_bytes_are_bounded_and_a_huge_answer_is_not_kept() -> None:
    small = outcome("x" * 100)
    cache = AnswerCache(max_entries=100, max_bytes=4 * outcome_size(small) + 10)
    for key in range(10):
        cache.put("g1", key, small)
    assert cache.stats()["bytes"] <= 4 * outcome_size(small) + 10 and cache.stats()["entries"] == 4
    cache.put("g1", "huge", outcome("y" * 100_000))
    assert cache.get("g1", "huge") is None


def test_a_new_generation_empties_the_cache() -> None:
    cache = AnswerCache(max_entries=10, max_bytes=1 << 20)
    cache.put("g1", "a", outcome("old"))
    assert cache.get("g2", "a") is None
    assert cache.stats()["entries"] == 0


class CountingStore:
    """A store stand-in whose generation is fixed; `immutable` says whether answers may be cached."""

    def __init__(self, immutable: bool) -> None:
        self.immutable_generations = immutable

    def generation(self) -> str:
        return "g"


def test_only_stores_with_immutable_generations_are_cached(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)
    for immutable, expected in ((True, 1), (False, 3)):
        store = CountingStore(immutable)
        calls: list[str] = []

        def compute(calls: list[str] = calls) -> QueryOutcome:
            calls.append("computed")
            return outcome("v")

        for _ in range(3):
            cached(store, settings, "k", compute)  # type: ignore[arg-type]
        assert len(calls) == expected


def test_a_rebuild_gives_new_answers(tmp_path: Path) -> None:
    settings = build_fixture_store(tmp_path)
    with TestClient(create_app(settings)) as client:
        before = client.get("/objectives").json()
        counted = client.get("/sparql", params={"query": COUNT}).json()
        assert client.get("/objectives").json() == before  # answered again (from the cache)
        graphs = fixture_graphs()
        del graphs[URIRef(f"{BASE}graph/p2")]
        write_generation(graphs, settings)
        after = client.get("/objectives").json()
        recounted = client.get("/sparql", params={"query": COUNT}).json()
    assert sum(o["recommendations"] for o in after) < sum(o["recommendations"] for o in before)
    n = counted["results"]["bindings"][0]["n"]["value"]
    assert recounted["results"]["bindings"][0]["n"]["value"] != n


def test_cached_answers_still_count_against_the_rate_limits(tmp_path: Path) -> None:
    settings = build_fixture_store(tmp_path).model_copy(
        update={"burst": 3, "rate_per_s": 0.01, "sparql_burst": 2, "sparql_rate_per_s": 0.01}
    )
    with TestClient(create_app(settings)) as client:
        rest = [client.get("/objectives").status_code for _ in range(4)]
        sparql = [client.get("/sparql", params={"query": COUNT}).status_code for _ in range(3)]
    assert rest == [200, 200, 200, 429]
    assert sparql == [200, 200, 429]


def test_rendered_answers_are_replayed_byte_for_byte_only_for_immutable_stores(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)
    for immutable, expected in ((True, 1), (False, 3)):
        store = CountingStore(immutable)
        calls: list[str] = []

        def render(calls: list[str] = calls) -> Response:
            calls.append("rendered")
            return Response(b'{"a": 1}', media_type="application/json", headers={"Vary": "Accept"})

        answers = [cached_rendering(store, settings, "k", render) for _ in range(3)]  # type: ignore[arg-type]
        assert len(calls) == expected
        assert {a.body for a in answers} == {b'{"a": 1}'}
        assert all(a.headers["content-type"] == "application/json" for a in answers)
        assert all(a.headers["vary"] == "Accept" and a.headers["content-length"] == "8" for a in answers)


def test_an_error_is_not_kept(tmp_path: Path) -> None:
    calls: list[int] = []

    def render() -> Response:
        calls.append(1)
        return Response(b"busy", status_code=503)

    for _ in range(2):
        cached_rendering(CountingStore(True), Settings(var_dir=tmp_path), "k", render)  # type: ignore[arg-type]
    assert len(calls) == 2


def test_the_headline_page_is_cached_per_format_and_renewed_by_a_rebuild(tmp_path: Path) -> None:
    settings = build_fixture_store(tmp_path)
    url = "/objectives/6/recommendations"  # the fixture page p2 holds one of its three
    with TestClient(create_app(settings)) as client:
        first = client.get(url, headers={"Accept": "application/json"})
        again = client.get(url, headers={"Accept": "application/json"})
        as_csv = client.get(url, headers={"Accept": "text/csv"})
        assert first.status_code == again.status_code == as_csv.status_code == 200
        assert again.content == first.content and again.headers["content-type"] == "application/json"
        assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.content != first.content
        graphs = fixture_graphs()
        del graphs[URIRef(f"{BASE}graph/p2")]
        write_generation(graphs, settings)
        after = client.get(url, headers={"Accept": "application/json"})
    assert first.json()["total"] > 0
    assert after.json()["total"] < first.json()["total"]
