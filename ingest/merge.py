"""Merge a page's thread graph and extraction graph into one page graph with one label per actor.

The thread graph labels each author by the name as shown ("Spanish Commis…", "Kristin Eitel, IOM"); the
extractor labels the same node by what the page says it is ("Spanish Commission for Refugees",
"Kristin Eitel"), possibly differently in different comments. Queries group by label, so each actor keeps
exactly one rdfs:label: a complete name before a truncated one, the extractor's before the display name; the
names as shown stay available as gkg:displayName.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from gcmkg.namespaces import GKG

TRUNCATION_MARK = "…"


def _preference(label: Literal, from_extraction: bool) -> tuple[bool, bool, str]:
    """Return the sort key of a label candidate: smaller is preferred."""
    text = str(label)
    return (text.rstrip().endswith(TRUNCATION_MARK), not from_extraction, text)


def _candidates(node: Node, threads: Graph, extraction: Graph) -> list[tuple[Literal, bool]]:
    found = [(label, True) for label in extraction.objects(node, RDFS.label)]
    found += [(label, False) for label in threads.objects(node, RDFS.label)]
    return [(label, origin) for label, origin in found if isinstance(label, Literal)]


def merge_page_graphs(threads: Graph, extraction: Graph) -> Graph:
    """Return the union of the two graphs in which every gkg:Actor has exactly one rdfs:label."""
    merged = Graph()
    for triple in threads:
        merged.add(triple)
    for triple in extraction:
        merged.add(triple)
    for node in set(merged.subjects(RDF.type, GKG.Actor)):
        candidates = _candidates(node, threads, extraction)
        if len({label for label, _ in candidates}) < 2:
            continue
        best = min(candidates, key=lambda candidate: _preference(*candidate))[0]
        merged.remove((node, RDFS.label, None))
        merged.add((node, RDFS.label, best))
    return merged


def merge_into(threads: Graph, extraction: Graph) -> Graph:
    """Return `extraction` changed into `merge_page_graphs(threads, extraction)` (no copy of its triples)."""
    return merge_threads_into(extraction, lambda graph: graph.addN((s, p, o, graph) for s, p, o in threads))


def merge_threads_into(extraction: Graph, add_threads: Callable[[Graph], object]) -> Graph:
    """Return `extraction` with the thread triples that `add_threads` writes into it, one label per actor.

    For a caller that owns `extraction` (the pipeline builds it for this page only): the thread triples are
    written once, straight into it. A label is the extractor's when the extraction graph had it before the
    threads were added; the preferred label is then chosen as `merge_page_graphs` chooses it.
    """
    extracted: dict[Node, set[Node]] = {}
    for node, label in extraction.subject_objects(RDFS.label):
        extracted.setdefault(node, set()).add(label)
    add_threads(extraction)
    for node in set(extraction.subjects(RDF.type, GKG.Actor)):
        labels = {label for label in extraction.objects(node, RDFS.label) if isinstance(label, Literal)}
        if len(labels) < 2:
            continue
        own = extracted.get(node, set())
        best = min(labels, key=lambda label: _preference(label, label in own))
        extraction.remove((node, RDFS.label, None))
        extraction.add((node, RDFS.label, best))
    return extraction
