"""The synthetic graph generator is deterministic, writes valid N-Quads and has the project's shape."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.graphgen import (
    BENCH_NS,
    graph_file,
    graph_quads,
    ordering_file,
    parse_scale,
    scale_label,
    write_scale,
)
from bench.pagegen import Corpus, load_corpus
from gcmkg.namespaces import ONTOLOGY_IRI

GKG = ONTOLOGY_IRI
RECOMMENDATION = ox.NamedNode(f"{GKG}Recommendation")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def value(term: object) -> str:
    """Return the lexical value of a named node or literal."""
    assert isinstance(term, ox.NamedNode | ox.Literal), term
    return term.value


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def store(corpus: Corpus) -> ox.Store:
    store = ox.Store()
    data = "".join(graph_quads(300, seed=7, corpus=corpus)).encode("utf-8")
    store.load(io.BytesIO(data), format=ox.RdfFormat.N_QUADS)
    return store


def test_scale_labels_round_trip() -> None:
    assert [parse_scale(x) for x in ("1k", "10k", "100k", "1M", "250")] == [1000, 10_000, 100_000, 10**6, 250]
    assert [scale_label(n) for n in (1000, 10**6, 250)] == ["1k", "1M", "250"]


def test_same_seed_gives_the_same_lines(corpus: Corpus) -> None:
    first = list(graph_quads(200, seed=7, corpus=corpus))
    assert first == list(graph_quads(200, seed=7, corpus=corpus))
    assert first != list(graph_quads(200, seed=8, corpus=corpus))


def test_graph_has_the_requested_recommendations(store: ox.Store) -> None:
    recommendations = list(store.quads_for_pattern(None, RDF_TYPE, RECOMMENDATION, None))
    assert len(recommendations) == 300


def test_about_twelve_to_fifteen_triples_per_recommendation(store: ox.Store) -> None:
    assert 12 <= len(store) / 300 <= 16


def test_every_recommendation_has_the_design_properties(store: ox.Store) -> None:
    required = ["text", "recommendedBy", "concernsObjective", "objectiveLink", "charStart", "charEnd"]
    for name in required:
        found = list(store.quads_for_pattern(None, ox.NamedNode(f"{GKG}{name}"), None, None))
        assert len(found) == 300, name
    derived = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert len(list(store.quads_for_pattern(None, derived, None, None))) == 300


def test_objective_links_are_qualified(store: ox.Store) -> None:
    methods = Counter(
        value(q.object) for q in store.quads_for_pattern(None, ox.NamedNode(f"{GKG}method"), None, None)
    )
    assert set(methods) == {"explicit", "inferred"}
    confidences = store.quads_for_pattern(None, ox.NamedNode(f"{GKG}confidence"), None, None)
    assert all(0 <= float(value(q.object)) <= 1 for q in confidences)


def test_recommendations_live_in_page_graphs_and_objectives_in_the_vocabulary(store: ox.Store) -> None:
    graphs = {value(q.graph_name) for q in store.quads_for_pattern(None, RDF_TYPE, RECOMMENDATION, None)}
    assert len(graphs) == 2  # 150 recommendations per page
    vocab = ox.NamedNode("https://w3id.org/gcmkg/id/graph/vocabularies")
    concept = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
    assert len(list(store.quads_for_pattern(None, RDF_TYPE, concept, vocab))) == 23


def test_write_scale_writes_graph_and_contiguous_orderings(tmp_path: Path, corpus: Corpus) -> None:
    quads, ordering = write_scale(tmp_path, 400, seed=7, corpus=corpus)
    assert graph_file(tmp_path, 400).read_text(encoding="utf-8").count("\n") == quads
    store = ox.Store()
    store.load(path=str(ordering_file(tmp_path, 400)), format=ox.RdfFormat.N_QUADS)
    assert ordering == len(store) == 800
    rank = ox.NamedNode(f"{BENCH_NS}rank")
    ranks = sorted(int(value(q.object)) for q in store.quads_for_pattern(None, rank, None, None))
    assert ranks[0] == 0 and ranks.count(0) <= 23
