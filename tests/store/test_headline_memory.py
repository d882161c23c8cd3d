"""The headline view is built in bounded memory: facts staged on disk, small caches, nothing left behind."""

from __future__ import annotations

import sqlite3
import tracemalloc
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import gcmkg.store.headline as headline_module
import gcmkg.store.headline_join as join_module
import gcmkg.store.headline_stage as stage_module
from gcmkg.errors import StoreError
from gcmkg.store.headline import Row, Select, build_view, store_select
from gcmkg.store.headline_stage import LRU

GKG = "https://w3id.org/gcmkg/ontology#"
BASE = "https://w3id.org/gcmkg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("State", "UNEntity", "TradeUnion", "Person", "CivilSocietyOrganization", "Organization")
SMALL = 8  # cache entries in the bounded builds: far fewer than the graph's actors and comments


def gkg(name: str) -> ox.NamedNode:
    """Return an ontology term."""
    return ox.NamedNode(f"{GKG}{name}")


def node(kind: str, n: int | str) -> ox.NamedNode:
    """Return a data IRI."""
    return ox.NamedNode(f"{BASE}{kind}/{n}")


def typed(value: str, datatype: str) -> ox.Literal:
    """Return a typed literal."""
    return ox.Literal(value, datatype=ox.NamedNode(f"{XSD}{datatype}"))


def actor_triples(n: int) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """Yield one actor's type, label and (for some persons) organisation."""
    actor, kind = node("actor", n), KINDS[n % len(KINDS)]
    yield actor, RDF_TYPE, gkg(kind)
    if n % 7:
        yield actor, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(f"actor {n}")
    if kind == "Person" and n % 2:
        yield actor, ox.NamedNode("http://www.w3.org/ns/org#memberOf"), node("actor", n - 1)


