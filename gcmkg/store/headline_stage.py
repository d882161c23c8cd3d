"""The headline view's facts, staged on disk: each predicate's pairs streamed into SQLite, looked up per node.

The view's join needs, per recommendation, the objects of ~18 predicates of a few nodes (the recommendation,
its objective link, its comment and that comment's containers, its recommender and the organisation it speaks
for). Holding every pair in Python grew with the data (2.4 GiB at 1,000 pages); instead every pair goes, as it
comes out of the select, into one SQLite table of a staging file, indexed by subject once loaded, and the join
reads one node's facts at a time through that index, keeping only small bounded caches (decisions/0014).
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

import pyoxigraph as ox

from gcmkg.store.terms import OxTerm
from gcmkg.store.values import integer, number

GKG = "https://w3id.org/gcmkg/ontology#"
PREDICATES = {
    "type": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "link": f"{GKG}objectiveLink",
    "objective": f"{GKG}objective",
    "method": f"{GKG}method",
    "confidence": f"{GKG}confidence",
    "evidence": f"{GKG}evidence",
    "text": f"{GKG}text",
    "comment": "http://www.w3.org/ns/prov#wasDerivedFrom",
    "recommender": f"{GKG}recommendedBy",
    "kind": f"{GKG}statementKind",
    "start": f"{GKG}charStart",
    "end": f"{GKG}charEnd",
    "created": "http://purl.org/dc/terms/created",
    "container": "http://rdfs.org/sioc/ns#has_container",
    "addressee": f"{GKG}addressedTo",
    "cites": "http://purl.org/spar/cito/cites",
    "label": "http://www.w3.org/2000/01/rdf-schema#label",
    "member": "http://www.w3.org/ns/org#memberOf",
    # the objective summaries (queries/objectives.rq): appended, so the numbers above stay as they were
    "concerns": f"{GKG}concernsObjective",
    "notation": "http://www.w3.org/2004/02/skos/core#notation",
    "pref_label": "http://www.w3.org/2004/02/skos/core#prefLabel",
}
P = {
    name: index for index, name in enumerate(PREDICATES)
}  # predicate name -> its number in the staging table
RECOMMENDATION = f"{GKG}Recommendation"
CONSULTATION = f"{GKG}Consultation"
OBJECTIVE = f"{GKG}GCMObjective"
PERSON = f"{GKG}Person"
SPECIFIC_TYPES = frozenset(
    f"{GKG}{name}"
    for name in (
        "State", "GovernmentBody", "UNEntity", "IntergovernmentalOrganization", "TradeUnion",
        "CivilSocietyOrganization", "AcademicInstitution", "LocalGovernment", "PrivateSector", "Network",
    )
)  # fmt: skip
CLASSES = SPECIFIC_TYPES | {RECOMMENDATION, CONSULTATION, PERSON}  # the only rdf:type objects the join reads
CACHE_ENTRIES = 8192  # nodes (recommenders, organisations, comments, containers) kept between lookups
STAGE_DDL = (
    "CREATE TABLE facts (s TEXT, p INTEGER, nt TEXT, v TEXT, lang TEXT, num)",
    "CREATE TABLE recs (s TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE reach_pairs (comment TEXT, container TEXT)",
    "CREATE TABLE objs (s TEXT PRIMARY KEY, nt TEXT) WITHOUT ROWID",  # the objectives (value, N-Triples)
)
RECS_QUERY = f"SELECT ?s WHERE {{ ?s a <{RECOMMENDATION}> }}"  # the subject only: one term to decode, not two
OBJS_QUERY = f"SELECT ?s WHERE {{ ?s a <{OBJECTIVE}> }}"
NODE_INDEX = "CREATE INDEX facts_node ON facts (s, p, nt, v, lang, num)"
NODE_FACTS = "SELECT p, nt, v, lang, num FROM facts WHERE s = ? ORDER BY p, nt"
REC_FACTS = (  # CROSS JOIN fixes the loop order, so the index gives the ORDER BY without sorting
    "SELECT r.s, f.p, f.nt, f.v, f.lang, f.num FROM recs r CROSS JOIN facts f ON f.s = r.s"
    " ORDER BY r.s, f.p, f.nt"
)
NEAR_FACTS = (  # the facts of each recommendation's links, comments and recommenders (sorted per node only)
    "SELECT r.s, l.v, f.p, f.nt, f.v, f.lang, f.num FROM recs r"
    " CROSS JOIN facts l ON l.s = r.s AND l.p IN (?, ?, ?) CROSS JOIN facts f ON f.s = l.v"
    " ORDER BY r.s, l.p, l.nt, f.p, f.nt"
)

K = TypeVar("K")
V = TypeVar("V")
Select = Callable[[str], Iterable[tuple[OxTerm | None, ...]]]
StagedRow = tuple[str, int, str, str, str | None, float | int | None]


class Fact(NamedTuple):
    """One object of a subject: its N-Triples form (the sort key), lexical value, language and number."""

    nt: str
    v: str
    lang: str | None
    num: float | int | None


class Node(dict[int, list[Fact]]):
    """A subject's objects per predicate number (distinct, sorted by N-Triples form); none when absent."""

    def __missing__(self, key: int) -> list[Fact]:
        """Return no objects for a predicate the subject does not have."""
        return []


class Recommendation(NamedTuple):
    """A recommendation's IRI, its facts and those of its links, comments and recommenders (by value)."""

    iri: str
    facts: Node
    near: dict[str, Node]


