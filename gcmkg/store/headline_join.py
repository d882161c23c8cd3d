"""The headline view's join: one recommendation's facts (and a few neighbours') into the stored query's rows.

It follows `queries/recommendations-for-objective.rq`: required patterns as products of the objects found,
OPTIONALs as "the objects, or one unbound", the COALESCEs, and `sioc:has_container+` as a transitive closure.
Objects come sorted by their N-Triples form, so the rows and their order are fixed by the data alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import product
from typing import NamedTuple

from gcmkg.store.headline_stage import (
    CONSULTATION,
    GKG,
    LRU,
    PERSON,
    SPECIFIC_TYPES,
    Fact,
    Lookup,
    Node,
    P,
    Recommendation,
)

Term = Fact | None
LINK, OBJECTIVE, METHOD, CONFIDENCE, EVIDENCE = (
    P["link"],
    P["objective"],
    P["method"],
    P["confidence"],
    P["evidence"],
)
TEXT, COMMENT, RECOMMENDER, KIND = P["text"], P["comment"], P["recommender"], P["kind"]
START, END, CREATED, CONTAINER = P["start"], P["end"], P["created"], P["container"]
ADDRESSEE, CITES, LABEL, MEMBER, TYPE = P["addressee"], P["cites"], P["label"], P["member"], P["type"]


def lexical(term: Term) -> str | None:
    """Return the lexical value of a term, None when unbound."""
    return None if term is None else term.v


def numeric(term: Term) -> float | int | None:
    """Return the number of a term (confidence, offsets), None when unbound or not a number."""
    return None if term is None else term.num


def joined(terms: Iterable[Fact]) -> str:
    """Return a GROUP_CONCAT(DISTINCT STR(..)) column as the API reads it: parts sorted, space-joined."""
    return " ".join(sorted(part for term in terms for part in term.v.split(" ") if part))


def opt(objects: list[Fact]) -> list[Term]:
    """Return the objects, or [None] (an OPTIONAL that did not match)."""
    return list(objects) or [None]


def types_of(node: Node) -> frozenset[str]:
    """Return the IRIs of a node's rdf:type objects."""
    return frozenset(t.v for t in node[TYPE])


class Group(NamedTuple):
    """One combination of a recommendation's own joins and OPTIONALs (the actor's come after)."""

    link: Fact
    objective: Fact
    method: Fact
    confidence: Term
    evidence: Term
    text: Fact
    comment: Fact
    recommender: Fact
    kind: Term
    start: Term
    end: Term
    created: Term


class Actor(NamedTuple):
    """One combination of a recommender's label, the organisation it speaks for, its label and type."""

    label: Term
    org: Fact
    org_label: Term
    type_iri: str


