"""The triple store: write a generation (the build), open it read-only (the server), hash and list it.

Backends: the embedded pyoxigraph store on disk (`Settings.store_backend == "oxigraph"`, the default) and any
SPARQL 1.1 server (`"sparql"`). Both offer the same `GraphStore` interface; queries see the union of the
named graphs (one per source page, one for the vocabularies) as their default graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store.base import GraphStore, QueryOutcome
from gcmkg.store.derived import build_derived
from gcmkg.store.local import (
    LocalStore,
    discard_generation,
    new_generation_dir,
    prune_generations,
    switch_to,
    write_meta,
)
from gcmkg.store.remote import RemoteStore
from gcmkg.store.runner import run_query
from gcmkg.store.terms import NTriplesGraph, RdflibTriple, nquad_line, to_ntriples

__all__ = [
    "GraphContent",
    "GraphStore",
    "LocalStore",
    "QueryOutcome",
    "RemoteStore",
    "canonical_hash",
    "canonical_lines",
    "load_graphs",
    "load_in_batches",
    "open_store",
    "replace_graph",
    "run_query",
    "write_generation",
]

GraphContent = Graph | Iterable[RdflibTriple]
LOAD_BATCH_QUADS = 250_000  # 1.5M quads: peak 414 MiB instead of 1,264, load 1.4x slower (docs/benchmarks.md)


def open_store(settings: Settings) -> GraphStore:
    """Return the configured backend, read-only."""
    if settings.store_backend == "oxigraph":
        return LocalStore(settings.store_dir)
    if settings.store_backend == "sparql":
        return RemoteStore.from_settings(settings)
    raise StoreError(f"unknown store backend {settings.store_backend!r} (use 'oxigraph' or 'sparql')")


def canonical_lines(quads: Iterable[ox.Quad]) -> list[str]:
    """Return the sorted canonical N-Quads lines of quads (duplicates removed)."""
    return sorted({nquad_line(quad) for quad in quads})


def canonical_hash(store_or_quads: GraphStore | Iterable[ox.Quad]) -> str:
    """Return the order-independent hash of a dataset's distinct quads (hex, 64 characters).

    The hash is the sum modulo 2**256 of the sha256 of each quad's canonical N-Quads line: the same quads in
    any order give the same hash, and it streams in constant memory, so hashing a store of millions of quads
    does not hold them all (a sorted-lines hash would).
    """
    quads = store_or_quads.quads() if hasattr(store_or_quads, "quads") else store_or_quads
    total, _ = _sum_hash(quads)
    return f"{total:064x}"


def _sum_hash(quads: Iterable[ox.Quad]) -> tuple[int, int]:
    """Return the modular sum of the quads' line hashes and the number of quads."""
    total, count = 0, 0
    for quad in quads:
        line = nquad_line(quad).encode("utf-8")
        total = (total + int.from_bytes(hashlib.sha256(line).digest(), "big")) % (1 << 256)
        count += 1
    return total, count


def write_generation(graphs: Mapping[URIRef, GraphContent], settings: Settings) -> Path:
    """Write the graphs as a new store generation, switch readers to it atomically and return its path."""
    if settings.store_backend == "sparql":
        remote = RemoteStore.from_settings(settings)
        for iri in sorted(graphs):
            remote.replace_graph(str(iri), graphs[iri])
        return settings.store_dir
    return _write_local(graphs, settings.store_dir)


