"""Typed, frozen records produced by the extractor (extract) and consumed by the RDF stage and the evaluation.

Offsets (`start`, `end`) are character offsets into the comment body (`Comment.body`): `body[start:end]`.
"""

from __future__ import annotations

from dataclasses import dataclass

RECOMMENDATION = "recommendation"
PRACTICE = "practice"
PRIORITY = "priority"
CONTEXT = "context"
KINDS = (RECOMMENDATION, PRACTICE, PRIORITY, CONTEXT)

UNKNOWN_ADDRESSEE = "unspecified"  # the text does not say who is to act (an explicit value, never a guess)

EXPLICIT = "explicit"
INFERRED = "inferred"


@dataclass(frozen=True)
class ObjectiveLink:
    objective: int  # 1..23
    action: str | None  # lettered action ("g") when the text gives one
    method: str  # EXPLICIT or INFERRED
    confidence: float  # 0..1
    evidence: str  # the words that triggered the link


@dataclass(frozen=True)
class InstrumentCitation:
    key: str  # registry key, or "symbol:<UN symbol>" for a symbol the registry lacks, or "url:<url>"
    kind: str  # "registry", "symbol" or "url"
    label: str  # registry title, the symbol, or the URL as shown
    identifier: str  # e.g. "A/HRC/44/42"; "" when none
    pinpoint: str | None  # e.g. "para 27", "paras 44-59"
    evidence: str  # the words as written
    start: int
    end: int
    truncated: bool = False  # a URL cut by the page ("…")


@dataclass(frozen=True)
class CountryMention:
    iso2: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    index: int  # order within the comment
    start: int
    end: int
    text: str
    kind: str  # one of KINDS
    kind_evidence: str  # the cue that decided the kind ("" for the default)
    addressees: tuple[str, ...]  # addressee registry keys; (UNKNOWN_ADDRESSEE,) when the text does not say
    addressee_evidence: str
    lead_in: str | None  # the lead-in the statement inherits from ("Governments should ... including:")
    objectives: tuple[ObjectiveLink, ...]
    instruments: tuple[InstrumentCitation, ...]
    countries: tuple[CountryMention, ...]


@dataclass(frozen=True)
class ActorResolution:
    name: str  # the resolved name (or the display name as shown when unresolved)
    display_name: str  # the account name as shown on the page, "" for actors not posting
    actor_type: str  # "Person", "Organization" or "State"
    org_class: str | None  # gkg class local name for organisations (e.g. "CivilSocietyOrganization")
    registry_key: str | None  # organisations registry key, or ISO2 for a State
    truncated: bool  # the display name is cut and was not resolved
    method: str  # "account", "body-self-identification", "signature", "reply-naming", "state-official"
    confidence: float
    evidence: str


@dataclass(frozen=True)
class Affiliation:
    person: str  # person name
    organization: str  # organisation name as resolved
    registry_key: str | None  # organisations registry key, or ISO2 for a State
    org_class: str | None
    method: str  # "name-suffix", "self-identification", "signature", "reply-naming", "state-official"
    confidence: float
    evidence: str


@dataclass(frozen=True)
class PracticeMention:
    name: str  # the programme / practice as named
    start: int
    end: int
    reported_by: str  # name of the actor reporting it


@dataclass(frozen=True)
class CommentExtraction:
    comment: str  # Comment.key
    statements: tuple[Statement, ...]
    recommenders: tuple[ActorResolution, ...]  # first is the account author (possibly resolved)
    affiliations: tuple[Affiliation, ...]
    mentioned_objectives: tuple[ObjectiveLink, ...]  # every explicit objective mention in the body
    instruments: tuple[InstrumentCitation, ...]  # every citation in the body (statements and footnotes)
    countries: tuple[CountryMention, ...]
    practices: tuple[PracticeMention, ...]


@dataclass(frozen=True)
class Extraction:
    source: str
    comments: tuple[CommentExtraction, ...]  # one per page comment, page order; none dropped
