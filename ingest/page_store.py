"""A lean rdflib store for one page graph: three indexes, a running size, no per-triple contexts.

A page graph is built (~6.5k triples), validated by pyshacl (~30k lookups) and serialised once, in one worker.
rdflib's default Memory store keeps, for every triple, the contexts it belongs to, and pays for that on every
add and every lookup: about a fifth of a page's build and validation went to context bookkeeping that a
graph of one context never uses (decisions/0013, amendment point 15). `SimpleMemory` avoids it but counts its
triples by iterating them all (pyshacl asks a graph's length often) and cannot be validated: pyshacl wraps
its data graph in a Dataset, which requires a store that says it is context- and graph-aware.

This store says so, and holds one graph: the context an operation names is ignored, which is only right
because each store backs exactly one Graph (`new_page_graph()` makes them so). Namespace bindings are
SimpleMemory's.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
Index = dict[
    Node, dict[Node, dict[Node, None]]
]  # first -> second -> thirds (a dict: insertion order, as Memory)
_NO_CONTEXTS: tuple[Graph, ...] = ()  # what a lookup reports as a triple's contexts: the one graph is implied


class PageStore(SimpleMemory):
    """The triples of one graph, indexed by subject, predicate and object; contexts ignored."""

    context_aware = True  # pyshacl's Dataset wrapper asserts both; the store backs one graph only
    graph_aware = True

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration, identifier)
        self._spo: Index = {}
        self._pos: Index = {}
        self._osp: Index = {}
        self._size = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        """Add a triple (no event is dispatched: nothing listens to a page graph)."""
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        if o in objects:
            return
        objects[o] = None
        self._pos.setdefault(p, {}).setdefault(o, {})[s] = None
        self._osp.setdefault(o, {}).setdefault(s, {})[p] = None
        self._size += 1

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        """Remove the triples matching the pattern."""
        for (s, p, o), _contexts in list(self.triples(triple_pattern)):
            _discard(self._spo, s, p, o)
            _discard(self._pos, p, o, s)
            _discard(self._osp, o, s, p)
            self._size -= 1

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Triple, Any]]:
        """Yield the triples matching the pattern (None matches anything), each with no context."""
        s, p, o = triple_pattern
        for triple in self._matches(s, p, o):
            yield triple, _NO_CONTEXTS

    def _matches(self, s: Node | None, p: Node | None, o: Node | None) -> Iterable[Triple]:
        """Return the matching triples, read from the index that binds the most of the pattern first."""
        if s is not None:
            by_predicate = self._spo.get(s, {})
            if p is not None:
                objects = by_predicate.get(p, ())
                if o is not None:
                    return [(s, p, o)] if o in objects else []
                return [(s, p, value) for value in objects]
            if o is not None:
                return [(s, predicate, o) for predicate in self._osp.get(o, {}).get(s, ())]
            return [(s, predicate, value) for predicate, values in by_predicate.items() for value in values]
        if p is not None:
            by_object = self._pos.get(p, {})
            if o is not None:
                return [(subject, p, o) for subject in by_object.get(o, ())]
            return [(subject, p, value) for value, subjects in by_object.items() for subject in subjects]
        if o is not None:
            return [
                (subject, predicate, o)
                for subject, predicates in self._osp.get(o, {}).items()
                for predicate in predicates
            ]
        return [
            (subject, predicate, value)
            for subject, by_p in self._spo.items()
            for predicate, values in by_p.items()
            for value in values
        ]

    def __len__(self, context: Any = None) -> int:
        return self._size

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        """Yield nothing: the store's one graph is the Graph that wraps it."""
        yield from _NO_CONTEXTS

    def add_graph(self, graph: Graph) -> None:
        """Accept the graph (the store already is it)."""

    def remove_graph(self, graph: Graph) -> None:
        """Remove every triple: the store holds that one graph."""
        self.remove((None, None, None))


def _discard(index: Index, first: Node, second: Node, third: Node) -> None:
    """Remove third from index[first][second], dropping emptied levels (so lookups never see empty keys)."""
    seconds = index[first]
    thirds = seconds[second]
    del thirds[third]
    if not thirds:
        del seconds[second]
        if not seconds:
            del index[first]


def new_page_graph() -> Graph:
    """Return a new, empty graph backed by its own PageStore."""
    return Graph(store=PageStore())
