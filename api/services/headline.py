"""The headline view of the served generation: where it is (built lazily when missing) and pages read from it.

The build writes the view beside each generation (gcmkg/store/headline.py). A generation written some other
way (an older build, `oxigraph load`) or an external SPARQL server has none: the first request builds it
once into the cache directory, keyed by the generation, under a thread lock and a file lock so that
concurrent first requests, even from several server processes, build it once.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from api.execution import local_of
from api.services import derived_files
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store import GraphStore
from gcmkg.store.headline import SCHEMA, SUFFIX, build_view, schema_of, view_path
from gcmkg.store.terms import OxTerm

ITEM_COLUMNS = (
    "recommendation", "text", "lang", "kind", "comment", "char_start", "char_end", "created", "recommender",
    "recommender_label", "organization", "organization_label", "actor_type", "method", "confidence",
    "evidence", "consultation", "addressees", "instruments",
)  # fmt: skip
ORDER = "ORDER BY actor_type, confidence DESC, recommendation, seq"
REACH = "EXISTS (SELECT 1 FROM reach WHERE reach.comment = headline.comment AND reach.container = ?)"
CITES = (
    "EXISTS (SELECT 1 FROM cites WHERE cites.recommendation = headline.recommendation"
    " AND cites.instrument = ?)"
)
OBJECTIVE_COLUMNS = (
    "objective", "notation", "label_en", "label_fr", "label_es", "recommendations", "recommenders",
)  # fmt: skip
OBJECTIVES = (  # the ORDER BY of queries/objectives.rq (an unbound cast first); ties in the view's order
    f"SELECT {', '.join(OBJECTIVE_COLUMNS)} FROM objectives"  # noqa: S608 (no input)
    " WHERE ? IS NULL OR objective = ? ORDER BY sort, rowid"
)
CACHE_SUFFIX = f".v{SCHEMA}{SUFFIX}"  # a lazily built view of an older schema is never read back
_VIEWS: dict[Path, HeadlineView] = {}
_VIEWS_LOCK = threading.Lock()
MAX_OPEN = 4
_CURRENT: set[Path] = set()  # view files whose schema was read and is this code's
MAX_CHECKED = 16

ViewRow = dict[str, object]


@dataclass(frozen=True)
class ViewFilter:
    """The stored query's bound parameters, as the view's columns hold them (N-Triples for exact terms)."""

    objective: str
    actor_type: str | None = None
    language: str | None = None
    method: str | None = None
    min_confidence: float | None = None
    consultation: OxTerm | None = None
    instrument: str | None = None


def view_filter(terms: Mapping[str, OxTerm]) -> ViewFilter:
    """Return the filter of the bound terms of recommendations-for-objective (validated by its header)."""
    actor, language, low = terms.get("actor_type"), terms.get("language"), terms.get("min_confidence")
    return ViewFilter(
        objective=str(terms["objective"]),
        actor_type=None if actor is None else actor.value,
        language=None if language is None else language.value,
        method=None if terms.get("method") is None else str(terms["method"]),
        min_confidence=None if low is None else float(low.value),
        consultation=terms.get("consultation"),
        instrument=None if terms.get("instrument") is None else str(terms["instrument"]),
    )


def where(found: ViewFilter) -> tuple[str, list[object]]:
    """Return the WHERE clause (fixed fragments, values as parameters) of a filter."""
    clauses: list[str] = ["objective = ?"]
    params: list[object] = [found.objective]
    if found.actor_type is not None:  # ?actorTypeIri = ?actor_type; actor_type is its local name (indexed)
        clauses += ["actor_type = ?", "actor_type_iri = ?"]
        params += [found.actor_type.partition("#")[2], found.actor_type]
    if found.language is not None:
        clauses.append("lang = ?")
        params.append(found.language)
    if found.method is not None:
        clauses.append("method_term = ?")
        params.append(found.method)
    if found.min_confidence is not None:
        clauses.append("confidence >= ?")
        params.append(found.min_confidence)
    if found.consultation is not None:  # one row per group: the bound value replaces every consultation
        clauses += ["main = 1", REACH]
        params.append(str(found.consultation))
    if found.instrument is not None:
        clauses.append(CITES)
        params.append(found.instrument)
    return " AND ".join(clauses), params


class HeadlineView:
    """Read-only access to one headline view file (a SQLite connection per thread; the file never changes)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _cursor(self) -> sqlite3.Cursor:
        """Return a cursor giving rows by column name, on this thread's connection to the file."""
        cursor = derived_files.read_only(self.path).cursor()
        cursor.row_factory = sqlite3.Row
        return cursor

    def page(self, found: ViewFilter, offset: int, limit: int) -> tuple[int, list[ViewRow]]:
        """Return the number of matching rows and the rows of one page, in the stored query's order."""
        clause, params = where(found)
        try:
            connection = self._cursor()
            total = connection.execute(f"SELECT COUNT(*) FROM headline WHERE {clause}", params).fetchone()[0]  # noqa: S608
            columns = ", ".join(ITEM_COLUMNS)
            query = f"SELECT {columns} FROM headline WHERE {clause} {ORDER} LIMIT ? OFFSET ?"  # noqa: S608
            rows = [dict(row) for row in connection.execute(query, [*params, limit, offset])]
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot read the headline view ({error})") from error
        if found.consultation is not None:
            for row in rows:
                row["consultation"] = found.consultation.value
        return int(total), rows

    def objectives(self, objective: str | None = None) -> list[ViewRow]:
        """Return the objective summaries (one objective's, given its IRI) in the stored query's order."""
        try:
            rows = self._cursor().execute(OBJECTIVES, (objective, objective)).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot read the headline view ({error})") from error
        return [dict(row) for row in rows]


