"""The headline view: every row of `queries/recommendations-for-objective.rq`, precomputed per generation.

A store generation never changes once written, so the answer of the headline query for every objective can be
computed once (a few flat SPARQL scans joined here, not the 13-OPTIONAL query per objective) and kept in a
SQLite file with an index matching the query's ORDER BY. Each row is one group of the stored query
(one recommendation x link x text x comment x recommender x organisation type ... combination); the filter
columns (objective, actor type, language, method, confidence) sit beside the fields the REST item needs, and
two side tables answer the EXISTS filters (cited instrument, containing consultation). See
decisions/0014-headline-view-and-answer-cache.md.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from gcmkg.errors import StoreError
from gcmkg.store.local import VIEWS
from gcmkg.store.terms import OxTerm
from gcmkg.store.values import integer, number

SCHEMA = 1
SUFFIX = ".headline.sqlite"
GKG = "https://w3id.org/gcmkg/ontology#"
SPECIFIC_TYPES = frozenset(
    f"{GKG}{name}"
    for name in (
        "State", "GovernmentBody", "UNEntity", "IntergovernmentalOrganization", "TradeUnion",
        "CivilSocietyOrganization", "AcademicInstitution", "LocalGovernment", "PrivateSector", "Network",
    )
)  # fmt: skip
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
}
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
CONSULTATION = f"{GKG}Consultation"
PERSON = f"{GKG}Person"
RECOMMENDATION = f"{GKG}Recommendation"
Term = OxTerm | None
Row = tuple[Term, ...]
Select = Callable[[str], Iterable[Row]]  # rows index by position (tuples, or pyoxigraph solutions)
Facts = dict[str, dict[str, list[OxTerm]]]  # predicate name -> subject value -> objects


def view_path(generation: Path) -> Path:
    """Return the path of the headline view of a store generation directory (in the store's views/)."""
    return generation.parent.parent / VIEWS / f"{generation.name}{SUFFIX}"


def edges_query(predicate: str) -> str:
    """Return the flat query of every (subject, object) pair of one predicate."""
    return f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"


def store_select(store: ox.Store) -> Select:
    """Return a Select over an open pyoxigraph store (the union of its named graphs), streaming."""

    def select(query: str) -> Iterable[Row]:
        result = store.query(query, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("the headline view needs SELECT results")
        return result  # solutions index by position, as rows do

    return select


def read_facts(select: Select) -> Facts:
    """Return, per predicate name, each subject's objects (distinct, sorted by their N-Triples form)."""
    facts: Facts = {}
    for name, predicate in PREDICATES.items():
        pairs: dict[str, list[OxTerm]] = {}
        for row in select(edges_query(predicate)):  # DISTINCT: no pair twice
            subject, obj = row[0], row[1]
            if subject is not None and obj is not None:
                pairs.setdefault(subject.value, []).append(obj)
        for objs in pairs.values():
            if len(objs) > 1:
                objs.sort(key=str)
        facts[name] = pairs
    return facts


def lexical(term: OxTerm | None) -> str | None:
    """Return the lexical value of a term, None when unbound."""
    return None if term is None else term.value


def joined(terms: Iterable[OxTerm]) -> str:
    """Return a GROUP_CONCAT(DISTINCT STR(..)) column as the API reads it: parts sorted, space-joined."""
    return " ".join(sorted(part for term in terms for part in term.value.split(" ") if part))


class Group(NamedTuple):
    """One combination of a recommendation's own joins and OPTIONALs (the actor's come after)."""

    link: OxTerm
    objective: OxTerm
    method: OxTerm
    confidence: Term
    evidence: Term
    text: OxTerm
    comment: OxTerm
    recommender: OxTerm
    kind: Term
    start: Term
    end: Term
    created: Term


class Actor(NamedTuple):
    """One combination of a recommender's label, the organisation it speaks for, its label and type."""

    label: Term
    org: OxTerm
    org_label: Term
    type_iri: str


@dataclass
class Joiner:
    """Joins the flat facts into the rows of the headline query, caching per comment and per actor."""

    facts: Facts
    types: dict[str, frozenset[str]] = field(init=False)
    reach_cache: dict[str, list[OxTerm]] = field(default_factory=dict)
    actor_cache: dict[str, list[Actor]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.types = {s: frozenset(t.value for t in types) for s, types in self.facts["type"].items()}

    def of(self, name: str, subject: OxTerm | str) -> list[OxTerm]:
        """Return the objects of subject (a term or its IRI) for one predicate name."""
        return self.facts[name].get(subject if isinstance(subject, str) else subject.value, [])

    def reach(self, comment: OxTerm) -> list[OxTerm]:
        """Return every container reachable from a comment by sioc:has_container+ (sorted, distinct)."""
        key = comment.value
        if key not in self.reach_cache:
            seen: dict[str, OxTerm] = {}
            todo = list(self.of("container", comment))
            while todo:
                node = todo.pop()
                if node.value not in seen:
                    seen[node.value] = node
                    todo.extend(self.of("container", node))
            self.reach_cache[key] = sorted(seen.values(), key=str)
        return self.reach_cache[key]

    def consultations(self, comment: OxTerm) -> list[OxTerm | None]:
        """Return the containers of a comment typed gkg:Consultation, or [None] (the OPTIONAL)."""
        typed: list[Term] = [c for c in self.reach(comment) if CONSULTATION in self.types.get(c.value, ())]
        return typed or [None]

    def opt(self, name: str, subject: OxTerm | str) -> list[Term]:
        """Return the objects of subject for one predicate, or [None] (an OPTIONAL that did not match)."""
        return list(self.of(name, subject)) or [None]

    def actor_parts(self, recommender: OxTerm) -> list[Actor]:
        """Return the label, organisation, organisation label and actor type combinations of a recommender."""
        if recommender.value not in self.actor_cache:
            orgs = self.of("member", recommender) or [recommender]  # COALESCE(?memberOrg, ?recommender)
            self.actor_cache[recommender.value] = [
                Actor(label, org, org_label, iri)
                for label in self.opt("label", recommender)
                for org in orgs
                for org_label, iri in self.org_parts(org)
            ]
        return self.actor_cache[recommender.value]

    def org_parts(self, org: OxTerm) -> list[tuple[Term, str]]:
        """Return (organisation label, actor type IRI) combinations of an organisation."""
        types = self.types.get(org.value, frozenset())
        specific: list[str | None] = [*sorted(SPECIFIC_TYPES & types)] or [None]
        fallback = f"{GKG}{'Person' if PERSON in types else 'Organization'}"
        return [
            (label, fallback if kind is None else kind)
            for kind in specific
            for label in self.opt("label", org)
        ]

    def groups(self, rec: str) -> Iterator[Group]:
        """Yield the combinations of a recommendation's joins and OPTIONALs, before the actor's."""
        starts, ends = self.of("start", rec), self.of("end", rec)
        offsets: list[tuple[Term, Term]] = list(product(starts, ends)) if starts and ends else [(None, None)]
        for link in self.of("link", rec):
            heads = product(
                self.of("objective", link), self.of("method", link), self.opt("confidence", link),
                self.opt("evidence", link), self.of("text", rec), self.of("comment", rec),
                self.of("recommender", rec), self.opt("kind", rec), offsets,
            )  # fmt: skip
            for objective, method, confidence, evidence, text, comment, recommender, kind, offset in heads:
                for created in self.opt("created", comment):
                    yield Group(
                        link, objective, method, confidence, evidence, text, comment, recommender, kind,
                        offset[0], offset[1], created,
                    )  # fmt: skip

    def rows(self, rec: str) -> Iterator[tuple[object, ...]]:
        """Yield the view rows of one recommendation (none when a required pattern does not match)."""
        shared = (joined(self.of("addressee", rec)), joined(self.of("cites", rec)))
        for g in self.groups(rec):
            lang = g.text.language if isinstance(g.text, ox.Literal) and g.text.language else ""
            kind = "recommendation" if g.kind is None else g.kind.value
            for actor in self.actor_parts(g.recommender):
                actor_type = actor.type_iri.partition("#")[2]
                head = (str(g.objective), actor_type, actor.type_iri, number(g.confidence), rec)
                fields = (
                    g.text.value, kind, g.comment.value, integer(g.start), integer(g.end), lexical(g.created),
                    g.recommender.value, lexical(actor.label), actor.org.value, lexical(actor.org_label),
                    g.link.value, g.method.value, lexical(g.evidence),
                )  # fmt: skip
                for main, consultation in enumerate(self.consultations(g.comment)):
                    yield (
                        *head,
                        lang,
                        str(g.method),
                        int(main == 0),
                        *fields,
                        lexical(consultation),
                        *shared,
                    )


def recommendations(joiner: Joiner) -> list[str]:
    """Return every subject typed gkg:Recommendation (its IRI), sorted."""
    return sorted(s for s, types in joiner.types.items() if RECOMMENDATION in types)


def build_view(select: Select, target: Path, generation: str) -> int:
    """Write the headline view of the data behind select to target (atomically); return its row count."""
    facts = read_facts(select)
    joiner = Joiner(facts)
    recs = recommendations(joiner)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        count = _write(temporary, joiner, recs, generation)
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        temporary.unlink(missing_ok=True)
        raise StoreError(f"{target}: cannot write the headline view ({error})") from error
    return count


def _write(path: Path, joiner: Joiner, recs: list[str], generation: str) -> int:
    """Fill a new SQLite file with the view's tables and indexes; return the number of rows."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        for statement in DDL:
            connection.execute(statement)
        rows = (row for rec in recs for row in joiner.rows(rec))
        numbered = ((*row[:5], seq, *row[5:]) for seq, row in enumerate(rows))
        count = connection.executemany(INSERT_ROW, numbered).rowcount
        reach = {
            (c.value, str(k)) for rec in recs for c in joiner.of("comment", rec) for k in joiner.reach(c)
        }
        connection.executemany("INSERT INTO reach VALUES (?, ?)", sorted(reach))
        cites = {(rec, str(i)) for rec in recs for i in joiner.of("cites", rec)}
        connection.executemany("INSERT INTO cites VALUES (?, ?)", sorted(cites))
        for statement in INDEXES:
            connection.execute(statement)
        meta = {"schema": str(SCHEMA), "generation": generation, "rows": str(count)}
        connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        connection.commit()
    finally:
        connection.close()
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
    return count
