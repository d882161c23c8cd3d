"""Answers of read-only queries cached per store generation, bounded in entries and in bytes (LRU).

A generation never changes once written, so an answer keyed by (what was asked, with which limits) stays
right until the store serves another generation; the cache then empties itself. Only successful outcomes
are kept: refusals, time-outs and errors are raised before `put`. The cache sits behind the middleware, so
per-client rate limits and request limits apply to hits as to misses. Sizes are estimates (the text of the
terms plus a fixed overhead per term), enough to bound memory.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi.responses import Response

from gcmkg.config import Settings
from gcmkg.store import GraphStore, QueryOutcome

V = TypeVar("V")
C = TypeVar("C")

TERM_OVERHEAD = 80  # bytes a cached term costs beyond its text (object header, fields)
MiB = 1024 * 1024


def outcome_size(outcome: QueryOutcome) -> int:
    """Return an estimate of the memory an outcome holds, in bytes."""
    terms = [term for row in outcome.rows for term in row if term is not None]
    triple_terms = [
        t for triple in outcome.triples for t in (triple.subject, triple.predicate, triple.object)
    ]
    text = sum(len(term.value) for term in terms) + sum(len(str(t)) for t in triple_terms)
    return 200 + text + TERM_OVERHEAD * (len(terms) + len(triple_terms) + len(outcome.rows))


class GenerationLru(Generic[V]):
    """An LRU of values of one generation, bounded in entries and bytes; a new generation empties it first."""

    def __init__(self, max_entries: int, max_bytes: int, size_of: Callable[[V], int]) -> None:
        self.max_entries, self.max_bytes, self._size_of = max_entries, max_bytes, size_of
        self._lock = threading.Lock()
        self._generation = ""
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def _switch(self, generation: str) -> None:
        """Forget every answer when the generation changed (caller holds the lock)."""
        if generation != self._generation:
            self._entries.clear()
            self._bytes, self._generation = 0, generation

    def get(self, generation: str, key: Hashable) -> V | None:
        """Return the cached value of key in generation, or None."""
        with self._lock:
            self._switch(generation)
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, generation: str, key: Hashable, value: V) -> None:
        """Keep a value of generation (unless it alone exceeds a quarter of the byte budget)."""
        size = self._size_of(value)
        if size > self.max_bytes // 4 or self.max_entries <= 0:
            return
        with self._lock:
            self._switch(generation)
            previous = self._entries.pop(key, None)
            self._bytes -= previous[1] if previous else 0
            self._entries[key] = (value, size)
            self._bytes += size
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def stats(self) -> dict[str, int]:
        """Return the number of entries, bytes held, hits and misses."""
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": self._bytes,
                "hits": self.hits,
                "misses": self.misses,
            }


class AnswerCache(GenerationLru[QueryOutcome]):
    """Query outcomes of one generation (stored queries, repeated /sparql texts)."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        super().__init__(max_entries, max_bytes, outcome_size)


@dataclass(frozen=True)
class RenderedAnswer:
    """A rendered 200 response: its body and headers, replayed as a new Response on a hit."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, response: Response) -> RenderedAnswer:
        """Return the status, bytes and headers of a response (the length is recomputed on replay)."""
        headers = tuple((k, v) for k, v in response.headers.items() if k.lower() != "content-length")
        return cls(response.status_code, bytes(response.body), headers)

    def response(self) -> Response:
        """Return a fresh Response with the same status, bytes and headers."""
        return Response(self.body, status_code=self.status, headers=dict(self.headers))


def rendered_size(answer: RenderedAnswer) -> int:
    """Return an estimate of the memory a rendered answer holds, in bytes."""
    return 200 + len(answer.body) + sum(len(k) + len(v) for k, v in answer.headers)


_CACHES: weakref.WeakKeyDictionary[object, AnswerCache] = weakref.WeakKeyDictionary()
_RENDERED: weakref.WeakKeyDictionary[object, GenerationLru[RenderedAnswer]] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def immutable(store: GraphStore) -> bool:
    """Return whether the store serves immutable generations named by generation() (the embedded store)."""
    return bool(getattr(store, "immutable_generations", False))


def _one_per_store(
    registry: weakref.WeakKeyDictionary[object, C], store: GraphStore, make: Callable[[], C]
) -> C:
    """Return the cache registry holds for a store object, making it on first use."""
    with _CACHES_LOCK:
        cache = registry.get(store)
        if cache is None:
            cache = registry[store] = make()
        return cache


def cache_of(store: GraphStore, settings: Settings) -> AnswerCache:
    """Return the answer cache of a store object (one per store the app opened)."""
    budget = settings.answer_cache_mb * MiB
    return _one_per_store(_CACHES, store, lambda: AnswerCache(settings.answer_cache_entries, budget))


def rendered_cache_of(store: GraphStore, settings: Settings) -> GenerationLru[RenderedAnswer]:
    """Return the rendered-answer cache of a store object (same budget settings as the answer cache)."""
    budget = settings.answer_cache_mb * MiB
    return _one_per_store(
        _RENDERED, store, lambda: GenerationLru(settings.answer_cache_entries, budget, rendered_size)
    )


def remembered(
    store: GraphStore,
    cache: GenerationLru[V],
    key: Hashable,
    compute: Callable[[], V],
    keep: Callable[[V], bool] = lambda _value: True,
) -> V:
    """Return the value of key for the store's current generation, computing it (and keeping it) on a miss.

    Only stores with immutable generations (the embedded one) are cached: an external server's generation
    is a quad count, which a change of the same size would not move.
    """
    if not immutable(store):
        return compute()
    generation = store.generation()
    found = cache.get(generation, key)
    if found is not None:
        return found
    value = compute()
    if keep(value):
        cache.put(generation, key, value)
    return value


def cached(
    store: GraphStore, settings: Settings, key: Hashable, compute: Callable[[], QueryOutcome]
) -> QueryOutcome:
    """Return the outcome of key for the store's current generation (see `remembered`)."""
    return remembered(store, cache_of(store, settings), key, compute)


def cached_rendering(
    store: GraphStore, settings: Settings, key: Hashable, render: Callable[[], Response]
) -> Response:
    """Return the rendered response of key for the store's current generation, rendering it on a miss.

    For hot REST answers (the headline page) whose cost after the view is building and serialising the
    items: a hit replays the bytes. Only 200 answers are kept.
    """
    answer = remembered(
        store,
        rendered_cache_of(store, settings),
        key,
        lambda: RenderedAnswer.of(render()),
        keep=lambda rendered: rendered.status == 200,
    )
    return answer.response()
