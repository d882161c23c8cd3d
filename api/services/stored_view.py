"""The stored query recommendations-for-objective answered from the generation's headline view.

The view (gcmkg/store/headline.py, ADR 0014) holds every group of the stored query with its filter columns and
the query's ORDER BY as an index, but keeps lexical values, not RDF terms. The exact terms of a row (datatype,
language tag, IRI) are rebuilt from the values where the generation's term shapes say every term of that
column has one form (gcmkg/store/term_shapes.py), else read back from the store: one index lookup per
(subject, predicate), memoised per answer, the term whose value is the view's. The outcome then has the
variables, rows and terms of the SPARQL answer, so every result format serialises it the same way (ADR 0015).

Anything that does not line up returns None and the caller runs the SPARQL query: no embedded store, no view
file for the generation served now (a view being built, an external server), a query text other than the one
the view reproduces, a view value that matches no term or several.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph as ox

from api.execution import local_of
from api.services import derived_files
from api.services.derived_files import read_only
from api.services.headline import ORDER, view_filter, where, written_view
from gcmkg.config import Settings
from gcmkg.errors import ResultTooLarge, StoreError
from gcmkg.locks import exclusive
from gcmkg.store import GraphStore, LocalStore, QueryOutcome
from gcmkg.store.term_shapes import (
    INTEGER,
    PREDICATES,
    STRING,
    SUFFIX,
    Shapes,
    load_shapes,
    shapes_path,
    write_shapes,
)
from gcmkg.store.terms import OxTerm
from gcmkg.stored_queries import StoredQuery

NAME = "recommendations-for-objective"
OBJECTIVES = "objectives"
# sha256 of queries/recommendations-for-objective.rq and queries/objectives.rq, the texts the view reproduces
# (a test pins them).
TEXT_SHA256 = "0e4c73eebba45421dbefedc21536adda1751f170064372640de84c9904ae20c5"
OBJECTIVES_SHA256 = "f1720d742cc993a0a40397e54a45d71f4503104e83863fe6216a7b91b8591e90"
PINNED = {NAME: TEXT_SHA256, OBJECTIVES: OBJECTIVES_SHA256}
VARIABLES = (
    "recommendation", "text", "lang", "kind", "comment", "charStart", "charEnd", "created", "recommender",
    "recommenderLabel", "organization", "organizationLabel", "actorType", "link", "method", "confidence",
    "evidence", "consultation", "addressees", "instruments",
)  # fmt: skip
COLUMNS = (
    "recommendation", "text", "lang", "kind", "comment", "char_start", "char_end", "created", "recommender",
    "recommender_label", "organization", "organization_label", "actor_type", "link", "method_term",
    "confidence", "evidence", "consultation", "addressees", "instruments", "method",
)  # fmt: skip
DEFAULT_KIND = ox.Literal("recommendation")
OBJECTIVE_VARIABLES = (
    "objective",
    "notation",
    "labelEn",
    "labelFr",
    "labelEs",
    "recommendations",
    "recommenders",
)
OBJECTIVE_ROWS = (  # queries/objectives.rq's ORDER BY (an unbound cast first), one objective when bound
    "SELECT objective, objective_term, notation, notation_term, exact, label_en, label_fr, label_es,"
    " recommendations, recommenders FROM objectives WHERE ? IS NULL OR objective_term = ?"
    " ORDER BY sort, rowid LIMIT ?"
)
XSD_INTEGER = ox.NamedNode(INTEGER)
_SHAPES: dict[str, Shapes] = {}
_SHAPES_LOCK = threading.Lock()
MAX_OPEN = 4


class Mismatch(Exception):
    """A view value that matches no term of the store, or several: the SPARQL query must answer."""


def text_matches(query: StoredQuery) -> bool:
    """Return whether query is exactly one of the stored query texts the view reproduces."""
    return hashlib.sha256(query.text.encode("utf-8")).hexdigest() == PINNED.get(query.name)


def shapes_cache(settings: Settings, generation: str) -> Path:
    """Return where the term shapes of a generation are kept when its build did not write them."""
    return derived_files.cache_path(settings, "shapes", generation, SUFFIX)


def shapes_for(engine: ox.Store, settings: Settings, generation: Path) -> Shapes:
    """Return the term shapes of a generation: kept in memory, else read from its file, else computed once."""
    with _SHAPES_LOCK:
        found = _SHAPES.get(generation.name)
        if found is None:
            found = load_shapes(shapes_path(generation)) or cached_shapes(engine, settings, generation.name)
            if len(_SHAPES) >= MAX_OPEN:
                _SHAPES.clear()
            _SHAPES[generation.name] = found
    return found


def cached_shapes(engine: ox.Store, settings: Settings, generation: str) -> Shapes:
    """Return the shapes kept in the cache directory, computed and written first (once, under a lock)."""
    target = shapes_cache(settings, generation)
    target.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(target.with_name(f".{target.name}.lock")):
        found = load_shapes(target)
        if found is None:
            found = write_shapes(engine, target)
            for stale in target.parent.glob(f"*{SUFFIX}"):
                if stale.name != target.name:
                    stale.unlink(missing_ok=True)
    return found


def view_rows(path: Path, terms: Mapping[str, OxTerm], max_results: int) -> list[tuple[object, ...]]:
    """Return the view rows of the bound terms in the query's order; raise ResultTooLarge past the limit."""
    found = view_filter(terms)
    clause, params = where(found)
    query = f"SELECT {', '.join(COLUMNS)} FROM headline WHERE {clause} {ORDER} LIMIT ?"  # noqa: S608
    try:
        rows = read_only(path).execute(query, [*params, max_results + 1]).fetchall()
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot read the headline view ({error})") from error
    if len(rows) > max_results:
        raise ResultTooLarge(max_results)
    return rows


