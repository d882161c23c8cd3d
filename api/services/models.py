"""Pydantic models of the REST resources (the explorer renders the same models as HTML)."""

from __future__ import annotations

from pydantic import BaseModel


class Ref(BaseModel):
    """A linked resource: its IRI, its id under the base (the REST path key) and a label."""

    iri: str
    id: str
    label: str | None = None


class ObjectiveSummary(BaseModel):
    """A GCM objective with how many recommendations and recommenders are linked to it."""

    iri: str
    number: int
    labels: dict[str, str]
    recommendations: int
    recommenders: int


class ObjectiveLinkInfo(BaseModel):
    """Why a recommendation is linked to an objective."""

    objective: int | None
    method: str | None
    confidence: float | None
    evidence: str | None


class SourceInfo(BaseModel):
    """Where a recommendation comes from: the comment and the character offsets of the statement in it."""

    comment: str | None
    char_start: int | None
    char_end: int | None
    created: str | None
    consultation: str | None


class RecommendationItem(BaseModel):
    """One recommendation as listed under an objective."""

    iri: str
    id: str
    text: str
    language: str
    kind: str | None
    recommender: Ref
    organization: Ref
    actor_type: str
    addressees: list[str]
    instruments: list[str]
    link: ObjectiveLinkInfo
    source: SourceInfo


class ActorTypeGroup(BaseModel):
    """The recommendations of one actor type (on the current page)."""

    actor_type: str
    count: int
    recommendations: list[RecommendationItem]


class RecommendationPage(BaseModel):
    """The headline answer: recommendations for an objective grouped by actor type, paginated."""

    objective: ObjectiveSummary
    total: int
    page: int
    page_size: int
    groups: list[ActorTypeGroup]


class RecommendationBrief(BaseModel):
    """A recommendation in a list under an actor or an instrument."""

    iri: str
    id: str
    text: str
    language: str
    objectives: list[int]
    recommender: Ref | None = None


class ActorSummary(BaseModel):
    """An actor who made recommendations."""

    iri: str
    id: str
    label: str | None
    organization: Ref
    actor_type: str
    recommendations: int
    objectives: list[int]


class ActorDetail(BaseModel):
    """An actor with the recommendations they made."""

    iri: str
    id: str
    label: str | None
    display_name: str | None
    organization: Ref
    actor_type: str
    recommendations: list[RecommendationBrief]


class Provenance(BaseModel):
    """Where a recommendation was derived from, with the quoted span of its comment."""

    comment: str | None
    author: str | None
    created: str | None
    consultation: Ref | None
    source: str | None
    graph: str | None
    char_start: int | None
    char_end: int | None
    quote: str | None
    quote_matches_text: bool


class RecommendationDetail(BaseModel):
    """One recommendation with its links, citations and provenance."""

    iri: str
    id: str
    text: str
    language: str
    kind: str | None
    recommender: Ref | None
    organization: Ref | None
    actor_type: str | None
    addressees: list[str]
    instruments: list[str]
    links: list[ObjectiveLinkInfo]
    provenance: Provenance


class InstrumentSummary(BaseModel):
    """A cited instrument with citation counts."""

    iri: str
    id: str
    label: str | None
    identifier: str | None
    title: str | None
    recommendations: int
    citers: int


class InstrumentDetail(InstrumentSummary):
    """An instrument with the recommendations citing it."""

    citations: list[RecommendationBrief]


class ConsultationSummary(BaseModel):
    """A consultation with its counts."""

    iri: str
    id: str
    title: str | None
    source: str | None
    questions: int
    comments: int
    recommendations: int


class ThreadReport(BaseModel):
    """Completeness of one thread: comments declared by the page versus found in the graph."""

    thread: str
    title: str | None
    number: int | None
    declared: int | None
    found: int
    complete: bool


class ConsultationDetail(ConsultationSummary):
    """A consultation with its threads and completeness report."""

    threads: list[ThreadReport]
    complete: bool


class SearchHit(BaseModel):
    """A recommendation or comment whose text matches the search."""

    iri: str
    id: str
    kind: str
    language: str
    text: str


class SearchResults(BaseModel):
    """Search results, best first."""

    q: str
    total: int
    hits: list[SearchHit]
