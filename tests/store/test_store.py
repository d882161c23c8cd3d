"""The embedded store: generations, atomic switch, union default graph, bindings, limits, hashing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from gcmkg.config import Settings
from gcmkg.errors import QueryTimeout, ResultTooLarge, StoreError
from gcmkg.store import (
    GraphContent,
    canonical_hash,
    load_graphs,
    load_in_batches,
    open_store,
    replace_graph,
    run_query,
    write_generation,
)
from gcmkg.store.local import current_generation, generations_dir
from gcmkg.store.terms import NTriplesGraph, RdflibTriple, quads_of, to_ntriples
from tests.store.helpers import BASE, GKG, fixture_graphs

COUNT_RECS = f"SELECT (COUNT(?r) AS ?n) WHERE {{ ?r a <{GKG}Recommendation> }}"


def count(settings: Settings, query: str = COUNT_RECS) -> int:
    outcome = run_query(open_store(settings), query)
    return int(outcome.rows[0][0].value)  # type: ignore[union-attr]


def test_union_default_graph_sees_every_named_graph(settings: Settings) -> None:
    assert count(settings) == 5
    outcome = run_query(open_store(settings), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs = {row[0].value for row in outcome.rows}  # type: ignore[union-attr]
    assert graphs == {f"{BASE}graph/p1", f"{BASE}graph/p2", f"{BASE}graph/vocabularies"}


def test_missing_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store has been built"):
        run_query(open_store(Settings(var_dir=tmp_path)), "ASK {}")


def test_bindings_reach_the_query_as_terms(settings: Settings) -> None:
    hostile = 'x" } ; DROP ALL ; SELECT * { "'
    outcome = run_query(open_store(settings), "SELECT ?q WHERE { }", {"q": ox.Literal(hostile)})
    assert [row[0].value for row in outcome.rows] == [hostile]  # type: ignore[union-attr]


def test_rebuild_gives_the_same_hash_and_switches_generation(settings: Settings) -> None:
    store = open_store(settings)
    first_hash, first_generation = canonical_hash(store), store.generation()
    write_generation(fixture_graphs(), settings)
    assert store.generation() != first_generation
    assert canonical_hash(store) == first_hash
    assert len(list(generations_dir(settings.store_dir).iterdir())) <= 4


def test_reader_picks_up_a_new_generation(settings: Settings) -> None:
    store = open_store(settings)
    assert count(settings) == 5
    graphs = fixture_graphs()
    del graphs[URIRef(f"{BASE}graph/p2")]
    write_generation(graphs, settings)
    outcome = run_query(store, COUNT_RECS)
    assert int(outcome.rows[0][0].value) == 4  # type: ignore[union-attr]


def test_concurrent_readers_never_see_a_half_written_generation(settings: Settings) -> None:
    store = open_store(settings)
    seen: set[int] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.add(int(run_query(store, COUNT_RECS).rows[0][0].value))  # type: ignore[union-attr]

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(3):
        write_generation(fixture_graphs(), settings)
    stop.set()
    reader.join(timeout=30)
    assert seen == {5}


def test_replace_graph_changes_only_that_graph(settings: Settings) -> None:
    iri = URIRef(f"{BASE}graph/p2")
    replace_graph(iri, [(URIRef(f"{BASE}x"), URIRef(f"{GKG}text"), Literal("only", lang="en"))], settings)
    assert count(settings) == 4
    outcome = run_query(open_store(settings), f"SELECT ?s WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert [row[0].value for row in outcome.rows] == [f"{BASE}x"]  # type: ignore[union-attr]
    assert current_generation(settings.store_dir) is not None


def test_result_limit_is_an_error_not_a_truncation(settings: Settings) -> None:
    with pytest.raises(ResultTooLarge):
        run_query(open_store(settings), "SELECT * WHERE { ?s ?p ?o }", max_results=10)


def test_time_limit_raises_query_timeout(settings: Settings) -> None:
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout):
        run_query(open_store(settings), slow, timeout=0.2, max_results=10**9)


def test_hash_is_order_independent(settings: Settings) -> None:
    quads = list(open_store(settings).quads())
    assert (
        canonical_hash(quads) == canonical_hash(list(reversed(quads))) == canonical_hash(open_store(settings))
    )


def test_full_pool_answers_busy_then_recovers(settings: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from gcmkg.errors import StoreBusy
    from gcmkg.store.runner import WORKERS

    store = open_store(settings)
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    def hog() -> None:
        with pytest.raises(QueryTimeout):
            run_query(store, slow, timeout=2.5, max_results=10**9)

    with ThreadPoolExecutor(WORKERS) as hogs:
        futures = [hogs.submit(hog) for _ in range(WORKERS)]
        time.sleep(0.5)
        with pytest.raises(StoreBusy):
            run_query(store, "ASK { ?s ?p ?o }")
        for future in futures:
            future.result(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            assert run_query(store, "ASK { ?s ?p ?o }").boolean is True
            return
        except StoreBusy:
            time.sleep(0.2)
    raise AssertionError("the pool did not recover")


@pytest.mark.parametrize("batch", [1, 7, 1_000_000])
def test_batched_load_equals_one_load(settings: Settings, tmp_path: Path, batch: int) -> None:
    quads = list(open_store(settings).quads())
    one, batched = ox.Store(str(tmp_path / "one")), ox.Store(str(tmp_path / "batched"))
    one.bulk_extend(quads)
    assert load_in_batches(batched, iter(quads), batch) == len(quads)
    assert canonical_hash(batched.quads_for_pattern(None, None, None)) == canonical_hash(
        one.quads_for_pattern(None, None, None)
    )
    assert len(batched) == len(one) == len(quads)


# Literals that the N-Triples → N-Quads rewrite and the store's canonical forms must survive.
AWKWARD: list[RdflibTriple] = [
    (URIRef(f"{BASE}s"), URIRef(f"{GKG}text"), Literal("ends with a dot .\nand a line break .", lang="en")),
    (URIRef(f"{BASE}s"), URIRef(f"{GKG}confidence"), Literal("1.00", datatype=XSD.decimal)),  # stored as "1"
    (URIRef(f"{BASE}s"), URIRef(f"{GKG}text"), Literal('quote " and backslash \\ and é')),
    (URIRef(f"{BASE}s"), URIRef(f"{GKG}evidence"), Literal(" .")),
]


def awkward_graphs() -> dict[URIRef, list[RdflibTriple]]:
    """Return the fixture's named graphs as triple lists, with a graph of awkward literals."""
    graphs = {iri: list(graph) for iri, graph in fixture_graphs().items()}
    return {**graphs, URIRef(f"{BASE}graph/awkward"): AWKWARD}


