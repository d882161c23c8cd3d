"""The RDF description of resources: their own triples plus their qualified objective-link nodes."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from gcmkg.config import Settings
from gcmkg.store import GraphStore, run_query

DESCRIBE = """CONSTRUCT { ?x ?p ?o } WHERE {
  { ?s ?p ?o BIND(?s AS ?x) } UNION { ?s <https://w3id.org/gcmkg/ontology#objectiveLink> ?x . ?x ?p ?o }
}"""


def describe(store: GraphStore, settings: Settings, iris: Iterable[str]) -> list[ox.Triple]:
    """Return the triples describing each IRI (subject triples and its objective-link nodes), deduplicated."""
    triples: set[ox.Triple] = set()
    for iri in dict.fromkeys(iris):
        outcome = run_query(
            store, DESCRIBE, {"s": ox.NamedNode(iri)}, settings.stored_query_timeout_s, settings.max_results
        )
        triples.update(outcome.triples)
    return sorted(triples, key=str)
