"""The query interface every store backend offers, and the materialised result of a query."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

import pyoxigraph as ox

from gcmkg.store.terms import OxTerm

QueryKind = Literal["select", "ask", "graph"]
Row = tuple[OxTerm | None, ...]


@dataclass(frozen=True)
class QueryOutcome:
    """A fully read query result: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: QueryKind
    variables: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool = False
    triples: tuple[ox.Triple, ...] = field(default=())

    def records(self) -> list[dict[str, OxTerm]]:
        """Return the SELECT rows as dicts from variable name to bound term (unbound left out)."""
        return [
            {name: term for name, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]


class GraphStore(Protocol):
    """A read-only view of the dataset: run queries, list quads, identify the generation."""

    def execute(
        self, query: str, bindings: Mapping[str, OxTerm], deadline: float, max_results: int
    ) -> QueryOutcome:
        """Return the result of a SPARQL query, binding variables; raise QueryTimeout/ResultTooLarge."""
        ...

    def quads(self) -> Iterator[ox.Quad]:
        """Yield every quad of every named graph."""
        ...

    def generation(self) -> str:
        """Return an identifier of the data currently served (changes when the data changes)."""
        ...
