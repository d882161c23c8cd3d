"""Full-text search over recommendations and comments, case- and accent-insensitive (EN/FR/ES).

The texts are searched in the generation's search index (gcmkg/store/search_index.py): written by the build
beside the headline view, or else built once into the cache directory on the first search of a generation
(under a thread lock and a file lock, so concurrent first searches, even from several processes, build it
once). Each thread reads it through its own read-only SQLite connection.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from api.execution import local_of
from api.services.common import local_id
from api.services.headline import SAFE, remote_select
from api.services.models import SearchHit, SearchResults
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.locks import exclusive
from gcmkg.store import GraphStore
from gcmkg.store.headline import store_select
from gcmkg.store.search_index import SCHEMA, SUFFIX, build_index, fold, index_path, schema_of, search_index

__all__ = ["MAX_QUERY", "fold", "index_file", "search"]
MAX_QUERY = 200
MAX_OPEN = 4
MMAP_BYTES = 1 << 30  # reads go through the OS page cache, shared by all threads (files never change)
_BUILD = threading.Lock()
_LOCAL = threading.local()


def cache_path(settings: Settings, generation: str) -> Path:
    """Return where a lazily built index of generation lives."""
    return settings.var_dir / "cache" / "search" / f"{SAFE.sub('_', generation)}{SUFFIX}"


def build_cached(store: GraphStore, settings: Settings, generation: str) -> Path:
    """Return the cached index of generation, building it first (once, under locks) when missing."""
    target = cache_path(settings, generation)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _BUILD, exclusive(target.with_name(f".{target.name}.lock")):
        if not target.exists():
            local = local_of(store)
            select = store_select(local.engine()) if local is not None else remote_select(store)
            build_index(select, target, generation)
            for stale in target.parent.glob(f"*{SUFFIX}"):
                if stale.name != target.name:
                    stale.unlink(missing_ok=True)
    return target


def index_file(store: GraphStore, settings: Settings) -> Path:
    """Return the search index of the generation served now (built lazily when the build did not)."""
    local = local_of(store)
    if local is not None:
        written = index_path(local.generation_dir())
        if written.exists():
            return written
    return build_cached(store, settings, store.generation())


def connection(path: Path) -> sqlite3.Connection:
    """Return this thread's read-only connection to an index file (index files never change once written)."""
    connections: dict[Path, sqlite3.Connection] = getattr(_LOCAL, "connections", {})
    found = connections.get(path)
    if found is None:
        if len(connections) >= MAX_OPEN:
            for stale in connections.values():
                stale.close()
            connections = {}
        found = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        found.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # pages shared by every thread's connection
        if schema_of(found) != SCHEMA:
            found.close()
            raise StoreError(f"{path}: not a search index of schema {SCHEMA}")
        connections[path] = found
        _LOCAL.connections = connections
    return found


def search(
    store: GraphStore, settings: Settings, q: str, kind: str | None = None, limit: int = 50
) -> SearchResults:
    """Return the recommendations and comments containing every word of q, recommendations first."""
    words = fold(q[:MAX_QUERY]).split()
    path = index_file(store, settings)
    try:
        total, found = search_index(connection(path), words, kind, limit)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot read the search index ({error})") from error
    hits = [
        SearchHit.model_construct(
            iri=f.iri, id=local_id(f.iri, settings.base_iri), kind=f.kind, language=f.lang, text=f.text
        )
        for f in found
    ]
    return SearchResults(q=q, total=total, hits=hits)
