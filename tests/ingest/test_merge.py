"""Merging a page's thread and extraction graphs leaves one label per actor, chosen by a stated rule."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from gcmkg.namespaces import GKG
from ingest.merge import merge_into, merge_page_graphs

ACCOUNT = URIRef("https://w3id.org/gcmkg/id/actor/spanish-commis-1234abcd")
PERSON = URIRef("https://w3id.org/gcmkg/id/actor/kristin-eitel-iom-1234abcd")


def actor_graph(node: URIRef, *labels: str) -> Graph:
    graph = Graph()
    graph.add((node, RDF.type, GKG.Actor))
    for label in labels:
        graph.add((node, RDFS.label, Literal(label)))
    return graph


def test_complete_name_wins_over_truncated_display_name() -> None:
    threads = actor_graph(ACCOUNT, "Spanish Commis…")
    threads.add((ACCOUNT, GKG.displayName, Literal("Spanish Commis…")))
    extraction = actor_graph(ACCOUNT, "Spanish Commis…", "Spanish Commission for Refugees")
    merged = merge_page_graphs(threads, extraction)
    assert list(merged.objects(ACCOUNT, RDFS.label)) == [Literal("Spanish Commission for Refugees")]
    assert (ACCOUNT, GKG.displayName, Literal("Spanish Commis…")) in merged


def test_extracted_name_wins_over_display_name() -> None:
    threads = actor_graph(PERSON, "Kristin Eitel, IOM")
    merged = merge_page_graphs(threads, actor_graph(PERSON, "Kristin Eitel"))
    assert list(merged.objects(PERSON, RDFS.label)) == [Literal("Kristin Eitel")]


def test_truncated_name_stays_when_nothing_resolves_it() -> None:
    merged = merge_page_graphs(actor_graph(ACCOUNT, "Pablo Sebastia…"), Graph())
    assert list(merged.objects(ACCOUNT, RDFS.label)) == [Literal("Pablo Sebastia…")]


def test_merge_keeps_every_other_triple() -> None:
    threads, extraction = actor_graph(ACCOUNT, "A"), actor_graph(PERSON, "B")
    extraction.add((PERSON, GKG.nameTruncated, Literal(False)))
    merged = merge_page_graphs(threads, extraction)
    assert len(merged) == len(threads) + len(extraction)


def test_merge_into_gives_the_same_graph_as_merge_page_graphs() -> None:
    from ingest.rdf_extraction import extraction_to_graph
    from ingest.rdf_threads import threads_to_graph
    from tests.ingest.extract_support import seed_extraction
    from tests.ingest.parse_support import seed_page

    cases = [
        (actor_graph(ACCOUNT, "Spanish Commis…"), actor_graph(ACCOUNT, "Spanish Commis…", "Spanish C.")),
        (actor_graph(PERSON, "Kristin Eitel, IOM"), actor_graph(PERSON, "Kristin Eitel")),
        (actor_graph(ACCOUNT, "Pablo Sebastia…"), Graph()),
        (threads_to_graph(seed_page()), extraction_to_graph(seed_page(), seed_extraction())),
    ]
    for threads, extraction in cases:
        expected = set(merge_page_graphs(threads, extraction))
        assert set(merge_into(threads, extraction)) == expected


def test_the_pipelines_page_graph_writes_threads_once_with_the_same_result() -> None:
    from gcmkg.pipeline import page_graph
    from ingest.rdf_extraction import extraction_to_graph
    from ingest.rdf_threads import threads_to_graph
    from tests.ingest.extract_support import seed_extraction
    from tests.ingest.parse_support import seed_page

    page, extraction = seed_page(), seed_extraction()
    expected = set(merge_page_graphs(threads_to_graph(page), extraction_to_graph(page, extraction)))
    assert set(page_graph(page, extraction)) == expected