class Terms:
    """The store's objects per (subject, predicate), read once per answer; the terms view values stand for."""

    def __init__(self, engine: ox.Store) -> None:
        self.engine = engine
        self.memo: dict[tuple[str, str], list[OxTerm]] = {}
        self.nodes: dict[str, ox.NamedNode] = {}

    def node(self, value: str) -> ox.NamedNode:
        """Return the named node of an IRI (memoised)."""
        found = self.nodes.get(value)
        if found is None:
            found = self.nodes[value] = ox.NamedNode(value)
        return found

    def objects(self, subject: str, predicate: str) -> list[OxTerm]:
        """Return the distinct objects of (subject, predicate) in the named graphs (the queries' union)."""
        key = (subject, predicate)
        found = self.memo.get(key)
        if found is None:
            quads = self.engine.quads_for_pattern(self.node(subject), self.node(PREDICATES[predicate]), None)
            named = (q.object for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))
            found = list(dict.fromkeys(o for o in named if not isinstance(o, ox.Triple)))
            self.memo[key] = found
        return found

    def one(self, subject: str, predicate: str, same: Callable[[OxTerm], bool]) -> OxTerm:
        """Return the only object of (subject, predicate) for which same holds; raise Mismatch otherwise."""
        matching = [term for term in self.objects(subject, predicate) if same(term)]
        if len(matching) != 1:
            raise Mismatch(f"{subject} {predicate}: {len(matching)} terms match the view")
        return matching[0]

    def unbound(self, subject: str, predicate: str) -> OxTerm | None:
        """Return None when (subject, predicate) has no object, as the view says; raise Mismatch otherwise."""
        if self.objects(subject, predicate):
            raise Mismatch(f"{subject} {predicate}: the view has no value the store has")
        return None

    def lexical(self, subject: str, predicate: str, value: object) -> OxTerm | None:
        """Return the object of (subject, predicate) whose lexical value is value (None when unbound)."""
        if value is None:
            return self.unbound(subject, predicate)
        return self.one(subject, predicate, lambda term: term.value == value)

    def numeric(self, subject: str, predicate: str, value: object) -> OxTerm | None:
        """Return the numeric literal object of (subject, predicate) equal to value (None when unbound)."""
        if value is None:
            return self.unbound(subject, predicate)
        return self.one(subject, predicate, lambda term: numeric_value(term) == value)


def numeric_value(term: OxTerm) -> float | None:
    """Return the number a literal stands for, None when it is not a number."""
    if not isinstance(term, ox.Literal):
        return None
    try:
        return float(term.value)
    except ValueError:
        return None