def _write_local(graphs: Mapping[URIRef, GraphContent], root: Path) -> Path:
    """Write a complete generation beside the current one, then switch; on any failure remove it.

    Readers only ever follow the pointer, so until `switch_to` replaces it (one atomic rename) they see the
    previous generation whole; a process killed before that leaves an unreferenced directory that a later
    write prunes.
    """
    path = new_generation_dir(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    switched = False
    try:
        digest, count = _fill_generation(path, graphs)
        write_meta(path, {"canonical_hash": digest, "quads": count, "graphs": len(graphs)})
        switch_to(root, path)
        switched = True
    finally:
        if not switched:
            discard_generation(path)
    prune_generations(root)
    return path


def _fill_generation(path: Path, graphs: Mapping[URIRef, GraphContent]) -> tuple[str, int]:
    """Write the graphs into a new pyoxigraph store at path; return its canonical hash and quad count."""
    try:
        store = ox.Store(str(path))
        total, count = load_graphs(store, graphs)
        store.flush()
        store.optimize()  # compact the bulk loads' files: every later read is faster (decisions/0013, 16)
        del store  # closed: the derived files read it read-only, maybe from other processes
        build_derived(path, count)
    except (OSError, ValueError, TypeError) as error:
        raise StoreError(f"{path}: cannot write the store generation ({error})") from error
    return f"{total:064x}", count


def load_graphs(
    store: ox.Store, graphs: Mapping[URIRef, GraphContent], batch: int = LOAD_BATCH_QUADS
) -> tuple[int, int]:
    """Load the named graphs (in IRI order, as a pooled build asks for them); return their hash sum and size.

    Every graph goes in as canonical N-Triples bytes rewritten to N-Quads, bulk-loaded ~`batch` quads at a
    time: the pages come so from the workers (`NTriplesGraph`), other contents (the vocabularies, rdflib
    graphs) are made so here. The canonical hash is summed over the very lines loaded (one line per quad
    the store holds), so the store need not be read back (a RocksDB dump costs ~9 µs per quad: a minute
    at 1,000 pages).
    """
    total, count = 0, 0
    pending: list[bytes] = []
    pending_quads = 0
    for iri in sorted(graphs):
        content = graphs[iri]
        if not isinstance(content, NTriplesGraph):
            content = NTriplesGraph.canonical(to_ntriples(content, str(iri)))
        nquads, size = content.nquads(str(iri)), len(content)
        total += _lines_hash(nquads)
        count += size
        pending.append(nquads)
        pending_quads += size
        if pending_quads >= batch:
            store.bulk_load(b"".join(pending), format=ox.RdfFormat.N_QUADS)
            pending, pending_quads = [], 0
    if pending:
        store.bulk_load(b"".join(pending), format=ox.RdfFormat.N_QUADS)
    return total % (1 << 256), count


def _lines_hash(data: bytes) -> int:
    """Return the sum of the sha256 of each line of data (lines end with a line break)."""
    return sum(int.from_bytes(hashlib.sha256(line).digest(), "big") for line in data.splitlines())


def load_in_batches(store: ox.Store, quads: Iterable[ox.Quad], batch: int = LOAD_BATCH_QUADS) -> int:
    """Bulk-load quads `batch` at a time; return how many were loaded.

    pyoxigraph's bulk loader holds everything one call gives it until the call ends, so one call over a
    whole build grew the build's memory with its pages (~1 MiB per page); batches bound it.
    """
    iterator, loaded = iter(quads), 0
    while chunk := list(islice(iterator, batch)):
        store.bulk_extend(chunk)
        loaded += len(chunk)
    return loaded


def replace_graph(graph_iri: URIRef, triples: GraphContent, settings: Settings) -> None:
    """Replace one named graph: a new generation (embedded store) or a Graph Store PUT (external server)."""
    if settings.store_backend == "sparql":
        RemoteStore.from_settings(settings).replace_graph(str(graph_iri), triples)
        return
    current = LocalStore(settings.store_dir)
    kept: dict[URIRef, list[RdflibTriple]] = {}
    try:
        existing = list(current.quads())
    except StoreError:
        existing = []
    from gcmkg.store.terms import to_rdflib

    for quad in existing:
        name = URIRef(quad.graph_name.value)  # type: ignore[union-attr]
        if name != graph_iri:
            kept.setdefault(name, []).append(
                (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))  # type: ignore[arg-type]
            )
    graphs: dict[URIRef, GraphContent] = {**kept, graph_iri: triples}
    _write_local(graphs, settings.store_dir)