def edges_query(name: str) -> str:
    """Return the flat query of the (subject, object) pairs of one predicate (duplicates dropped later)."""
    if name == "type":  # only the classes the join asks about (recommendations go to their own table)
        classes = " ".join(f"<{iri}>" for iri in sorted(CLASSES - {RECOMMENDATION}))
        return f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {classes} }} ?s <{PREDICATES[name]}> ?o }}"
    return f"SELECT ?s ?o WHERE {{ ?s <{PREDICATES[name]}> ?o }}"


def convert(name: str) -> Callable[[OxTerm], tuple[str | None, float | int | None]] | None:
    """Return the function giving the language and number columns of one predicate's objects, if any."""
    if name in ("text", "pref_label"):
        return lambda o: ((o.language or "") if isinstance(o, ox.Literal) else "", None)
    if name == "confidence":
        return lambda o: (None, number(o))
    if name in ("start", "end"):
        return lambda o: (None, integer(o))
    return None


def staged_rows(select: Select, name: str) -> Iterator[StagedRow]:
    """Yield the staging rows of one predicate's pairs, as the select streams them."""
    extra, index = convert(name), P[name]
    for row in select(edges_query(name)):
        subject, obj = row[0], row[1]
        if subject is None or obj is None:
            continue
        if extra is None:
            yield (subject.value, index, str(obj), obj.value, None, None)
        else:
            yield (subject.value, index, str(obj), obj.value, *extra(obj))


def stage(connection: sqlite3.Connection, select: Select, schema: str = "main") -> None:
    """Stream every pair of the view's predicates into the staging tables of schema, then index them."""
    for statement in STAGE_DDL:
        connection.execute(statement.replace("CREATE TABLE ", f"CREATE TABLE {schema}."))
    insert = f"INSERT INTO {schema}.facts VALUES (?, ?, ?, ?, ?, ?)"  # noqa: S608 (fixed schema name)
    recs = (row[0].value for row in select(RECS_QUERY) if row[0] is not None)
    connection.executemany(f"INSERT OR IGNORE INTO {schema}.recs VALUES (?)", ((s,) for s in recs))  # noqa: S608
    objs = ((row[0].value, str(row[0])) for row in select(OBJS_QUERY) if row[0] is not None)
    connection.executemany(f"INSERT OR IGNORE INTO {schema}.objs VALUES (?, ?)", objs)  # noqa: S608
    for name in PREDICATES:
        connection.executemany(insert, staged_rows(select, name))
    connection.execute(NODE_INDEX.replace("INDEX ", f"INDEX {schema}."))


def node_of(rows: Iterable[tuple[Any, ...]], first: int = 0) -> Node:
    """Return a node's facts from rows sorted by (predicate, N-Triples) at column first, deduplicated."""
    node = Node()
    for row in rows:
        p, nt, v, lang, num = row[first:] if first else row
        objects = node.get(p)
        if objects is None:
            node[p] = [Fact(nt, v, lang, num)]
        elif objects[-1].nt != nt:
            objects.append(Fact(nt, v, lang, num))
    return node


def in_schema(query: str, schema: str) -> str:
    """Return a staging query reading the tables of schema."""
    return query.replace(" recs ", f" {schema}.recs ").replace(" facts ", f" {schema}.facts ")


def recommendation_nodes(connection: sqlite3.Connection, schema: str = "main") -> Iterator[Recommendation]:
    """Yield each recommendation (IRI order) with its and its neighbours' facts, streamed from the index."""
    recs = groupby(connection.cursor().execute(in_schema(REC_FACTS, schema)), itemgetter(0))
    near = (P["link"], P["comment"], P["recommender"])
    links = groupby(connection.cursor().execute(in_schema(NEAR_FACTS, schema), near), itemgetter(0))
    pending = next(links, None)
    for iri, rows in recs:
        while pending is not None and pending[0] < iri:
            pending = next(links, None)
        found: dict[str, Node] = {}
        if pending is not None and pending[0] == iri:
            for link, link_rows in groupby(pending[1], itemgetter(1)):
                if link not in found:  # the same subject value under two N-Triples forms: the same facts
                    found[link] = node_of(link_rows, 2)
            pending = next(links, None)
        yield Recommendation(iri, node_of(rows, 1), found)


class LRU(Generic[K, V]):
    """A mapping keeping only its `entries` most recently used keys (the join's bounded caches)."""

    def __init__(self, entries: int | None = None) -> None:
        self.entries = CACHE_ENTRIES if entries is None else entries
        self.items: OrderedDict[K, V] = OrderedDict()
        self.peak = 0  # the most keys ever held at once (the memory bound, checked by the tests)

    def get(self, key: K, compute: Callable[[K], V]) -> V:
        """Return the value of key, computing and keeping it when not held."""
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
            return found
        found = self.items[key] = compute(key)
        if len(self.items) > self.entries:
            self.items.popitem(last=False)
        self.peak = max(self.peak, len(self.items))
        return found


class Lookup:
    """Reads one node's facts through the staging index, keeping the most recently asked nodes."""

    def __init__(self, connection: sqlite3.Connection, schema: str = "main") -> None:
        self.connection = connection
        self.query = NODE_FACTS.replace(" facts ", f" {schema}.facts ")
        self.cache: LRU[str, Node] = LRU()

    def fetch(self, subject: str) -> Node:
        """Return a node's facts read from the index (not cached)."""
        return node_of(self.connection.execute(self.query, (subject,)))

    def node(self, subject: str) -> Node:
        """Return a node's facts, from the cache when asked for recently."""
        return self.cache.get(subject, self.fetch)
