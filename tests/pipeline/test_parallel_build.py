"""Pages built by worker processes: the same store as page after page; a failure stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from gcmkg.config import Settings
from gcmkg.errors import IngestError, ParseError, ShapeViolation
from gcmkg.namespaces import DEFAULT_BASE
from gcmkg.page_pool import (
    PageFailure,
    PooledPageGraphs,
    PoolOptions,
    failure_of,
    new_pool,
)
from gcmkg.pipeline import build, build_workers, sources_by_graph
from gcmkg.resources import seed_pages
from gcmkg.store import LocalStore, canonical_hash
from gcmkg.store.local import generations_dir
from gcmkg.store.terms import from_ntriples, quads_of, to_ntriples


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seed page under three file names (three sources, three named graphs)."""
    folder = tmp_path_factory.mktemp("pages")
    text = seed_pages()[0].read_bytes()
    paths = [folder / f"page_{n}.txt" for n in (2, 0, 1)]
    for path in paths:
        path.write_bytes(text)
    return paths


def test_parallel_build_equals_the_sequential_build(tmp_path: Path, three_pages: list[Path]) -> None:
    one, two = Settings(var_dir=tmp_path / "one"), Settings(var_dir=tmp_path / "two")
    sequential = build(three_pages, one, workers=1)
    parallel = build(three_pages, two, workers=2)
    read_back = canonical_hash(LocalStore(two.store_dir))  # every quad read from the store on disk
    assert read_back == canonical_hash(LocalStore(one.store_dir))
    for settings in (one, two):  # the hash summed over the loaded lines is the store's own
        store = LocalStore(settings.store_dir)
        assert store.meta()["canonical_hash"] == read_back
        assert store.meta()["quads"] == len(list(store.quads()))
    assert (parallel.pages, parallel.comments, parallel.triples) == (3, 3 * 49, sequential.triples)
    assert parallel.statements_by_kind == sequential.statements_by_kind
    assert (parallel.actors, parallel.links_by_method) == (sequential.actors, sequential.links_by_method)


def test_failing_page_in_a_worker_stops_the_build(tmp_path: Path, three_pages: list[Path]) -> None:
    settings = Settings(var_dir=tmp_path / "var")
    build(three_pages[:2], settings, workers=2)
    before = canonical_hash(LocalStore(settings.store_dir))
    broken = tmp_path / "broken-page.txt"
    broken.write_text("<!DOCTYPE html><html><body>Discussion Spaces</body></html>", encoding="utf-8")
    with pytest.raises(ParseError, match=r"broken-page\.txt"):
        build([*three_pages, broken], settings, workers=2)
    with pytest.raises(IngestError, match=r"missing-page\.txt: cannot read"):
        build([*three_pages, tmp_path / "missing-page.txt"], settings, workers=2)
    assert canonical_hash(LocalStore(settings.store_dir)) == before
    generations = [path for path in generations_dir(settings.store_dir).iterdir() if path.is_dir()]
    assert len(generations) == 1  # no half-written generation left behind


def test_page_errors_cross_the_process_boundary_whole() -> None:
    for error in (
        ParseError("p.txt", 3, "no thread found"),
        ShapeViolation("p.txt", "Conforms: False"),
        IngestError("p.txt: cannot read the source page"),
    ):
        again = failure_of(error).error()
        assert (type(again), str(again)) == (type(error), str(error))
    assert PageFailure("parse", ("p.txt", 0, "empty")).error().args == ("p.txt: empty",)


def test_ntriples_transport_gives_the_store_the_same_quads() -> None:
    s = URIRef("https://w3id.org/gcmkg/id/statement/s1")
    graph = Graph()
    graph.add((s, URIRef("https://example.org/text"), Literal('say "no"\nthen é', lang="fr")))
    graph.add((s, URIRef("https://example.org/n"), Literal("0.50", datatype=XSD.decimal)))
    graph.add((s, URIRef("https://example.org/plain"), Literal("x")))
    graph.add((s, URIRef("https://example.org/typed"), Literal("x", datatype=XSD.string)))
    graph.add((s, URIRef("https://example.org/to"), URIRef("https://example.org/a%20b?c=d#é")))
    direct = set(quads_of("https://example.org/g", graph))
    shipped = set(quads_of("https://example.org/g", from_ntriples(to_ntriples(list(graph)))))
    assert shipped == direct and len(direct) == 5


def test_worker_count_follows_pages_settings_and_request(tmp_path: Path, three_pages: list[Path]) -> None:
    settings = Settings(var_dir=tmp_path / "var", build_workers=1)
    assert build(three_pages[:2], settings).pages == 2  # in-process: GCMKG_BUILD_WORKERS=1
    assert Settings.model_fields["build_workers"].default == 2
    assert build_workers(1) == 1
    assert build_workers(100, requested=1) == 1
    assert 1 <= build_workers(100) <= 2
    with pytest.raises(IngestError, match="no source pages"):
        build([], Settings(), workers=2)


def test_pool_is_released_after_the_last_page_and_a_repeat_still_works(three_pages: list[Path]) -> None:
    received: list[int] = []
    by_graph = sources_by_graph(three_pages[:2], DEFAULT_BASE)
    with new_pool(2) as pool:
        options = PoolOptions(pool, 4, DEFAULT_BASE, lambda counts: received.append(counts.comments))
        graphs = PooledPageGraphs(by_graph, lambda: iter([]), options)
        pages = [iri for iri in sorted(graphs) if iri in by_graph]
        first = [set(graphs[iri]) for iri in pages]
        again = set(graphs[pages[0]])  # after the pool was shut down: built in this process
    assert received == [49, 49, 49] and again == first[0] and len(again) > 1000
