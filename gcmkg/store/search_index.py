"""The full-text index of one generation: every recommendation and comment text, folded, in SQLite FTS5.

`/search` finds the texts containing every word of a query, case- and accent-insensitively, recommendations
first then by IRI. The index holds each text of the stored query `texts` once, in that ranking order, with its
folded form (`fold`: no accents, case-folded, whitespace collapsed) and a trigram FTS5 index over the folded
forms. A search narrows the candidates with the trigram index (words of three characters or more) and keeps
those whose folded text contains every word (`instr`, exactly Python's `in`), so the answer is the one the
in-memory scan gave. Written per generation beside the headline view (`views/<generation>.search.sqlite`,
pruned with it) or lazily into the cache directory. See decisions/0015-stored-query-from-view.md.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gcmkg.errors import StoreError
from gcmkg.store.local import VIEWS
from gcmkg.store.terms import OxTerm
from gcmkg.stored_queries import load_queries

SUFFIX = ".search.sqlite"
SCHEMA = "1"
ORDERED = "ORDER BY ?kind ?item"  # the stored query's order; an engine sorting 100k+ texts costs seconds
TRIGRAM = 3  # the shortest word the trigram index can look up; shorter words are checked by instr only
DDL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE texts (seq INTEGER PRIMARY KEY, iri TEXT, kind TEXT, lang TEXT, text TEXT, folded TEXT)",
    "CREATE VIRTUAL TABLE texts_fts USING fts5(folded, content='texts', content_rowid='seq',"
    " tokenize='trigram case_sensitive 1')",
)
Select = Callable[[str], Iterable[tuple[OxTerm | None, ...]]]  # rows by position: item, kind, text, lang


def fold(value: str) -> str:
    """Return value without accents, case-folded, with whitespace collapsed."""
    if value.isascii():  # NFKD changes no ASCII text and it has no combining marks
        return " ".join(value.casefold().split())
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def index_path(generation: Path) -> Path:
    """Return where the search index of a store generation directory is written (beside its headline view)."""
    return generation.parent.parent / VIEWS / f"{generation.name}{SUFFIX}"


def lexical(term: OxTerm | None) -> str:
    """Return the lexical value of a term ('' when unbound)."""
    return "" if term is None else term.value


def texts_query() -> str:
    """Return the stored query `texts` without its ORDER BY (the rows are ranked here, in Python)."""
    text = load_queries()["texts"].text.rstrip()
    return text.removesuffix(ORDERED).rstrip()


def ranked(select: Select) -> list[tuple[str, str, str, str]]:
    """Return (iri, kind, lang, text) of every text: recommendations first, then by IRI, then by text."""
    rows = [
        (lexical(row[0]), lexical(row[1]), lexical(row[3]), lexical(row[2])) for row in select(texts_query())
    ]
    rows.sort(key=lambda row: (row[1] != "recommendation", row[0], row[1], row[3], row[2]))
    return rows


def build_index(select: Select, target: Path, generation: str) -> int:
    """Write the search index of the texts behind select to target (atomically); return their number."""
    rows = ranked(select)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        _write(temporary, rows, generation)
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        discard(temporary)
        raise StoreError(f"{target}: cannot write the search index ({error})") from error
    return len(rows)


def _write(path: Path, rows: list[tuple[str, str, str, str]], generation: str) -> None:
    """Fill a new SQLite file with the texts, their folded forms and the trigram index."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        for statement in DDL:
            connection.execute(statement)
        numbered = ((seq, *row, fold(row[3])) for seq, row in enumerate(rows))
        connection.executemany("INSERT INTO texts VALUES (?, ?, ?, ?, ?, ?)", numbered)
        connection.execute("INSERT INTO texts_fts(texts_fts) VALUES ('rebuild')")
        meta = {"schema": SCHEMA, "generation": generation, "texts": str(len(rows))}
        connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        connection.commit()
    finally:
        connection.close()
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class Found:
    """One text that matches: its item IRI, kind, language and text."""

    iri: str
    kind: str
    lang: str
    text: str


def phrase(word: str) -> str:
    """Return an FTS5 string literal matching word as a substring (trigram tokenizer)."""
    return '"' + word.replace('"', '""') + '"'


def where(words: list[str], kind: str | None) -> tuple[str, list[object]]:
    """Return the WHERE clause (fixed fragments, values as parameters) of the texts containing every word."""
    clauses = ["instr(folded, ?) > 0" for _ in words]
    params: list[object] = list(words)
    if kind is not None:
        clauses.append("kind = ?")
        params.append(kind)
    long_words = [word for word in words if len(word) >= TRIGRAM]
    if long_words:
        clauses.append("seq IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH ?)")
        params.append(" AND ".join(phrase(word) for word in long_words))
    return " AND ".join(clauses), params


def search_index(
    connection: sqlite3.Connection, words: list[str], kind: str | None, limit: int
) -> tuple[int, list[Found]]:
    """Return how many texts contain every (folded) word and the first `limit` of them, in ranking order."""
    if not words:
        return 0, []
    if any("\x00" in word for word in words):  # FTS5 query strings end at NUL: scan in Python instead
        return scan(connection, words, kind, limit)
    clause, params = where(words, kind)
    query = (
        f"WITH hit AS MATERIALIZED (SELECT seq FROM texts WHERE {clause})"  # noqa: S608 (fixed fragments)
        " SELECT (SELECT COUNT(*) FROM hit), t.iri, t.kind, t.lang, t.text"
        " FROM hit JOIN texts AS t ON t.seq = hit.seq ORDER BY hit.seq LIMIT ?"
    )
    rows = connection.execute(query, [*params, max(limit, 1)]).fetchall()  # one row at least: the total
    total = rows[0][0] if rows else 0
    return int(total), [Found(*row[1:]) for row in rows[: max(limit, 0)]]


def scan(
    connection: sqlite3.Connection, words: list[str], kind: str | None, limit: int
) -> tuple[int, list[Found]]:
    """Return what search_index returns, by reading every text of the kind (for words SQLite cannot take)."""
    query = "SELECT iri, kind, lang, text, folded FROM texts WHERE ? IS NULL OR kind = ? ORDER BY seq"
    found = [
        Found(*row[:4])
        for row in connection.execute(query, [kind, kind])
        if all(word in row[4] for word in words)
    ]
    return len(found), found[: max(limit, 0)]


def schema_of(connection: sqlite3.Connection) -> str | None:
    """Return the schema version an index file says it has (None when it says nothing)."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return None if row is None else str(row[0])


def discard(path: Path) -> None:
    """Remove a partly written file, if there is one to remove."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return
