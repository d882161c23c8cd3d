"""Conversions between rdflib and pyoxigraph terms, and the canonical N-Quads form of a quad."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from gcmkg.errors import StoreError

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
RdflibTriple = tuple[Node, Node, Node]
OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def to_ox(term: Node) -> OxTerm:
    """Return the pyoxigraph term equal to an rdflib term (IRI, blank node or literal)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term {term!r} of type {type(term).__name__}")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Node:
    """Return the rdflib term equal to a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"cannot convert {term!r} to an rdflib term")


def quads_of(graph_iri: str, triples: Iterable[RdflibTriple]) -> Iterator[ox.Quad]:
    """Yield pyoxigraph quads for rdflib triples placed in the named graph graph_iri."""
    graph = ox.NamedNode(graph_iri)
    for s, p, o in triples:
        subject, predicate, obj = to_ox(s), to_ox(p), to_ox(o)
        if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
            raise StoreError(f"graph {graph_iri}: invalid triple ({s!r}, {p!r}, {o!r})")
        yield ox.Quad(subject, predicate, obj, graph)


def from_ntriples(data: bytes) -> Iterator[RdflibTriple]:
    """Yield the rdflib triples of N-Triples bytes (each distinct term converted once)."""
    memo: dict[object, Node] = {}

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        found = memo.get(node)
        if found is None:
            found = memo[node] = to_rdflib(node)
        return found

    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        yield term(triple.subject), term(triple.predicate), term(triple.object)


class NTriplesGraph:
    """A named graph's content as N-Triples bytes (a page worker's output), loaded into the store as they are.

    The store's bulk loader reads the bytes directly (no term objects in Python); iterating gives rdflib
    triples, for the consumers that need them (the external SPARQL backend, tests).
    """

    __slots__ = ("ntriples", "triples")

    def __init__(self, ntriples: bytes, triples: int):
        self.ntriples, self.triples = ntriples, triples

    def __iter__(self) -> Iterator[RdflibTriple]:
        return from_ntriples(self.ntriples)

    def __len__(self) -> int:
        return self.triples

    def nquads(self, graph_iri: str) -> bytes:
        """Return the triples as N-Quads lines in the named graph graph_iri.

        An N-Triples line ends with " .\n" and nowhere else (a newline inside a literal is escaped), so the
        graph name goes before each.
        """
        return self.ntriples.replace(b" .\n", f" {ox.NamedNode(graph_iri)} .\n".encode())


def nquad_line(quad: ox.Quad) -> str:
    """Return the canonical N-Quads line of a quad (with the final ' .')."""
    return f"{quad} ."


def bind_as_values(query: str, bindings: Mapping[str, OxTerm]) -> str:
    """Return the query with the bound terms in a VALUES block opening its outermost WHERE group.

    The terms are written by pyoxigraph's N-Triples serialiser (escaped), never formatted from raw input;
    only trusted stored-query templates are given bindings (see decisions/ on why not `substitutions`).
    """
    if not bindings:
        return query
    match = OUTER_WHERE.search(query)
    if match is None:
        raise StoreError("a query with parameters must have an explicit 'WHERE {' clause")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    return query[: match.end()] + block + query[match.end() :]
