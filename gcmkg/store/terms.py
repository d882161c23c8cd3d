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


def to_ntriples(triples: Iterable[RdflibTriple], graph_iri: str = "") -> bytes:
    """Return rdflib triples as N-Triples bytes, terms converted as the store converts them (`to_ox`).

    Each distinct term is converted once (a page repeats its predicates, classes and nodes many times).
    A triple that RDF does not allow raises StoreError naming the graph.
    """
    memo: dict[Node, OxTerm] = {}

    def term(node: Node) -> OxTerm:
        found = memo.get(node)
        if found is None:
            found = memo[node] = to_ox(node)
        return found

    def converted() -> Iterator[ox.Triple]:
        for s, p, o in triples:
            subject, predicate, obj = term(s), term(p), term(o)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                raise StoreError(f"graph {graph_iri}: invalid triple ({s!r}, {p!r}, {o!r})")
            yield ox.Triple(subject, predicate, obj)

    return ox.serialize(converted(), format=ox.RdfFormat.N_TRIPLES) or b""


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
    """A named graph's triples as canonical N-Triples bytes, loaded into the store and hashed as they are.

    Canonical: each line is a distinct triple as the store holds it (`canonical`), so the lines are exactly
    the store's canonical lines of this graph. A page worker makes them; the parent only rewrites them to
    N-Quads and bulk-loads them (no term objects in Python). Iterating gives rdflib triples, for the
    consumers that need them (the external SPARQL backend, tests).
    """

    __slots__ = ("ntriples",)

    def __init__(self, ntriples: bytes):
        self.ntriples = ntriples

    @classmethod
    def canonical(cls, ntriples: bytes) -> NTriplesGraph:
        """Return N-Triples bytes as the store will hold them: distinct triples, literals in canonical form.

        The store canonicalises typed literals (`"1.00"^^xsd:decimal` is stored as `"1"`); an in-memory
        pyoxigraph store applies the same encoding, so its dump is what the on-disk store will dump.
        """
        memory = ox.Store()
        memory.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
        return cls(memory.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b"")

    def __iter__(self) -> Iterator[RdflibTriple]:
        return from_ntriples(self.ntriples)

    def __len__(self) -> int:
        return self.ntriples.count(b"\n")

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
