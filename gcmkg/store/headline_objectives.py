"""The objective summaries of the headline view: the answer of `queries/objectives.rq`, from the staged facts.

Every gkg:GCMObjective with a skos:notation gets one row per combination of its notations and its EN, FR and
ES skos:prefLabels (each OPTIONAL, by language tag), as the query's GROUP BY gives them, with the number of
distinct recommendations that concern it (typed gkg:Recommendation, gkg:concernsObjective it, with a
gkg:recommendedBy) and of their distinct recommenders: 0/0 when nothing is linked. `sort` is
xsd:integer(?notation), the query's ORDER BY, and `exact` says whether the view computed that cast as SPARQL
does (plain or xsd:integer notations); api/services/stored_view.py answers the stored query only then.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from itertools import product

from gcmkg.store.headline_stage import Fact, P, node_of

XSD = "http://www.w3.org/2001/XMLSchema#"
COLUMNS = (
    "objective", "objective_term", "notation", "notation_term", "sort", "exact", "label_en", "label_fr",
    "label_es", "recommendations", "recommenders",
)  # fmt: skip
TABLE = f"CREATE TABLE objectives ({', '.join(COLUMNS)})"
INSERT = f"INSERT INTO objectives VALUES ({', '.join('?' * len(COLUMNS))})"  # noqa: S608 (no input)
LANGUAGES = ("en", "fr", "es")
INTEGER = re.compile(r"[+-]?[0-9]+")
INT64 = 2**63
COUNTS = (  # per objective term: its distinct recommendations (with a recommender) and distinct recommenders
    "SELECT c.nt, COUNT(DISTINCT c.s), COUNT(DISTINCT w.nt) FROM {s}.recs r"
    " CROSS JOIN {s}.facts c ON c.s = r.s AND c.p = ? CROSS JOIN {s}.facts w ON w.s = r.s AND w.p = ?"
    " GROUP BY c.nt"
)
OBJECTIVES = "SELECT s, nt FROM {s}.objs ORDER BY s"
FACTS = "SELECT p, nt, v, lang, num FROM {s}.facts WHERE s = ? AND p IN (?, ?) ORDER BY p, nt"


def cast(term: Fact) -> tuple[int | None, bool]:
    """Return xsd:integer(term) (None when SPARQL's cast fails) and whether the view computes it exactly."""
    nt = term.nt
    plain = nt.startswith('"') and (nt.endswith('"') or nt.endswith(f"^^<{XSD}string>"))
    if not (plain or nt.endswith(f"^^<{XSD}integer>")):
        return None, False  # another datatype, a language tag or a node: left to SPARQL
    if INTEGER.fullmatch(term.v) is None or not -INT64 <= int(term.v) < INT64:
        return None, True  # SPARQL's cast is an error: unbound, sorted first
    return int(term.v), True


def counts(connection: sqlite3.Connection, schema: str) -> dict[str, tuple[int, int]]:
    """Return (recommendations, recommenders) per objective N-Triples form, for the objectives linked to."""
    query = COUNTS.format(s=schema)
    rows = connection.execute(query, (P["concerns"], P["recommender"]))
    return {nt: (int(recs), int(recommenders)) for nt, recs, recommenders in rows}


def labels(facts: list[Fact], language: str) -> list[Fact | None]:
    """Return the labels of one language tag, or [None] (the OPTIONAL that did not match)."""
    return [fact for fact in facts if fact.lang == language] or [None]


def objective_rows(connection: sqlite3.Connection, schema: str) -> Iterator[tuple[object, ...]]:
    """Yield the rows of the objectives table (objectives in IRI order, combinations sorted by term)."""
    linked = counts(connection, schema)
    facts = FACTS.format(s=schema)
    for value, nt in connection.execute(OBJECTIVES.format(s=schema)).fetchall():
        node = node_of(connection.execute(facts, (value, P["notation"], P["pref_label"])))
        found = linked.get(nt, (0, 0))
        tagged = [labels(node[P["pref_label"]], language) for language in LANGUAGES]
        for notation in node[P["notation"]]:
            number, exact = cast(notation)
            for names in product(*tagged):
                texts = tuple(None if label is None else label.v for label in names)
                yield (value, nt, notation.v, notation.nt, number, int(exact), *texts, *found)


def write_objectives(connection: sqlite3.Connection, schema: str) -> int:
    """Create and fill the objectives table from the staged facts; return its number of rows."""
    connection.execute(TABLE)
    return connection.executemany(INSERT, objective_rows(connection, schema)).rowcount
