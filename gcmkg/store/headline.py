"""The headline view: every row of `queries/recommendations-for-objective.rq`, precomputed per generation.

A store generation never changes once written, so the answer of the headline query for every objective can be
computed once (a few flat SPARQL scans joined here, not the 13-OPTIONAL query per objective) and kept in a
SQLite file with an index matching the query's ORDER BY. Each row is one group of the stored query
(one recommendation x link x text x comment x recommender x organisation type ... combination); the filter
columns (objective, actor type, language, method, confidence) sit beside the fields the REST item needs, and
two side tables answer the EXISTS filters (cited instrument, containing consultation). A third holds the
objective summaries, the answer of `queries/objectives.rq` (gcmkg/store/headline_objectives.py). See
decisions/0014-headline-view-and-answer-cache.md.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from pathlib import Path

import pyoxigraph as ox

from gcmkg.errors import StoreError
from gcmkg.store.headline_join import Joiner
from gcmkg.store.headline_objectives import write_objectives
from gcmkg.store.headline_stage import PREDICATES, Lookup, P, recommendation_nodes, stage
from gcmkg.store.local import VIEWS
from gcmkg.store.terms import OxTerm

__all__ = ["PREDICATES", "Select", "build_view", "store_select", "view_path"]
SCHEMA = 2  # 2: the objectives table (gcmkg/store/headline_objectives.py); older files are rebuilt
SUFFIX = ".headline.sqlite"
COLUMNS = (
    "objective", "actor_type", "actor_type_iri", "confidence", "recommendation", "seq", "lang", "method_term",
    "main", "text", "kind", "comment", "char_start", "char_end", "created", "recommender",
    "recommender_label", "organization", "organization_label", "link", "method", "evidence", "consultation",
    "addressees", "instruments",
)  # fmt: skip
DDL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    f"CREATE TABLE headline ({', '.join(COLUMNS)})",
    "CREATE TABLE reach (comment TEXT, container TEXT, PRIMARY KEY (comment, container)) WITHOUT ROWID",
    "CREATE TABLE cites (recommendation TEXT, instrument TEXT, PRIMARY KEY (recommendation, instrument))"
    " WITHOUT ROWID",
)
INSERT_ROW = "INSERT INTO headline VALUES (" + ", ".join("?" * len(COLUMNS)) + ")"  # noqa: S608 (no input)
INDEXES = (
    # The ORDER BY of the stored query (?actorType DESC(?confidence) ?recommendation) within one objective,
    # covering the cheap filter columns so that COUNT(*) with them reads the index only.
    "CREATE INDEX headline_order ON headline"
    " (objective, actor_type, confidence DESC, recommendation, seq, actor_type_iri, lang, method_term, main)",
)
STAGE = "stage"  # the attached staging database (a temporary file beside the view, removed at the end)
REACH_BATCH = 10_000
STAGE_PAGE = 65536  # the staging file is written once and read in index order: large pages
CACHE_MIB = 64  # SQLite's page cache per database, and what its sorter holds before spilling to disk
CITES = (
    "INSERT INTO cites SELECT DISTINCT r.s, f.nt FROM stage.recs r"
    " JOIN stage.facts f ON f.s = r.s AND f.p = ? ORDER BY 1, 2"
)
REACH = "INSERT INTO reach SELECT DISTINCT comment, container FROM stage.reach_pairs ORDER BY 1, 2"
Term = OxTerm | None
Row = tuple[Term, ...]
Select = Callable[[str], Iterable[Row]]  # rows index by position (tuples, or pyoxigraph solutions)


def view_path(generation: Path) -> Path:
    """Return the path of the headline view of a store generation directory (in the store's views/)."""
    return generation.parent.parent / VIEWS / f"{generation.name}{SUFFIX}"


def store_select(store: ox.Store) -> Select:
    """Return a Select over an open pyoxigraph store (the union of its named graphs), streaming."""

    def select(query: str) -> Iterable[Row]:
        result = store.query(query, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("the headline view needs SELECT results")
        return result  # solutions index by position, as rows do

    return select


def build_view(select: Select, target: Path, generation: str) -> int:
    """Write the headline view of the data behind select to target (atomically); return its row count."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staging = target.with_name(f".{target.name}.{os.getpid()}.stage.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        staging.unlink(missing_ok=True)
        count = _write(temporary, staging, select, generation)
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        _remove(temporary)
        raise StoreError(f"{target}: cannot write the headline view ({error})") from error
    except BaseException:  # the select failed (e.g. a server went away): nothing is left behind either
        _remove(temporary)
        raise
    finally:
        _remove(staging)
    return count


def _remove(path: Path) -> None:
    """Remove a temporary file if it is there (cleaning up never hides the error being reported)."""
    with suppress(OSError):
        path.unlink()


def _write(path: Path, staging: Path, select: Select, generation: str) -> int:
    """Fill a new SQLite file with the view's tables and indexes (facts staged beside it); return its rows."""
    connection = sqlite3.connect(path)
    try:
        _prepare(connection, staging)
        stage(connection, select, STAGE)
        count = _fill(connection)
        connection.execute(CITES, (P["cites"],))
        connection.execute(REACH)
        objectives = write_objectives(connection, STAGE)
        for statement in INDEXES:
            connection.execute(statement)
        meta = {
            "schema": str(SCHEMA),
            "generation": generation,
            "rows": str(count),
            "objectives": str(objectives),
        }
        connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        connection.commit()
        connection.execute(f"DETACH DATABASE {STAGE}")
    finally:
        connection.close()
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
    return count


def _prepare(connection: sqlite3.Connection, staging: Path) -> None:
    """Attach the staging file and create the view's tables (no journal: a failed file is deleted)."""
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")  # one writer, no other reader: no lock per statement
    connection.execute(f"ATTACH DATABASE ? AS {STAGE}", (str(staging),))
    connection.execute(f"PRAGMA {STAGE}.page_size={STAGE_PAGE}")
    for schema in ("main", STAGE):
        connection.execute(f"PRAGMA {schema}.journal_mode=OFF")
        connection.execute(f"PRAGMA {schema}.synchronous=OFF")
        connection.execute(f"PRAGMA {schema}.cache_size=-{CACHE_MIB * 1024}")
    connection.execute("PRAGMA temp_store=FILE")
    for statement in DDL:
        connection.execute(statement)


def _fill(connection: sqlite3.Connection) -> int:
    """Insert every row of the view, one recommendation at a time in IRI order; return the number of rows."""
    joiner = Joiner(Lookup(connection, STAGE))
    reach = "INSERT INTO stage.reach_pairs VALUES (?, ?)"

    def rows() -> Iterator[tuple[object, ...]]:
        pairs: list[tuple[str, str]] = []  # reach pairs, written REACH_BATCH at a time
        for found in recommendation_nodes(connection, STAGE):  # streamed on their own cursors
            pairs.extend(joiner.reach_pairs(found))
            if len(pairs) >= REACH_BATCH:
                connection.executemany(reach, pairs)
                pairs.clear()
            yield from joiner.rows(found)
        connection.executemany(reach, pairs)

    numbered = ((*row[:5], seq, *row[5:]) for seq, row in enumerate(rows()))
    return connection.executemany(INSERT_ROW, numbered).rowcount


def schema_of(connection: sqlite3.Connection) -> str | None:
    """Return the schema version a view file says it has (None when it says nothing)."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return None if row is None else str(row[0])
