"""Merge a page's thread graph and extraction graph into one page graph with one label per actor.

The thread graph labels each author by the name as shown ("Spanish Commis…", "Kristin Eitel, IOM"); the
extractor labels the same node by what the page says it is ("Spanish Commission for Refugees",
"Kristin Eitel"), possibly differently in different comments. Queries group by label, so each actor keeps
exactly one rdfs:label: a complete name before a truncated one, the extractor's before the display name; the
names as shown stay available as gkg:displayName.
"""

from __future__ import annotations

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
    """Return `extraction` changed into `merge_page_graphs(threads, extraction)` (no copy of its triples).

    For a caller that owns `extraction` (the pipeline builds it for this page only): the labels are chosen
    from the two graphs as they were, then `threads` is added and each actor keeps its one chosen label.
    """
    actors = set(threads.subjects(RDF.type, GKG.Actor)) | set(extraction.subjects(RDF.type, GKG.Actor))
    chosen: dict[Node, Literal] = {}
    for node in actors:
        candidates = _candidates(node, threads, extraction)
        if len({label for label, _ in candidates}) >= 2:
            chosen[node] = min(candidates, key=lambda candidate: _preference(*candidate))[0]
    extraction.addN((s, p, o, extraction) for s, p, o in threads)
    for node, label in chosen.items():
        extraction.remove((node, RDFS.label, None))
        extraction.add((node, RDFS.label, label))
    return extraction