class Rows:
    """Turns view rows into SELECT rows: terms rebuilt from values when the shapes allow, else looked up."""

    def __init__(self, terms: Terms, shapes: Shapes) -> None:
        self.terms, self.shapes = terms, shapes
        self.rebuilt: dict[tuple[str, object], OxTerm | None] = {}

    def regular(self, predicate: str, value: object) -> OxTerm | None:
        """Return the term the shapes rebuild from a value (memoised), None when it must be looked up."""
        key = (predicate, value)
        if key not in self.rebuilt:
            self.rebuilt[key] = self.shapes.literal(predicate, value)
        return self.rebuilt[key]

    def iri(self, subject: str, predicate: str, value: str) -> OxTerm:
        """Return the IRI (or, when the generation has others, the term) object of subject named value."""
        if self.shapes.iris:
            return node_of(self.terms, value)
        return self.terms.one(subject, predicate, lambda t: t.value == value)

    def literal(self, subject: str, predicate: str, value: object) -> OxTerm | None:
        """Return the literal object of subject whose lexical value is value (None when unbound)."""
        return self.regular(predicate, value) or self.terms.lexical(subject, predicate, value)

    def number(self, subject: str, predicate: str, value: object) -> OxTerm | None:
        """Return the numeric object of subject equal to value (None when unbound)."""
        return self.regular(predicate, value) or self.terms.numeric(subject, predicate, value)

    def text(self, rec: str, value: object, lang: object) -> OxTerm:
        """Return the gkg:text of rec with that value and language tag."""
        if self.shapes.tagged_text and lang:
            return ox.Literal(str(value), language=str(lang))
        return self.terms.one(rec, "text", lambda t: t.value == value and language(t) == lang)

    def kind(self, rec: str, value: object) -> OxTerm:
        """Return COALESCE(?statedKind, "recommendation")."""
        rebuilt = self.regular("kind", value) if self.shapes.datatypes.get("kind") == STRING else None
        if rebuilt is not None:  # a stated "recommendation" is the default's term
            return rebuilt
        if not self.terms.objects(rec, "kind"):
            return DEFAULT_KIND
        return self.terms.one(rec, "kind", lambda t: t.value == value)

    def concatenated(self, rec: str, predicate: str, value: object) -> OxTerm | None:
        """Return a GROUP_CONCAT column: unbound when the OPTIONAL matched nothing (STR(unbound) errs)."""
        if self.shapes.iris:  # IRIs are never empty: an empty column means no object
            return ox.Literal(str(value)) if value else None
        return ox.Literal(str(value)) if self.terms.objects(rec, predicate) else None

    def method(self, link: str, term: object, lexical: object) -> OxTerm:
        """Return the gkg:method of link whose N-Triples form is term."""
        rebuilt = ox.Literal(str(lexical))
        if self.shapes.datatypes.get("method") == STRING and str(rebuilt) == term:
            return rebuilt
        return self.terms.one(link, "method", lambda t: str(t) == term)

    def offsets(self, rec: str, start: object, end: object) -> tuple[OxTerm | None, OxTerm | None]:
        """Return the charStart and charEnd terms (both bound or neither, as the OPTIONAL binds them)."""
        if start is None or end is None:
            if self.terms.objects(rec, "start") and self.terms.objects(rec, "end"):
                raise Mismatch(f"{rec}: offsets the view could not read as integers")
            return None, None
        return self.number(rec, "start", start), self.number(rec, "end", end)

    def organization(self, recommender: str, organization: str, fallback: OxTerm) -> OxTerm:
        """Return COALESCE(?memberOrg, ?recommender): the organisation spoken for, else the recommender."""
        if self.shapes.iris:
            return fallback if organization == recommender else node_of(self.terms, organization)
        if self.terms.objects(recommender, "member"):
            return self.terms.one(recommender, "member", lambda t: t.value == organization)
        return fallback

    def row(self, row: tuple[object, ...], bound: OxTerm | None) -> tuple[OxTerm | None, ...]:
        """Return the SELECT row (VARIABLES order) of one view row."""
        (rec, text, lang, kind, comment, start, end, created, recommender, recommender_label, organization,
         organization_label, actor_type, link, method, confidence, evidence, consultation, addressees,
         instruments, method_lexical) = row  # fmt: skip
        r, c, a, o, k = str(rec), str(comment), str(recommender), str(organization), str(link)
        recommender_term = self.iri(r, "recommender", a)
        return (
            node_of(self.terms, r),
            self.text(r, text, lang),
            ox.Literal(str(lang)),
            self.kind(r, kind),
            self.iri(r, "comment", c),
            *self.offsets(r, start, end),
            self.literal(c, "created", created),
            recommender_term,
            self.literal(a, "label", recommender_label),
            self.organization(a, o, recommender_term),
            self.literal(o, "label", organization_label),
            ox.Literal(str(actor_type)),
            self.iri(r, "link", k),
            self.method(k, method, method_lexical),
            self.number(k, "confidence", confidence),
            self.literal(k, "evidence", evidence),
            bound if bound is not None else consultation_term(self.terms, consultation),
            self.concatenated(r, "addressee", addressees),
            self.concatenated(r, "cites", instruments),
        )


