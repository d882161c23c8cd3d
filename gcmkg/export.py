"""Whole-dataset exports (Turtle, TriG, N-Quads, JSON-LD), streamed in the store's own index order.

No global sort: pyoxigraph's on-disk store iterates quads in the byte order of their encoded terms (IRIs and
long literals are hashed, short ones inlined), which depends only on the content, so two generations built
from the same sources dump the same bytes in constant memory. TriG, N-Quads and JSON-LD keep the graphs (one
`Store.dump`, written in Rust); Turtle is the union of the named graphs with each triple written once, from
the graph that comes first in the store's order for it (decisions/0012-streamed-exports.md).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from gcmkg.errors import StoreError
from gcmkg.locks import exclusive
from gcmkg.namespaces import PREFIXES
from gcmkg.store import GraphStore, LocalStore, canonical_lines


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, file extension, media type and pyoxigraph format."""

    name: str
    extension: str
    media: str
    rdf_format: ox.RdfFormat
    quads: bool


FORMATS = {
    "turtle": ExportFormat("turtle", "ttl", "text/turtle", ox.RdfFormat.TURTLE, quads=False),
    "trig": ExportFormat("trig", "trig", "application/trig", ox.RdfFormat.TRIG, quads=True),
    "nquads": ExportFormat("nquads", "nq", "application/n-quads", ox.RdfFormat.N_QUADS, quads=True),
    "jsonld": ExportFormat("jsonld", "jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, quads=True),
}


def export_format(name: str) -> ExportFormat:
    """Return the export format called name, or raise StoreError listing the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise StoreError(f"unknown export format {name!r}; use one of {', '.join(FORMATS)}") from None


def oxigraph_of(store: GraphStore) -> ox.Store | None:
    """Return the open pyoxigraph store behind an embedded store (pooled or not), else None."""
    inner = getattr(store, "inner", store)
    return inner.engine() if isinstance(inner, LocalStore) else None


def named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Yield the quads of the named graphs in the store's order (graph, subject, predicate, object)."""
    for quad in store.quads_for_pattern(None, None, None):
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield quad


SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"  # run with one named graph as the default graph
BLOOM_BITS = 1 << 27  # 16 MiB, whatever the dataset: more subjects only mean more (harmless) candidates
BLOOM_HASHES = 4


class Bloom:
    """A fixed-size Bloom filter of strings: no false negatives, rare false positives."""

    def __init__(self, bits: int = BLOOM_BITS) -> None:
        self.mask = bits - 1
        self.bits = bytearray(bits // 8)

    def positions(self, key: str) -> list[int]:
        """Return the bit positions of a key."""
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4 * BLOOM_HASHES).digest()
        return [int.from_bytes(digest[i : i + 4], "little") & self.mask for i in range(0, len(digest), 4)]

    def check_and_add(self, key: str) -> bool:
        """Add a key; return True if it may have been added before."""
        seen = True
        for position in self.positions(key):
            byte, bit = divmod(position, 8)
            if not self.bits[byte] >> bit & 1:
                seen = False
                self.bits[byte] |= 1 << bit
        return seen


def shared_subject_candidates(store: ox.Store) -> set[str]:
    """Return the subjects that may have quads in more than one named graph (all of them, and a few more).

    Graph by graph, each distinct subject is checked against a Bloom filter of the subjects of the graphs
    before. Memory: the filter (16 MiB), the candidates and one graph's distinct subjects, not the dataset's.
    """
    bloom, candidates = Bloom(), set()
    for graph in store.named_graphs():
        for row in store.query(SUBJECTS, default_graph=graph):  # type: ignore[union-attr]
            subject = str(row[0])
            if bloom.check_and_add(subject):
                candidates.add(subject)
    return candidates


def distinct_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Yield the union of the named graphs, each triple once, in the store's order, in bounded memory.

    First the subjects that may occur in several graphs are found (`shared_subject_candidates`); then the
    quads are streamed in store order; a triple of such a subject is written only from the first graph
    holding it (one index lookup), every other triple as it comes.
    """
    shared = shared_subject_candidates(store)
    for quad in named_quads(store):
        if str(quad.subject) not in shared or first_graph_of(store, quad) == quad.graph_name:
            yield quad.triple


def first_graph_of(store: ox.Store, quad: ox.Quad) -> object:
    """Return the first named graph, in the store's order, that holds the quad's triple."""
    for other in store.quads_for_pattern(quad.subject, quad.predicate, quad.object):
        if not isinstance(other.graph_name, ox.DefaultGraph):
            return other.graph_name
    return quad.graph_name


def sorted_quads(store: GraphStore) -> list[ox.Quad]:
    """Return the quads sorted by graph, subject, predicate, object (for stores without an index order)."""
    return sorted(
        set(store.quads()), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q))
    )


def sorted_triples(store: GraphStore) -> list[ox.Triple]:
    """Return the union of the named graphs as sorted, distinct triples (stores without an index order)."""
    return sorted({quad.triple for quad in store.quads()}, key=str)


def has_default_graph(store: ox.Store) -> bool:
    """Return True when the store holds triples in its default graph (exports carry named graphs only)."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def dump(store: GraphStore, fmt: ExportFormat, output: BinaryIO) -> None:
    """Write the dataset in fmt to a binary stream: streamed from an embedded store, else sorted in memory."""
    embedded = oxigraph_of(store)
    if embedded is None:
        _dump_sorted(store, fmt, output)
    elif not fmt.quads:
        ox.serialize(distinct_triples(embedded), output, fmt.rdf_format, prefixes=PREFIXES)
    elif has_default_graph(embedded):
        ox.serialize(named_quads(embedded), output, fmt.rdf_format, prefixes=PREFIXES)
    else:
        embedded.dump(output, fmt.rdf_format, prefixes=PREFIXES)


def _dump_sorted(store: GraphStore, fmt: ExportFormat, output: BinaryIO) -> None:
    """Write a store that has no stable order (a SPARQL server) sorted in memory."""
    if fmt.name == "nquads":
        for line in canonical_lines(store.quads()):
            output.write(line.encode("utf-8") + b"\n")
        return
    statements = sorted_quads(store) if fmt.quads else sorted_triples(store)
    ox.serialize(statements, output, fmt.rdf_format, prefixes=PREFIXES)


class HashingWriter:
    """A binary writer that passes bytes to a file and hashes them (sha256) on the way."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        """Write data to the file and the hash; return its length."""
        self.digest.update(data)
        return self.handle.write(data)

    def flush(self) -> None:
        """Flush the file."""
        self.handle.flush()


def temporary_name(path: Path) -> Path:
    """Return a temporary path beside path, unique to this process and thread."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def write_export(store: GraphStore, fmt: ExportFormat, path: Path, temporary: Path | None = None) -> str:
    """Write the dataset in fmt to path atomically (temporary file, then rename); return its sha256.

    On any failure the temporary file is removed and path is left as it was.
    """
    temporary = temporary or temporary_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            writer = HashingWriter(handle)
            dump(store, fmt, writer)  # type: ignore[arg-type]  # a duck-typed binary writer
        os.replace(temporary, path)
    except (OSError, ValueError) as error:
        raise StoreError(f"{path}: cannot write the {fmt.name} export ({error})") from error
    finally:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
    return writer.digest.hexdigest()


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export_file_name(fmt: ExportFormat) -> str:
    """Return the file name of an export, e.g. gcmkg.ttl."""
    return f"gcmkg.{fmt.extension}"


def write_exports(store: GraphStore, export_dir: Path) -> dict[str, Path]:
    """Write every export format into export_dir; return the paths by format."""
    paths = {}
    for fmt in FORMATS.values():
        path = export_dir / export_file_name(fmt)
        write_export(store, fmt, path)
        paths[fmt.name] = path
    return paths


def read_cached(path: Path) -> tuple[Path, str] | None:
    """Return a finished cached export and its sha256, or None while it is missing or unfinished."""
    try:
        digest = path.with_name(path.name + ".sha256").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return (path, digest) if path.exists() and digest else None


def cache_path(store: GraphStore, fmt: ExportFormat, cache_dir: Path) -> Path:
    """Return where the export of the store's current generation in fmt is cached."""
    return cache_dir / store.generation() / export_file_name(fmt)


def cached_export(store: GraphStore, fmt: ExportFormat, cache_dir: Path) -> tuple[Path, str]:
    """Return the export of the store's current generation (written once per generation) and its sha256.

    One writer per generation and format (a file lock); concurrent first requests wait for it and then read
    the finished file. The sha256 file is written after the export is in place, so a finished export is one
    whose sha256 file exists; a failed write leaves neither and the next request writes it again.
    """
    path = cache_path(store, fmt, cache_dir)
    generation_dir = path.parent
    found = read_cached(path)
    if found is not None:
        return found
    generation_dir.mkdir(parents=True, exist_ok=True)
    with exclusive(generation_dir / f".{path.name}.lock"):
        found = read_cached(path)
        if found is None:
            digest = write_export(store, fmt, path)
            write_text_atomically(path.with_name(path.name + ".sha256"), digest + "\n")
            found = (path, digest)
    prune_cache(cache_dir, keep=generation_dir.name)
    return found


def write_text_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file and a rename."""
    temporary = temporary_name(path)
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def prune_cache(cache_dir: Path, keep: str) -> None:
    """Remove cached exports of generations other than `keep` (files open for reading stay readable)."""
    for child in cache_dir.iterdir():
        if child.is_dir() and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)


def stream(path: Path, chunk: int = 1 << 20) -> Iterator[bytes]:
    """Yield a file's bytes in chunks."""
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(chunk), b"")


def stream_open(handle: BinaryIO, chunk: int = 1 << 20) -> Iterator[bytes]:
    """Yield the bytes of an already open file in chunks, then close it."""
    with handle:
        yield from iter(lambda: handle.read(chunk), b"")
