"""Which predicates the page shapes can read: a page is validated with only the context triples they read.

A SHACL validation reads data only through what the shapes name: property paths, sh:equals/sh:lessThan...,
sh:targetSubjectsOf/ObjectsOf, class-based targets and sh:class (rdf:type and rdfs:subClassOf), and the
triple patterns of SPARQL targets and constraints. So when no shape is sh:closed (which reads every predicate
of a focus node) and no SPARQL pattern has a free variable or a negated path in predicate position, a
context triple whose predicate the shapes never name cannot change any result, and leaving it out only saves
work (a page added and then removed ~2,700 vocabulary triples, a third of its validation). Otherwise the
answer is None, "anything": the whole reachable context is kept. Tests compare both ways on every example.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import NegatedPath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

TRIPLE_NODES = frozenset({"BGP", "TriplesBlock"})  # translated and (inside EXISTS) untranslated patterns


def read_predicates(shapes: Graph) -> frozenset[URIRef] | None:
    """Return every predicate a validation with these shapes can read, or None when it cannot be bounded."""
    if any(value == Literal(True) for value in shapes.objects(None, SH.closed)):
        return None
    found: set[URIRef] = {RDF.type, RDFS.subClassOf}
    found |= {node for node in shapes.objects() if isinstance(node, URIRef)}  # paths, targets, pairs...
    header = _prefix_header(shapes)
    for predicate in (SH.select, SH.ask):
        for text in shapes.objects(None, predicate):
            in_query = _query_predicates(header + str(text))
            if in_query is None:
                return None
            found |= in_query
    return frozenset(found)


def _prefix_header(shapes: Graph) -> str:
    """Return PREFIX lines for every sh:declare of the shapes (pyshacl adds a query's own the same way)."""
    pairs = {
        (str(shapes.value(node, SH.prefix)), str(shapes.value(node, SH.namespace)))
        for node in shapes.objects(None, SH.declare)
    }
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(pairs))


def _query_predicates(text: str) -> set[URIRef] | None:
    """Return the IRIs a SPARQL text names (a superset of its predicates), or None if a predicate is open."""
    algebra = translateQuery(parseQuery(text)).algebra
    bound = {node.var for node in _nodes(algebra) if node.name == "Extend" and isinstance(node.expr, URIRef)}
    for node in _nodes(algebra):
        if node.name in TRIPLE_NODES and any(_open(triple[1], bound) for triple in _triples(node.triples)):
            return None
    return set(_iris(algebra))


def _open(predicate: Any, bound: set[Variable]) -> bool:
    """Return whether a predicate position can match predicates the text does not name."""
    if isinstance(predicate, Variable):
        return predicate not in bound  # BIND(<iri> AS ?p) makes ?p one named predicate
    return _negated(predicate)


def _negated(path: Any) -> bool:
    """Return whether a property path holds a negated property set (matching predicates it does not name)."""
    if isinstance(path, NegatedPath) or (isinstance(path, CompValue) and "Negated" in path.name):
        return True
    if isinstance(path, (CompValue, dict)):
        return any(_negated(value) for value in path.values())
    if isinstance(path, (list, tuple)):
        return any(_negated(value) for value in path)
    parts = [getattr(path, name) for name in ("args", "path", "arg") if hasattr(path, name)]
    return any(_negated(part) for part in parts)


def _triples(items: Any) -> Iterator[Any]:
    """Yield the (s, p, o) triples of a pattern's triple list (nested, or flat as the parser leaves it)."""
    for item in items:
        if len(item) == 3:
            yield item
        else:
            yield from (item[i : i + 3] for i in range(0, len(item), 3))


def _nodes(node: Any) -> Iterator[CompValue]:
    """Yield every algebra node under node (expressions, EXISTS patterns and paths included)."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from _nodes(value)


def _iris(node: Any) -> Iterator[URIRef]:
    """Yield every IRI under node, inside paths and expressions too."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, (CompValue, dict)):
        for value in node.values():
            yield from _iris(value)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from _iris(value)
    else:  # rdflib paths: sequence and alternative (args), *, + and ? (path), inverse (arg)
        for name in ("args", "path", "arg"):
            if hasattr(node, name):
                yield from _iris(getattr(node, name))