class Joiner:
    """Joins one recommendation at a time, reading neighbours through a Lookup, with bounded caches."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.near: dict[str, Node] = {}  # the current recommendation's links, comments and recommenders
        self.reach_cache: LRU[str, list[Fact]] = LRU()
        self.actor_cache: LRU[str, list[Actor]] = LRU()

    def node(self, subject: str) -> Node:
        """Return a node's facts: streamed with the current recommendation, else looked up (cached)."""
        found = self.near.get(subject)
        return self.lookup.node(subject) if found is None else found

    def reach(self, comment: Fact) -> list[Fact]:
        """Return every container reachable from a comment by sioc:has_container+ (sorted, distinct)."""
        return self.reach_cache.get(comment.v, self._reach)

    def _reach(self, comment: str) -> list[Fact]:
        """Return the containers reachable from the node comment (computed)."""
        seen: dict[str, Fact] = {}
        todo = list(self.node(comment)[CONTAINER])
        while todo:
            node = todo.pop()
            if node.v not in seen:
                seen[node.v] = node
                todo.extend(self.lookup.node(node.v)[CONTAINER])
        return sorted(seen.values(), key=lambda fact: fact.nt)

    def consultations(self, comment: Fact) -> list[Term]:
        """Return the containers of a comment typed gkg:Consultation, or [None] (the OPTIONAL)."""
        typed: list[Term] = [
            c for c in self.reach(comment) if CONSULTATION in types_of(self.lookup.node(c.v))
        ]
        return typed or [None]

    def actor_parts(self, recommender: Fact) -> list[Actor]:
        """Return the label, organisation, organisation label and actor type combinations of a recommender."""
        return self.actor_cache.get(recommender.v, lambda _: self._actor_parts(recommender))

    def _actor_parts(self, recommender: Fact) -> list[Actor]:
        """Return the actor combinations of a recommender (computed)."""
        node = self.node(recommender.v)
        orgs = node[MEMBER] or [recommender]  # COALESCE(?memberOrg, ?recommender)
        return [
            Actor(label, org, org_label, iri)
            for label in opt(node[LABEL])
            for org in orgs
            for org_label, iri in self.org_parts(org)
        ]

    def org_parts(self, org: Fact) -> list[tuple[Term, str]]:
        """Return (organisation label, actor type IRI) combinations of an organisation."""
        node = self.node(org.v)
        types = types_of(node)
        specific: list[str | None] = [*sorted(SPECIFIC_TYPES & types)] or [None]
        fallback = f"{GKG}{'Person' if PERSON in types else 'Organization'}"
        return [
            (label, fallback if kind is None else kind) for kind in specific for label in opt(node[LABEL])
        ]

    def groups(self, rec: Node) -> Iterator[Group]:
        """Yield the combinations of a recommendation's joins and OPTIONALs, before the actor's."""
        starts, ends = rec[START], rec[END]
        offsets: list[tuple[Term, Term]] = list(product(starts, ends)) if starts and ends else [(None, None)]
        for link in rec[LINK]:
            facts = self.node(link.v)
            heads = product(
                facts[OBJECTIVE], facts[METHOD], opt(facts[CONFIDENCE]), opt(facts[EVIDENCE]), rec[TEXT],
                rec[COMMENT], rec[RECOMMENDER], opt(rec[KIND]), offsets,
            )  # fmt: skip
            for objective, method, confidence, evidence, text, comment, recommender, kind, offset in heads:
                for created in opt(self.node(comment.v)[CREATED]):
                    yield Group(
                        link, objective, method, confidence, evidence, text, comment, recommender, kind,
                        offset[0], offset[1], created,
                    )  # fmt: skip

    def rows(self, found: Recommendation) -> Iterator[tuple[object, ...]]:
        """Yield the view rows of one recommendation, without seq (none when a required pattern fails)."""
        iri, rec = found.iri, found.facts
        self.near = found.near
        shared = (joined(rec[ADDRESSEE]), joined(rec[CITES]))
        for g in self.groups(rec):
            kind = "recommendation" if g.kind is None else g.kind.v
            for actor in self.actor_parts(g.recommender):
                actor_type = actor.type_iri.partition("#")[2]
                head = (g.objective.nt, actor_type, actor.type_iri, numeric(g.confidence), iri)
                fields = (
                    g.text.v, kind, g.comment.v, numeric(g.start), numeric(g.end), lexical(g.created),
                    g.recommender.v, lexical(actor.label), actor.org.v, lexical(actor.org_label),
                    g.link.v, g.method.v, lexical(g.evidence),
                )  # fmt: skip
                for main, consultation in enumerate(self.consultations(g.comment)):
                    yield (
                        *head,
                        g.text.lang,
                        g.method.nt,
                        int(main == 0),
                        *fields,
                        lexical(consultation),
                        *shared,
                    )

    def reach_pairs(self, found: Recommendation) -> Iterator[tuple[str, str]]:
        """Yield (comment, container N-Triples) for each container reachable from its comments."""
        self.near = found.near
        for comment in found.facts[COMMENT]:
            for container in self.reach(comment):
                yield comment.v, container.nt
