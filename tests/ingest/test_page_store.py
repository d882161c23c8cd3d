"""The lean page store answers every triple pattern as rdflib's Memory store does, and keeps its size."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from ingest.page_store import PageStore, new_page_graph

NODES = [URIRef(f"https://example.org/n{i}") for i in range(4)]
OBJECTS = [*NODES, Literal("x"), Literal("x", lang="en"), Literal(1)]
triples = st.tuples(st.sampled_from(NODES), st.sampled_from(NODES[:3]), st.sampled_from(OBJECTS))
Step = tuple[bool, tuple[URIRef, URIRef, object]]
operations = st.lists(st.tuples(st.booleans(), triples), max_size=40)  # (add?, triple)


def _apply(graph: Graph, steps: list[Step]) -> Graph:
    for add, triple in steps:
        if add:
            graph.add(triple)  # type: ignore[arg-type]
        else:
            graph.remove(triple)  # type: ignore[arg-type]
    return graph


@settings(max_examples=200, deadline=None)
@given(operations)
def test_every_pattern_matches_what_the_memory_store_gives(
    steps: list[Step],
) -> None:
    lean, reference = _apply(new_page_graph(), steps), _apply(Graph(), steps)
    assert len(lean) == len(reference)
    for s, p, o in product([None, *NODES[:2]], [None, *NODES[:2]], [None, NODES[0], Literal("x")]):
        assert set(lean.triples((s, p, o))) == set(reference.triples((s, p, o))), (s, p, o)


def test_removing_a_pattern_drops_every_match_and_the_count() -> None:
    graph = new_page_graph()
    for i, node in enumerate(NODES):
        graph.add((node, NODES[0], Literal(i)))
        graph.add((node, NODES[1], NODES[0]))
    graph.add((NODES[0], NODES[0], Literal(0)))  # a duplicate: not counted twice
    assert len(graph) == 8
    graph.remove((None, NODES[1], None))
    assert len(graph) == 4
    assert set(graph.objects(None, NODES[1])) == set()
    assert set(graph.subjects(NODES[0], None)) == set(NODES)


def test_lookups_follow_insertion_order_and_each_graph_has_its_own_store() -> None:
    graph = new_page_graph()
    for node in reversed(NODES):
        graph.add((NODES[0], NODES[1], node))
    assert list(graph.objects(NODES[0], NODES[1])) == list(reversed(NODES))
    assert isinstance(graph.store, PageStore) and graph.store is not new_page_graph().store


def test_a_page_graph_parses_serialises_and_copies_like_any_graph() -> None:
    turtle = "<https://example.org/a> <https://example.org/p> 'v'@en, 2 ."
    graph = new_page_graph().parse(data=turtle, format="turtle")
    assert set(graph) == set(Graph().parse(data=turtle, format="turtle"))
    assert set(Graph().parse(data=graph.serialize(format="nt"), format="nt")) == set(graph)
    assert set(Graph() + graph) == set(graph)
