"""A store writer run as a separate process by the kill tests: `python -m tests.faults.writer VAR N PAUSE`.

It prints "writing" once the write has begun, then streams N triples (pausing PAUSE seconds every 1000)
into one named graph and switches the store to the new generation.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from gcmkg.config import Settings
from gcmkg.store import write_generation

GRAPH = URIRef("https://w3id.org/gcmkg/id/graph/bulk")
PREDICATE = URIRef("https://w3id.org/gcmkg/ontology#text")


def triples(count: int, pause: float) -> Iterator[tuple[Node, Node, Node]]:
    """Yield count distinct triples, announcing the start and pausing every 1000."""
    print("writing", flush=True)
    for index in range(count):
        if pause and index % 1000 == 0:
            time.sleep(pause)
        yield URIRef(f"https://w3id.org/gcmkg/id/bulk/{index}"), PREDICATE, Literal(f"value {index}")


def main(argv: list[str]) -> None:
    """Write the bulk graph into the store under argv[0]."""
    var_dir, count, pause = Path(argv[0]), int(argv[1]), float(argv[2])
    write_generation({GRAPH: triples(count, pause)}, Settings(var_dir=var_dir))  # type: ignore[dict-item]
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