def cache_path(settings: Settings, generation: str) -> Path:
    """Return where a lazily built view of generation lives."""
    return derived_files.cache_path(settings, "headline", generation, CACHE_SUFFIX)


def current(path: Path) -> bool:
    """Return whether a view file is there and of this code's schema; a file SQLite cannot read raises."""
    if not path.exists():
        return False
    with _VIEWS_LOCK:
        if path in _CURRENT:  # files never change once written: the schema is read once per file
            return True
    try:
        found = schema_of(derived_files.read_only(path)) == str(SCHEMA)  # the connection later reads use
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot read the headline view ({error})") from error
    if found:
        with _VIEWS_LOCK:
            if len(_CURRENT) >= MAX_CHECKED:
                _CURRENT.clear()
            _CURRENT.add(path)
    return found


def written_view(settings: Settings, generation: Path) -> Path | None:
    """Return the current view of a local generation (the build's, else a lazily built one), None if none."""
    for path in (view_path(generation), cache_path(settings, generation.name)):
        if current(path):
            return path
    return None


def opened(path: Path) -> HeadlineView:
    """Return the reader of a view file (one per file, the last few kept)."""
    with _VIEWS_LOCK:
        view = _VIEWS.get(path)
        if view is None:
            if len(_VIEWS) >= MAX_OPEN:
                _VIEWS.clear()
            view = _VIEWS[path] = HeadlineView(path)
    return view


def view_for(store: GraphStore, settings: Settings) -> HeadlineView:
    """Return the headline view of the generation the store serves now (of this code's schema)."""
    local = local_of(store)
    path = view_path(local.generation_dir()) if local is not None else None
    if path is None or not current(path):  # none, or written by an older build: built into the cache
        path = derived_files.built_once(store, settings, "headline", CACHE_SUFFIX, build_view)
    return opened(path)


def existing_view(store: GraphStore, settings: Settings) -> HeadlineView | None:
    """Return the view of the generation served now if it is written already (never built here), else None."""
    local = local_of(store)
    if local is not None:
        path = written_view(settings, local.generation_dir())
    else:
        cached = cache_path(settings, store.generation())
        path = cached if current(cached) else None
    return None if path is None else opened(path)