def rec_triples(n: int) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """Yield one recommendation's triples, its link's, and (every third) its comment's."""
    rec, link, comment = node("recommendation", n), node("link", n), node("comment", n // 3)
    yield rec, RDF_TYPE, gkg("Recommendation")
    yield rec, gkg("objectiveLink"), link
    yield link, gkg("objective"), node("objective", 1 + n % 23)
    yield link, gkg("method"), ox.Literal("explicit" if n % 2 else "inferred")
    if n % 5:
        yield link, gkg("confidence"), typed(f"0.{10 + n % 90}", "decimal")
    yield rec, gkg("text"), ox.Literal(f"Recommendation {n}", language=("en", "fr", "es")[n % 3])
    yield rec, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), comment
    yield rec, gkg("recommendedBy"), node("actor", n)  # one actor per recommendation: caches cannot hold all
    yield rec, gkg("charStart"), typed(str(n), "integer")
    yield rec, gkg("charEnd"), typed(str(n + 40), "integer")
    if n % 4 == 0:
        yield rec, gkg("addressedTo"), node("addressee", n % 13)
        yield rec, ox.NamedNode("http://purl.org/spar/cito/cites"), node("instrument", n % 30)
    if n % 3 == 0:
        yield comment, ox.NamedNode("http://purl.org/dc/terms/created"), typed("2021-01-01", "date")
        yield comment, ox.NamedNode("http://rdfs.org/sioc/ns#has_container"), node("question", n // 60)
    yield from actor_triples(n)


def page_triples(page: int) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """Yield a question and the consultation that contains it."""
    question, consultation = node("question", page), node("consultation", page // 2)
    yield question, ox.NamedNode("http://rdfs.org/sioc/ns#has_container"), consultation
    yield consultation, RDF_TYPE, gkg("Consultation")


def generated_store(recommendations: int, copies: int = 1) -> ox.Store:
    """Return an in-memory store of a generated graph (each triple in `copies` named graphs)."""
    store = ox.Store()
    triples = [t for n in range(recommendations) for t in rec_triples(n)]
    triples += [t for page in range(recommendations // 60 + 1) for t in page_triples(page)]
    for copy in range(copies):
        graph = ox.NamedNode(f"{BASE}graph/{copy}")
        store.extend(ox.Quad(s, p, o, graph) for s, p, o in triples)
    return store


def view_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return the rows of each table of a view file (the headline in seq order)."""
    connection = sqlite3.connect(path)
    try:
        return {
            "headline": connection.execute("SELECT * FROM headline ORDER BY seq").fetchall(),
            "reach": connection.execute("SELECT * FROM reach ORDER BY 1, 2").fetchall(),
            "cites": connection.execute("SELECT * FROM cites ORDER BY 1, 2").fetchall(),
        }
    finally:
        connection.close()


@pytest.fixture
def small_caches(monkeypatch: pytest.MonkeyPatch) -> list[LRU[object, object]]:
    """Bound every cache and batch of the join to SMALL entries; return the caches the builds create."""
    made: list[LRU[object, object]] = []

    class Recorded(LRU[object, object]):
        def __init__(self, entries: int | None = None) -> None:
            super().__init__(entries)
            made.append(self)

    monkeypatch.setattr(stage_module, "CACHE_ENTRIES", SMALL)
    monkeypatch.setattr(headline_module, "REACH_BATCH", SMALL)
    monkeypatch.setattr(stage_module, "LRU", Recorded)
    monkeypatch.setattr(join_module, "LRU", Recorded)
    return made


def test_small_caches_give_the_same_view_and_stay_within_their_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_caches: list[LRU[object, object]]
) -> None:
    store = generated_store(600)
    bounded = build_view(store_select(store), tmp_path / "bounded.sqlite", "g")
    assert len(small_caches) == 3  # nodes, reach per comment, actors per recommender
    assert all(cache.peak == SMALL for cache in small_caches)  # filled, never beyond
    monkeypatch.setattr(stage_module, "CACHE_ENTRIES", 10**6)
    unbounded = build_view(store_select(store), tmp_path / "unbounded.sqlite", "g")
    assert bounded == unbounded == 600
    assert view_rows(tmp_path / "bounded.sqlite") == view_rows(tmp_path / "unbounded.sqlite")
    assert max(cache.peak for cache in small_caches[3:]) > SMALL  # the unbounded build did use more


def python_peak(recommendations: int, target: Path) -> int:
    """Return the peak of Python allocations while the view of a generated graph is built."""
    select = store_select(generated_store(recommendations))
    tracemalloc.start()
    try:
        build_view(select, target, "g")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_python_memory_does_not_grow_with_the_number_of_recommendations(
    tmp_path: Path, small_caches: list[LRU[object, object]]
) -> None:
    small = python_peak(500, tmp_path / "small.sqlite")
    large = python_peak(4000, tmp_path / "large.sqlite")  # 8x the facts; holding them would be ~8x the peak
    assert large < small * 1.5, (small, large)


def test_duplicated_triples_in_several_graphs_count_once(tmp_path: Path) -> None:
    once = build_view(store_select(generated_store(90)), tmp_path / "once.sqlite", "g")
    twice = build_view(store_select(generated_store(90, copies=2)), tmp_path / "twice.sqlite", "g")
    assert once == twice == 90
    assert view_rows(tmp_path / "once.sqlite") == view_rows(tmp_path / "twice.sqlite")


def failing_select(select: Select, after: int) -> Select:
    """Return a select that fails (as an unreachable server would) after `after` rows."""

    def broken(query: str) -> Iterable[Row]:
        for count, row in enumerate(select(query)):
            if count == after:
                raise StoreError("http://sparql.example/query: connection reset")
            yield row

    return broken


def test_a_select_failing_midway_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "views" / "g.headline.sqlite"
    with pytest.raises(StoreError, match="connection reset"):
        build_view(failing_select(store_select(generated_store(60)), 50), target, "g")
    assert list((tmp_path / "views").iterdir()) == []  # neither the view, its temporary file nor the staging


def test_an_unwritable_target_is_a_store_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "views"
    blocker.write_text("a file where the views directory should be")
    target = blocker / "g.headline.sqlite"
    with pytest.raises(StoreError, match=f"{target}: cannot write the headline view"):
        build_view(store_select(generated_store(30)), target, "g")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["views"]
