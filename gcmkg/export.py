"""Whole-dataset exports (Turtle, TriG, N-Quads, JSON-LD), sorted so rebuilds are byte-identical."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from gcmkg.errors import StoreError
from gcmkg.namespaces import PREFIXES
from gcmkg.store import GraphStore, canonical_lines


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


def sorted_quads(store: GraphStore) -> list[ox.Quad]:
    """Return the dataset's quads sorted by graph, subject, predicate, object (canonical N-Quads order)."""
    return sorted(
        set(store.quads()), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q))
    )


def sorted_triples(store: GraphStore) -> list[ox.Triple]:
    """Return the union of the named graphs as sorted, distinct triples."""
    return sorted({quad.triple for quad in store.quads()}, key=str)


def write_export(store: GraphStore, fmt: ExportFormat, path: Path) -> str:
    """Write the dataset in fmt to path atomically (temporary file, then rename); return its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if fmt.name == "nquads":
        temporary.write_bytes("".join(line + "\n" for line in canonical_lines(store.quads())).encode("utf-8"))
    else:
        statements = sorted_quads(store) if fmt.quads else sorted_triples(store)
        ox.serialize(statements, str(temporary), fmt.rdf_format, prefixes=PREFIXES)
    digest = file_sha256(temporary)
    os.replace(temporary, path)
    return digest


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
    """Write every export format into export_dir (the build calls this); return the paths by format."""
    paths = {}
    for fmt in FORMATS.values():
        path = export_dir / export_file_name(fmt)
        write_export(store, fmt, path)
        paths[fmt.name] = path
    return paths


def cached_export(store: GraphStore, fmt: ExportFormat, cache_dir: Path) -> tuple[Path, str]:
    """Return the export of the store's current generation (written once per generation) and its sha256."""
    generation_dir = cache_dir / store.generation()
    path = generation_dir / export_file_name(fmt)
    digest_path = path.with_name(path.name + ".sha256")
    if not path.exists() or not digest_path.exists():
        digest = write_export(store, fmt, path)
        digest_path.write_text(digest + "\n", encoding="utf-8")
        prune_cache(cache_dir, keep=generation_dir.name)
    return path, digest_path.read_text(encoding="utf-8").strip()


def prune_cache(cache_dir: Path, keep: str) -> None:
    """Remove cached exports of generations other than `keep`."""
    for child in cache_dir.iterdir():
        if child.is_dir() and child.name != keep:
            for item in child.iterdir():
                item.unlink(missing_ok=True)
            child.rmdir()


def stream(path: Path, chunk: int = 1 << 16) -> Iterator[bytes]:
    """Yield a file's bytes in chunks."""
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(chunk), b"")
