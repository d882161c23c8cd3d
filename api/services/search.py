"""Full-text search over recommendations and comments, case- and accent-insensitive (EN/FR/ES)."""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from api.services.common import local_id, records
from api.services.models import SearchHit, SearchResults
from api.services.values import text
from gcmkg.config import Settings
from gcmkg.store import GraphStore

_CACHE: dict[int, tuple[str, tuple[IndexEntry, ...]]] = {}
_LOCK = threading.Lock()
MAX_QUERY = 200


@dataclass(frozen=True)
class IndexEntry:
    """One searchable text with its folded form."""

    hit: SearchHit
    folded: str


def fold(value: str) -> str:
    """Return value without accents, case-folded, with whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def build_index(store: GraphStore, settings: Settings) -> tuple[IndexEntry, ...]:
    """Return the search index of every recommendation and comment text."""
    entries = []
    for row in records(store, settings, "texts"):
        iri, body = text(row["item"]), text(row.get("text"))
        hit = SearchHit(
            iri=iri,
            id=local_id(iri, settings.base_iri),
            kind=text(row.get("kind")),
            language=text(row.get("lang")),
            text=body,
        )
        entries.append(IndexEntry(hit=hit, folded=fold(body)))
    return tuple(entries)


def index_for(store: GraphStore, settings: Settings) -> tuple[IndexEntry, ...]:
    """Return the index of the store's current generation (rebuilt when the generation changes)."""
    generation = store.generation()
    with _LOCK:
        cached = _CACHE.get(id(store))
    if cached is not None and cached[0] == generation:
        return cached[1]
    index = build_index(store, settings)
    with _LOCK:
        _CACHE[id(store)] = (generation, index)
    return index


def search(
    store: GraphStore, settings: Settings, q: str, kind: str | None = None, limit: int = 50
) -> SearchResults:
    """Return the recommendations and comments containing every word of q, recommendations first."""
    words = fold(q[:MAX_QUERY]).split()
    matches = [
        entry.hit
        for entry in index_for(store, settings)
        if words and all(word in entry.folded for word in words) and (kind is None or entry.hit.kind == kind)
    ]
    matches.sort(key=lambda hit: (hit.kind != "recommendation", hit.iri))
    return SearchResults(q=q, total=len(matches), hits=matches[:limit])
