"""The query worker process: opens the store read-only, caps its own memory and answers one job at a time.

A job arrives over a pipe; the answer goes back as a plain tuple (never a pickled exception, whose extra
fields would be lost): ("ok", outcome), ("rejected", reason, status), ("too-large", limit),
("store", message) or ("memory", ""). The parent kills the process when a job overruns its time limit.
"""

from __future__ import annotations

import math
import os
import resource
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from api.query_gate import inspect_query
from gcmkg.errors import QueryRejected, ResultTooLarge, StoreError
from gcmkg.store.local import LocalStore
from gcmkg.store.terms import OxTerm

# rdflib's SPARQL grammar recurses ~30 frames per bracket; the gate caps nesting at 32 levels.
RECURSION_LIMIT = 20_000
Answer = tuple[object, ...]


@dataclass(frozen=True)
class Job:
    """One query to run: the text, bound terms, the result limit and whether to gate it first."""

    text: str
    bindings: Mapping[str, OxTerm] = field(default_factory=dict)
    max_results: int = 10_000
    inspect: bool = False


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space (RLIMIT_AS) at max_bytes; 0 leaves it unlimited."""
    if max_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def engine_syntax(text: str) -> None:
    """Reject a query the engine's own parser refuses (parsing only: the result is never iterated).

    rdflib and pyoxigraph differ at the edges (codepoint escapes outside strings, for one); a query
    must pass both grammars, and the engine's refusal is the client's syntax error (400), not a store fault.
    """
    try:
        ox.Store().query(text)
    except SyntaxError as error:
        raise QueryRejected(f"SPARQL syntax error (engine): {error}") from None


def answer(store: LocalStore, job: Job) -> Answer:
    """Return the answer tuple of one job run on the store."""
    try:
        if job.inspect:
            inspect_query(job.text)
            engine_syntax(job.text)
        return ("ok", store.execute(job.text, job.bindings, math.inf, job.max_results))
    except QueryRejected as error:
        return ("rejected", error.reason, error.status)
    except ResultTooLarge as error:
        return ("too-large", error.limit)
    except StoreError as error:
        return ("store", str(error))
    except MemoryError:
        return ("memory", "")


def serve(conn: Connection, root: str, max_bytes: int, niceness: int = 0) -> None:
    """Answer jobs from conn until the parent closes it (the process entry point)."""
    sys.setrecursionlimit(RECURSION_LIMIT)
    if niceness:
        os.nice(niceness)  # client queries yield the CPU to the server and the stored-query lane
    store = LocalStore(Path(root))
    limit_memory(max_bytes)
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, job))
