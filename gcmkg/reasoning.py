"""OWL 2 DL reasoning with HermiT through owlready2 — the only module that imports owlready2.

Each call uses its own owlready2 `World` (nothing global is touched). The graphs are handed to
owlready2 as N-Triples written by rdflib; HermiT runs in the Java runtime (`java` on PATH).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import BNode, Graph

from gcmkg.resources import ontology_file, vocabulary_files
from gcmkg.vocabularies import load_files

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReasoningResult:
    """The outcome of an OWL consistency check."""

    consistent: bool
    explanation: str  # empty when consistent
    inferred: Graph  # triples the reasoner added (class memberships, subclass links ...)


def ontology_and_vocabularies() -> Graph:
    """Return the ontology and the committed vocabularies in one graph."""
    graph = load_files(vocabulary_files())
    graph.parse(ontology_file(), format="turtle")
    return graph


def _world_triples(world: owlready2.World) -> set[tuple[object, object, object]]:
    """Return the world's triples as rdflib terms (blank nodes excluded: they are owlready2-internal)."""
    graph = world.as_rdflib_graph()
    return {(s, p, o) for s, p, o in graph if not any(isinstance(t, BNode) for t in (s, p, o))}


def _load(world: owlready2.World, graph: Graph, directory: Path) -> None:
    """Load `graph` into `world` through an N-Triples file."""
    path = directory / "input.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world.get_ontology(path.as_uri()).load()


def check_consistency(data: Graph | None = None) -> ReasoningResult:
    """Return whether the ontology + vocabularies (+ `data`) are consistent, with HermiT's inferences."""
    graph = ontology_and_vocabularies()
    if data is not None:
        graph += data
    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="gcmkg-owl-") as tmp:
            _load(world, graph, Path(tmp))
            before = _world_triples(world)
            try:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError as error:
                return ReasoningResult(False, _explain(world, error), Graph())
            inferred = Graph()
            for triple in _world_triples(world) - before:
                inferred.add(triple)  # type: ignore[arg-type]
            return ReasoningResult(True, "", inferred)
    finally:
        world.close()


def _explain(world: owlready2.World, error: Exception) -> str:
    """Return a short explanation of an inconsistency: the unsatisfiable classes and individuals, if any."""
    parts = [f"HermiT: the ontology is inconsistent ({type(error).__name__})."]
    nothing = {str(c.iri) for c in world.inconsistent_classes() if hasattr(c, "iri")}
    if nothing:
        parts.append("Unsatisfiable classes: " + ", ".join(sorted(nothing)))
    return " ".join(parts)
