"""Typed, frozen records produced by the parser (parse_page) and consumed by the extractor and RDF stages.

Offsets are character offsets into the NFC-normalised source text (`Page.text`): `text[start:end]`.
Fields may be added; renaming one is a contract change (extract and rdf stages depend on them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CONSULTATION_CONTAINER = "consultation"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class LocalizedText:
    lang: str  # "en", "fr", "es" or "other"
    text: str
    span: Span


@dataclass(frozen=True)
class Question:
    key: str  # stable within the page, e.g. "q4" for question 4, "q-<hash>" when unnumbered
    number: int | None
    texts: tuple[LocalizedText, ...]  # question text per language, page order (EN first when present)
    explanations: tuple[LocalizedText, ...]  # explanatory paragraphs per language
    author_display: str
    author_truncated: bool
    date: dt.date | None
    declared_members: int | None
    declared_comments: int | None
    span: Span


@dataclass(frozen=True)
class Comment:
    key: str  # stable within the page: "c" + 3-digit page position, e.g. "c007"
    position: int  # 0-based order on the page
    author_display: str  # as shown, e.g. "Spanish Commis…" or "Kristin Eitel, IOM"
    author_truncated: bool
    date: dt.date
    moderator: bool
    body: str
    body_span: Span
    body_truncated: bool  # cut by a "read more" listing view
    language: str  # "en", "fr", "es" or "other"
    container: str  # a Question.key or CONSULTATION_CONTAINER
    in_reply_to_name: str | None  # the name in "In reply to by NAME", None when the line is absent
    parent: str | None  # Comment.key of the parent when it is on the page
    addressee_mentions: tuple[str, ...]  # names addressed at the start of the body ("Kate Barth Thanks ...")
    declared_members: int | None  # counters shown after this comment (when it has replies)
    declared_comments: int | None
    footnotes: tuple[str, ...] = ()  # footnote texts "[n] ..." found at the end of the body
    author_name: str = ""  # the name part of author_display ("Kristin Eitel" of "Kristin Eitel, IOM")
    author_affiliation: str | None = None  # the organisation part ("IOM"), when the display shows one


@dataclass(frozen=True)
class ThreadCompleteness:
    container: str  # a Question.key, or a top-level Comment.key for counters under a comment
    declared_comments: int | None
    found_comments: int


@dataclass(frozen=True)
class CompletenessReport:
    threads: tuple[ThreadCompleteness, ...]
    unresolved_parents: tuple[str, ...]  # keys of replies whose parent is not on the page
    truncated_names: tuple[str, ...]  # distinct truncated display names
    truncated_bodies: tuple[str, ...]  # keys of comments cut by "read more"
    skipped: tuple[str, ...]  # "line N: why" for every content line that was not used


@dataclass(frozen=True)
class Consultation:
    title: str | None
    introduction: str | None
    objectives_under_review: tuple[int, ...]


@dataclass(frozen=True)
class Page:
    source: str  # file name or URL the page came from
    sha256: str  # of the raw bytes
    text: str  # NFC-normalised text; every Span indexes into it
    consultation: Consultation
    questions: tuple[Question, ...]
    comments: tuple[Comment, ...]
    completeness: CompletenessReport
    metadata: dict[str, str] = field(default_factory=dict)