def language(term: OxTerm) -> str:
    """Return the language tag of a literal ('' for none or another kind of term)."""
    return (term.language or "") if isinstance(term, ox.Literal) else ""


def node_of(terms: Terms, value: str) -> ox.NamedNode:
    """Return the named node of a subject the view names; raise Mismatch when it is not an IRI."""
    try:
        return terms.node(value)
    except ValueError as error:
        raise Mismatch(f"{value!r} is not an IRI") from error


def consultation_term(terms: Terms, value: object) -> OxTerm | None:
    """Return the consultation's node (None when the comment is in none)."""
    return None if value is None else node_of(terms, str(value))


def answering_view(
    store: GraphStore, settings: Settings, query: StoredQuery, name: str
) -> tuple[LocalStore, Path, Path] | None:
    """Return (embedded store, generation, view file) when the view may answer the stored query `name`."""
    local = local_of(store)
    if local is None or query.name != name or not text_matches(query):
        return None
    generation = local.generation_dir()
    path = written_view(settings, generation)  # the build's, or one built lazily into the cache
    return None if path is None else (local, generation, path)


def answer(
    store: GraphStore, settings: Settings, query: StoredQuery, terms: Mapping[str, OxTerm]
) -> QueryOutcome | None:
    """Return the stored query's outcome read from the view, or None when the view cannot answer it."""
    found = answering_view(store, settings, query, NAME)
    if found is None:
        return None
    local, generation, path = found
    engine = local.engine()
    if local.generation() != generation.name:  # the pointer moved between the two reads
        return None
    rows = view_rows(path, terms, settings.max_results)
    maker = Rows(Terms(engine), shapes_for(engine, settings, generation))
    bound = terms.get("consultation")
    try:
        out = tuple(maker.row(row, bound) for row in rows)
    except (Mismatch, ValueError):  # ValueError: a value pyoxigraph refuses as a term
        return None
    return QueryOutcome(kind="select", variables=VARIABLES, rows=out)


def objective_term(row: tuple[object, ...]) -> tuple[OxTerm | None, ...]:
    """Return the SELECT row (OBJECTIVE_VARIABLES order) of one row of the view's objectives table."""
    objective, term, notation, notation_term, exact, en, fr, es, recommendations, recommenders = row
    if not exact or not str(term).startswith("<"):  # a cast or a node the view does not reproduce
        raise Mismatch(f"{term} {notation_term}: left to SPARQL")
    typed = str(notation_term).endswith(f"^^<{INTEGER}>")
    labels = (
        None if text is None else ox.Literal(str(text), language=lang)
        for text, lang in ((en, "en"), (fr, "fr"), (es, "es"))
    )
    return (
        ox.NamedNode(str(objective)),
        ox.Literal(str(notation), datatype=XSD_INTEGER) if typed else ox.Literal(str(notation)),
        *labels,
        ox.Literal(str(recommendations), datatype=XSD_INTEGER),
        ox.Literal(str(recommenders), datatype=XSD_INTEGER),
    )


def objectives_answer(
    store: GraphStore, settings: Settings, query: StoredQuery, terms: Mapping[str, OxTerm]
) -> QueryOutcome | None:
    """Return the outcome of the stored query objectives read from the view, None when it cannot answer."""
    found = answering_view(store, settings, query, OBJECTIVES)
    if found is None:
        return None
    local, generation, path = found
    bound = None if terms.get("objective") is None else str(terms["objective"])
    try:
        rows = read_only(path).execute(OBJECTIVE_ROWS, (bound, bound, settings.max_results + 1)).fetchall()
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot read the headline view ({error})") from error
    if local.generation() != generation.name:  # the pointer moved while reading
        return None
    if len(rows) > settings.max_results:
        raise ResultTooLarge(settings.max_results)
    try:
        out = tuple(objective_term(row) for row in rows)
    except (Mismatch, ValueError):  # ValueError: a value pyoxigraph refuses as a term
        return None
    return QueryOutcome(kind="select", variables=OBJECTIVE_VARIABLES, rows=out)
