"""Extraction stage: `extract(page) -> Extraction` (statements, kinds, addressees, links, actors)."""

from __future__ import annotations

from ingest.extract.addressee import statement_addressees
from ingest.extract.affiliations import comment_actors, reply_namings
from ingest.extract.classify import classify, question_type
from ingest.extract.countries import countries
from ingest.extract.instruments import citations
from ingest.extract.objectives import dedupe, explicit_mentions, heading_objective, inferred_links
from ingest.extract.practices import practices
from ingest.extract.records import CONTEXT, CommentExtraction, Extraction, ObjectiveLink, Statement
from ingest.extract.segment import Segment, segment
from ingest.records import Comment, Page

__all__ = ["extract"]


def _question_text(page: Page, comment: Comment) -> str | None:
    for question in page.questions:
        if question.key == comment.container and question.texts:
            return question.texts[0].text
    return None


def _statement(body: str, index: int, seg: Segment, qtype: str | None, review: tuple[int, ...]) -> Statement:
    """Return one statement with its kind, addressees, objective links, citations and countries."""
    kind, cue = classify(seg.text, seg.unit, seg.lead_in, qtype)
    keys, evidence = statement_addressees(seg.text, seg.lead_in)
    explicit = [m.link for m in explicit_mentions(seg.text)]
    heading = heading_objective(seg.heading) if seg.heading else None
    if heading is not None:
        explicit.insert(0, heading)
    linked = frozenset(link.objective for link in explicit)
    inferred = inferred_links(seg.text, linked, review) if kind != CONTEXT else ()
    return Statement(
        index=index,
        start=seg.start,
        end=seg.end,
        text=seg.text,
        kind=kind,
        kind_evidence=cue,
        addressees=keys,
        addressee_evidence=evidence,
        lead_in=seg.lead_in,
        objectives=dedupe(explicit) + inferred,
        instruments=citations(seg.text, seg.start),
        countries=countries(seg.text, seg.start),
    )


def extract_comment(page: Page, comment: Comment) -> CommentExtraction:
    """Return everything extracted from one comment (statements, actors, mentions), with body offsets."""
    qtype = question_type(_question_text(page, comment))
    review = page.consultation.objectives_under_review
    segments = segment(comment.body, comment.addressee_mentions)
    statements = tuple(_statement(comment.body, i, seg, qtype, review) for i, seg in enumerate(segments))
    actors, affiliations = comment_actors(comment, page)
    mentioned: list[ObjectiveLink] = [m.link for m in explicit_mentions(comment.body)]
    return CommentExtraction(
        comment=comment.key,
        statements=statements,
        recommenders=actors,
        affiliations=affiliations,
        mentioned_objectives=dedupe(mentioned),
        instruments=citations(comment.body),
        countries=countries(comment.body),
        practices=practices(comment.body, actors[0].name),
    )


def extract(page: Page) -> Extraction:
    """Return the extraction of every comment of a page, in page order (no comment is dropped)."""
    extracted = [extract_comment(page, comment) for comment in page.comments]
    accounts = {e.comment: e.recommenders[0] for e in extracted}
    named = reply_namings(page, accounts)
    final = []
    for item in extracted:
        if item.comment in named:
            person, affiliation = named[item.comment]
            item = CommentExtraction(
                item.comment,
                item.statements,
                (*item.recommenders, person),
                (*item.affiliations, affiliation),
                item.mentioned_objectives,
                item.instruments,
                item.countries,
                item.practices,
            )
        final.append(item)
    return Extraction(page.source, tuple(final))
