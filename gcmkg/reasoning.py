"""OWL 2 DL reasoning with HermiT through owlready2 — the only module that imports owlready2.

Each call uses its own owlready2 `World` (nothing global is touched). The graphs are handed to
owlready2 as N-Triples written by rdflib; HermiT runs in the Java runtime (`java` on PATH).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import owlready2
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from gcmkg.errors import GcmkgError
from gcmkg.resources import ontology_file, vocabulary_files
from gcmkg.vocabularies import load_files


class ReasonerUnavailable(GcmkgError):
    """HermiT could not be run (no Java runtime, or it failed for another reason than inconsistency)."""


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
                return ReasoningResult(False, _explain(world, error, graph), Graph())
            except (OSError, subprocess.CalledProcessError) as error:
                raise ReasonerUnavailable(
                    f"HermiT could not run (is a Java runtime on PATH?): {error}"
                ) from error
            inferred = Graph()
            for triple in _world_triples(world) - before:
                inferred.add(triple)  # type: ignore[arg-type]
            return ReasoningResult(True, "", inferred)
    finally:
        world.close()


def _explain(world: owlready2.World, error: Exception, graph: Graph) -> str:
    """Return a short explanation of an inconsistency: disjoint typings and unsatisfiable classes."""
    parts = [f"HermiT: the ontology is inconsistent ({type(error).__name__})."]
    parts += disjoint_clashes(graph)
    nothing = {str(c.iri) for c in world.inconsistent_classes() if hasattr(c, "iri")}
    if nothing:
        parts.append("Unsatisfiable classes: " + ", ".join(sorted(nothing)))
    return " ".join(parts)


def _disjoint_pairs(graph: Graph) -> set[frozenset[URIRef]]:
    """Return the pairs of named classes declared disjoint (owl:disjointWith and owl:AllDisjointClasses)."""
    pairs = {
        frozenset((a, b))
        for a, b in graph.subject_objects(OWL.disjointWith)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    }
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        head = graph.value(axiom, OWL.members)
        if head is None:
            continue
        members = [m for m in Collection(graph, head) if isinstance(m, URIRef)]
        pairs |= {frozenset(pair) for pair in combinations(members, 2)}
    return pairs


def disjoint_clashes(graph: Graph) -> list[str]:
    """Return a sentence for each node whose types (with superclasses) include two disjoint classes."""
    pairs = _disjoint_pairs(graph)
    found = []
    for node in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        closure = {
            c
            for asserted in graph.objects(node, RDF.type)
            for c in graph.transitive_objects(asserted, RDFS.subClassOf)
            if isinstance(c, URIRef)
        }
        for pair in sorted((p for p in pairs if p <= closure), key=sorted):
            first, second = sorted(pair)
            found.append(f"<{node}> is a <{first}> and a <{second}>, which are disjoint.")
    return found