@pytest.mark.parametrize("batch", [1, 3, 1_000_000])
def test_graphs_loaded_as_canonical_bytes_equal_term_by_term_loading(tmp_path: Path, batch: int) -> None:
    graphs = awkward_graphs()
    as_bytes: dict[URIRef, GraphContent] = {
        iri: triples if "vocabularies" in iri else NTriplesGraph.canonical(to_ntriples(triples))
        for iri, triples in graphs.items()
    }
    reference, loaded = ox.Store(str(tmp_path / "reference")), ox.Store(str(tmp_path / "bytes"))
    for iri, triples in graphs.items():  # the former path: term objects, bulk_extend
        load_in_batches(reference, quads_of(str(iri), triples))
    _total, count = load_graphs(loaded, as_bytes, batch)
    assert sorted(map(str, loaded)) == sorted(map(str, reference))
    assert count == len(loaded) == sum(len(triples) for triples in graphs.values())


def test_the_hash_of_the_loaded_lines_is_the_stores_canonical_hash(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "s"))
    total, count = load_graphs(store, dict(awkward_graphs()))
    store.flush()
    assert f"{total:064x}" == canonical_hash(store.quads_for_pattern(None, None, None))  # read back
    assert count == len(store)


def test_canonical_bytes_hold_each_triple_once_as_the_store_does() -> None:
    subject, decimal = URIRef(f"{BASE}s"), URIRef(f"{GKG}confidence")
    same_value = [(subject, decimal, Literal(text, datatype=XSD.decimal)) for text in ("1.0", "1.00")]
    content = NTriplesGraph.canonical(to_ntriples(same_value))
    assert len(content) == 1 and b'"1"^^' in content.ntriples


def test_an_invalid_triple_is_refused_naming_its_graph() -> None:
    with pytest.raises(StoreError, match="graph urn:g: invalid triple"):
        to_ntriples([(Literal("a literal subject"), URIRef(f"{GKG}text"), Literal("x"))], "urn:g")


def test_ntriples_graph_iterates_as_rdflib_triples() -> None:
    content = NTriplesGraph.canonical(to_ntriples(AWKWARD))
    assert len(content) == 4
    as_read = set(content)
    assert URIRef(f"{BASE}s") in {s for s, _p, _o in as_read}
    assert Literal("ends with a dot .\nand a line break .", lang="en") in {o for _s, _p, o in as_read}
    assert content.nquads(f"{BASE}g").count(f"<{BASE}g> .\n".encode()) == 4
