"""What every reader of a generation's derived files shares: one read-only connection per thread and file,
and the build-once-into-the-cache path for a generation that came without the file.

Derived files (the headline view, the search index, the term shapes: gcmkg/store/derived.py) never change once
written, so each server thread keeps its own read-only SQLite connection to them, reading through mmap (the
OS page cache is shared by all threads). A generation written some other way, or an external SPARQL server,
has none: the first request builds one into the cache directory under a thread lock and a file lock, so that
concurrent first requests, even from several server processes, build it once.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from api.execution import local_of
from gcmkg.config import Settings
from gcmkg.locks import exclusive
from gcmkg.store import GraphStore
from gcmkg.store.headline import Select, store_select
from gcmkg.store.terms import OxTerm

BUILD_TIMEOUT_S = 3600.0  # a derived file built through an external server's SPARQL endpoint
MAX_OPEN = 4  # files a thread keeps open (the current generation's, and the previous while it drains)
MMAP_BYTES = 1 << 30  # reads go through the OS page cache, shared by all threads (files never change)
SAFE = re.compile(r"[^A-Za-z0-9._-]")
_LOCAL = threading.local()
_BUILD = threading.Lock()

Builder = Callable[[Select, Path, str], object]  # (select, target, generation): writes target atomically


def read_only(path: Path, check: Callable[[sqlite3.Connection], None] | None = None) -> sqlite3.Connection:
    """Return this thread's read-only connection to a derived file (a new one when it is not open yet).

    `check` runs once, on a new connection (e.g. the file's schema); if it raises, the connection is closed.
    """
    connections: dict[Path, sqlite3.Connection] = getattr(_LOCAL, "connections", {})
    found = connections.get(path)
    if found is None:
        if len(connections) >= MAX_OPEN:
            for stale in connections.values():
                stale.close()
            connections = {}
        found = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        try:
            found.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # pages shared by every thread's connection
            if check is not None:
                check(found)
        except BaseException:
            found.close()
            raise
        connections[path] = found
        _LOCAL.connections = connections
    return found


def cache_path(settings: Settings, kind: str, generation: str, suffix: str) -> Path:
    """Return where a lazily built derived file of one kind ("headline", "search"...) of generation lives."""
    return settings.var_dir / "cache" / kind / f"{SAFE.sub('_', generation)}{suffix}"


def built_once(store: GraphStore, settings: Settings, kind: str, suffix: str, build: Builder) -> Path:
    """Return the cached derived file of the served generation, building it first (once) when missing.

    Files of other generations in the same cache directory are removed once the new one is written.
    """
    generation = store.generation()
    target = cache_path(settings, kind, generation, suffix)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _BUILD, exclusive(target.with_name(f".{target.name}.lock")):
        if not target.exists():
            build(select_of(store), target, generation)
            for stale in target.parent.glob(f"*{suffix}"):
                if stale.name != target.name:
                    stale.unlink(missing_ok=True)
    return target


def select_of(store: GraphStore) -> Select:
    """Return a Select over the store: the embedded engine, or the external server's SPARQL endpoint."""
    local = local_of(store)
    return store_select(local.engine()) if local is not None else remote_select(store)


def remote_select(store: GraphStore) -> Select:
    """Return a Select running each flat query on the store (an external server)."""

    def select(query: str) -> Iterator[tuple[OxTerm | None, ...]]:
        yield from store.execute(query, {}, time.monotonic() + BUILD_TIMEOUT_S, 10**12).rows

    return select
