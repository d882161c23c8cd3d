"""Data only the explorer needs: round tables, term labels, the heat map counts, reply networks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from api.services.common import local_id, records
from api.services.values import integer, text
from gcmkg.config import Settings
from gcmkg.store import GraphStore

ACTOR_TYPES = (
    "State", "GovernmentBody", "UNEntity", "IntergovernmentalOrganization", "TradeUnion",
    "CivilSocietyOrganization", "AcademicInstitution", "LocalGovernment", "PrivateSector", "Network",
)  # fmt: skip
FALLBACK_TYPES = ("Person", "Organization")
ONTOLOGY = "https://w3id.org/gcmkg/ontology#"


@dataclass(frozen=True)
class RoundTable:
    """An IMRF 2022 round table and the objectives it reviewed."""

    number: int | None
    label: str
    title: str | None
    objectives: tuple[int, ...]


@dataclass(frozen=True)
class Participant:
    """A comment author in a consultation's reply network."""

    iri: str
    label: str
    comments: int


@dataclass(frozen=True)
class Network:
    """Who replies to whom in a consultation: participants and (replier, replied-to, count) edges."""

    participants: tuple[Participant, ...]
    edges: tuple[tuple[str, str, int], ...]


Labels = dict[str, dict[str, str]]


def term_labels(store: GraphStore, settings: Settings) -> Labels:
    """Return the labels of actor types, addressees and instruments by IRI then language."""
    labels: Labels = {}
    for row in records(store, settings, "term-labels"):
        labels.setdefault(text(row["term"]), {})[text(row.get("lang")) or "en"] = text(row["label"])
    return labels


def label_for(labels: Labels, iri: str, lang: str, base: str) -> str:
    """Return the label of iri in lang (English, then any, then its local name as fallbacks)."""
    found = labels.get(iri, {})
    fallback = local_id(iri, base).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return found.get(lang) or found.get("en") or next(iter(found.values()), fallback)


def actor_type_label(labels: Labels, actor_type: str, lang: str) -> str:
    """Return the label of an actor type name (e.g. 'State') in lang."""
    label = label_for(labels, ONTOLOGY + actor_type, lang, ONTOLOGY)
    return label[:1].upper() + label[1:]


def round_tables(store: GraphStore, settings: Settings) -> list[RoundTable]:
    """Return the round tables in number order with their objectives (objectives without one last)."""
    grouped: dict[str, list[int]] = {}
    meta: dict[str, tuple[int | None, str, str | None]] = {}
    for row in records(store, settings, "objective-roundtables"):
        key = text(row.get("roundTable"))
        grouped.setdefault(key, []).append(int(text(row["notation"])))
        meta[key] = (integer(row.get("number")), text(row.get("label")), text(row.get("title")) or None)
    tables = [
        RoundTable(meta[key][0], meta[key][1], meta[key][2], tuple(sorted(numbers)))
        for key, numbers in grouped.items()
    ]
    return sorted(tables, key=lambda table: (table.number is None, table.number or 0))


def heat_counts(store: GraphStore, settings: Settings) -> dict[tuple[int, str], int]:
    """Return the number of recommendations per (objective number, actor type)."""
    return {
        (int(text(row["notation"])), text(row["actorType"])): integer(row.get("recommendations")) or 0
        for row in records(store, settings, "objective-actor-types")
    }


def longest_labels(rows: list[dict[str, str]]) -> dict[str, str]:
    """Return the longest label of each author (the graph also keeps truncated display names)."""
    best: dict[str, str] = {}
    for row in rows:
        author, label = row["author"], row["label"]
        if author and len(label) > len(best.get(author, "")):
            best[author] = label
    return best


def reply_network(store: GraphStore, settings: Settings, consultation_id: str) -> Network:
    """Return the reply network of a consultation from its comments and their reply_of links."""
    rows = [
        {key: text(row.get(key)) for key in ("comment", "author", "authorLabel", "parent", "parentAuthor")}
        for row in records(store, settings, "consultation-replies", {"consultation": consultation_id})
    ]
    names = longest_labels([{"author": r["author"], "label": r["authorLabel"]} for r in rows])
    authored = {(r["comment"], r["author"]) for r in rows if r["author"]}
    counts = Counter(author for _comment, author in authored)
    replies = {(r["comment"], r["author"], r["parentAuthor"]) for r in rows if r["parentAuthor"]}
    edges = Counter((author, parent) for _comment, author, parent in replies if author)
    participants = tuple(
        Participant(iri, names.get(iri) or local_id(iri, settings.base_iri), counts[iri])
        for iri in sorted(set(counts) | {p for _a, p in edges}, key=lambda i: (-counts[i], names.get(i, i)))
    )
    return Network(participants, tuple(sorted((a, b, n) for (a, b), n in edges.items())))


def comment_content(store: GraphStore, settings: Settings, rec_id: str) -> str:
    """Return the content of the comment a recommendation was derived from ('' when unknown)."""
    rows = records(store, settings, "recommendation", {"recommendation": rec_id})
    return text(rows[0].get("content")) if rows else ""
