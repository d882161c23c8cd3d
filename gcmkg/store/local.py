"""The embedded store: immutable pyoxigraph generations on disk, switched atomically by a pointer file."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from gcmkg.errors import QueryTimeout, ResultTooLarge, StoreError
from gcmkg.store.base import QueryOutcome
from gcmkg.store.terms import OxTerm, bind_as_values

GENERATIONS = "generations"
POINTER = "current"
VIEWS = "views"  # precomputed views of each generation (gcmkg/store/headline.py)
CHECK_EVERY = 256


def generations_dir(root: Path) -> Path:
    """Return the directory that holds one sub-directory per store generation."""
    return root / GENERATIONS


def current_generation(root: Path) -> Path | None:
    """Return the directory of the generation the pointer file names, or None when there is none."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = generations_dir(root) / name
    return path if path.is_dir() else None


def switch_to(root: Path, generation: Path) -> None:
    """Point readers at generation atomically (write a temporary pointer, then os.replace it)."""
    temporary = root / f".{POINTER}.{os.getpid()}.{threading.get_ident()}"
    temporary.write_text(generation.name + "\n", encoding="utf-8")
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, root / POINTER)
    fsync_dir(root)


def fsync_dir(path: Path) -> None:
    """Flush a directory's entries (a rename in it) to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def discard_generation(generation: Path) -> None:
    """Remove a generation directory, its metadata and its views (a failed or superseded write)."""
    shutil.rmtree(generation, ignore_errors=True)
    generation.with_suffix(".json").unlink(missing_ok=True)
    for view in (generation.parent.parent / VIEWS).glob(f"{generation.name}.*.sqlite"):
        view.unlink(missing_ok=True)


def new_generation_dir(root: Path) -> Path:
    """Return a fresh, not yet existing generation directory (named by UTC time, then a counter)."""
    base = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for counter in range(10_000):
        path = generations_dir(root) / f"{base}-{counter:04d}"
        if not path.exists():
            return path
    raise StoreError(f"{root}: cannot find a free generation name")


def prune_generations(root: Path, keep: int = 2) -> list[Path]:
    """Delete all but the newest `keep` generations (never the current one); return what was removed."""
    current = current_generation(root)
    paths = sorted(p for p in generations_dir(root).iterdir() if p.is_dir())
    complete = [p for p in paths if p.with_suffix(".json").exists()]
    doomed = [p for p in complete[:-keep] if p != current] if keep else [p for p in complete if p != current]
    # Directories without metadata older than the current one were abandoned by a killed writer.
    doomed += [p for p in paths if p not in complete and current is not None and p.name < current.name]
    for path in doomed:
        discard_generation(path)
    return doomed


def write_meta(generation: Path, meta: Mapping[str, object]) -> None:
    """Write the generation's metadata (hash, counts) next to it as JSON."""
    text = json.dumps(dict(meta), indent=2, sort_keys=True) + "\n"
    target = generation.with_suffix(".json")
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def read_meta(generation: Path) -> dict[str, object]:
    """Return the generation's metadata, or {} when it has none."""
    try:
        data = json.loads(generation.with_suffix(".json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return dict(data) if isinstance(data, dict) else {}


def evaluate(
    store: ox.Store, query: str, bindings: Mapping[str, OxTerm], deadline: float, max_results: int
) -> QueryOutcome:
    """Run a query on a pyoxigraph store over the union of named graphs and read the whole result."""
    outcome, problem = _evaluate(store, query, bindings, deadline, max_results)
    if problem == "timeout":
        raise QueryTimeout(0)
    if problem == "too-large":
        raise ResultTooLarge(max_results)
    if outcome is None:
        raise StoreError(f"the query could not be evaluated: {problem}")
    return outcome


def _evaluate(
    store: ox.Store, query: str, bindings: Mapping[str, OxTerm], deadline: float, max_results: int
) -> tuple[QueryOutcome | None, str]:
    """Return (outcome, "") or (None, problem); pyoxigraph result objects never leave this frame."""
    try:
        result = store.query(bind_as_values(query, bindings), use_default_graph_as_union=True)
    except (SyntaxError, RuntimeError, OSError) as error:
        return None, str(error)
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome(kind="ask", boolean=bool(result)), ""
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows, problem = _read((tuple(s[v] for v in variables) for s in result), deadline, max_results)
        return QueryOutcome(kind="select", variables=variables, rows=tuple(rows)), problem
    triples, problem = _read(iter(result), deadline, max_results)
    return QueryOutcome(kind="graph", triples=tuple(triples)), problem


def _read(items: Iterator[Any], deadline: float, max_results: int) -> tuple[list[Any], str]:
    """Return the items read before the end, the result limit ("too-large") or the deadline ("timeout")."""
    out: list[Any] = []
    try:
        for count, item in enumerate(items, start=1):
            if count > max_results:
                return out, "too-large"
            if count % CHECK_EVERY == 0 and time.monotonic() > deadline:
                return out, "timeout"
            out.append(item)
    except (RuntimeError, OSError) as error:
        return out, str(error)
    return out, ""


class LocalStore:
    """Read-only access to the current generation; reopens when the pointer file changes."""

    immutable_generations = True  # a generation's name stands for its content (answers may be cached by it)

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lock = threading.Lock()
        self._key: tuple[int, int] | None = None
        self._name = ""
        self._store: ox.Store | None = None

    def _pointer_key(self) -> tuple[int, int]:
        try:
            stat = (self._root / POINTER).stat()
        except FileNotFoundError as error:
            raise StoreError(f"{self._root}: no store has been built yet (run `gcmkg build`)") from error
        return (stat.st_ino, stat.st_mtime_ns)

    def _current(self) -> ox.Store:
        key = self._pointer_key()
        with self._lock:
            if key != self._key or self._store is None:
                path = current_generation(self._root)
                if path is None:
                    raise StoreError(f"{self._root}: the current generation is missing")
                try:
                    self._store = ox.Store.read_only(str(path))
                except OSError as error:
                    raise StoreError(f"{path}: cannot open the store ({error})") from error
                self._key, self._name = key, path.name
            return self._store

    def execute(
        self, query: str, bindings: Mapping[str, OxTerm], deadline: float, max_results: int
    ) -> QueryOutcome:
        """Return the result of a query over the union of the named graphs."""
        return evaluate(self._current(), query, bindings, deadline, max_results)

    def quads(self) -> Iterator[ox.Quad]:
        """Yield every quad in a named graph of the current generation."""
        for quad in self._current().quads_for_pattern(None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def generation(self) -> str:
        """Return the name of the generation currently open."""
        self._current()
        return self._name

    def generation_dir(self) -> Path:
        """Return the directory of the generation currently open."""
        self._current()
        return generations_dir(self._root) / self._name

    def engine(self) -> ox.Store:
        """Return the open (read-only) pyoxigraph store of the current generation."""
        return self._current()

    def meta(self) -> dict[str, object]:
        """Return the metadata written with the current generation."""
        self._current()
        return read_meta(generations_dir(self._root) / self._name)
