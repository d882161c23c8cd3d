"""Full-text search over recommendations and comments, case- and accent-insensitive (EN/FR/ES).

The texts are searched in the generation's search index (gcmkg/store/search_index.py): written by the build
beside the headline view, or else built once into the cache directory on the first search of a generation
(under a thread lock and a file lock, so concurrent first searches, even from several processes, build it
once). Each thread reads it through its own read-only SQLite connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from api.execution import local_of
from api.services.common import local_id
from api.services.derived_files import built_once, read_only
from api.services.models import SearchHit, SearchResults
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store import GraphStore
from gcmkg.store.search_index import SCHEMA, SUFFIX, build_index, fold, index_path, schema_of, search_index

__all__ = ["MAX_QUERY", "fold", "index_file", "search"]
MAX_QUERY = 200


def index_file(store: GraphStore, settings: Settings) -> Path:
    """Return the search index of the generation served now (built lazily when the build did not)."""
    local = local_of(store)
    if local is not None:
        written = index_path(local.generation_dir())
        if written.exists():
            return written
    return built_once(store, settings, "search", SUFFIX, build_index)


def connection(path: Path) -> sqlite3.Connection:
    """Return this thread's read-only connection to an index file, refusing a file of another schema."""

    def same_schema(opened: sqlite3.Connection) -> None:
        if schema_of(opened) != SCHEMA:
            raise StoreError(f"{path}: not a search index of schema {SCHEMA}")

    return read_only(path, same_schema)  # the schema is read once per connection, not per search


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
