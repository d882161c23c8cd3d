"""Recommendations (with provenance), instruments and consultations (with completeness reports)."""

from __future__ import annotations

from api.errors import NotFound
from api.services.actors import brief
from api.services.common import Record, iri_list, local_id, records
from api.services.models import (
    ConsultationDetail,
    ConsultationSummary,
    InstrumentDetail,
    InstrumentSummary,
    ObjectiveLinkInfo,
    Provenance,
    RecommendationDetail,
    Ref,
    ThreadReport,
)
from api.services.objectives import ref
from api.services.values import integer, number, plain, text
from gcmkg.config import Settings
from gcmkg.errors import InvalidParameter
from gcmkg.store import GraphStore


def _lookup(store: GraphStore, settings: Settings, name: str, key: str, value: str) -> list[Record]:
    try:
        rows = records(store, settings, name, {key: value})
    except InvalidParameter as error:
        raise NotFound(f"no {key} {value!r}") from error
    if not rows:
        raise NotFound(f"no {key} {value!r}")
    return rows


def provenance(row: Record, base: str) -> Provenance:
    """Return where a recommendation comes from, with the quote its offsets select in the comment."""
    content, start, end = text(row.get("content")), integer(row.get("charStart")), integer(row.get("charEnd"))
    quote = content[start:end] if content and start is not None and end is not None else None
    consultation = text(row.get("consultation"))
    return Provenance(
        comment=text(row.get("comment")) or None,
        author=text(row.get("author")) or None,
        created=text(row.get("created")) or None,
        consultation=ref(row, "consultation", "consultationTitle", base) if consultation else None,
        source=text(row.get("source")) or None,
        graph=text(row.get("graph")) or None,
        char_start=start,
        char_end=end,
        quote=quote,
        quote_matches_text=quote is not None and quote == text(row.get("text")),
    )


def get_recommendation(store: GraphStore, settings: Settings, rec_id: str) -> RecommendationDetail:
    """Return one recommendation with its objective links and provenance, or raise NotFound."""
    rows = _lookup(store, settings, "recommendation", "recommendation", rec_id)
    row, base = rows[0], settings.base_iri
    links = [
        ObjectiveLinkInfo(
            objective=int(text(r.get("notation"))) if text(r.get("notation")).isdigit() else None,
            method=text(r.get("method")) or None,
            confidence=number(r.get("confidence")),
            evidence=text(r.get("evidence")) or None,
        )
        for r in rows
        if r.get("link") is not None
    ]
    has_recommender = row.get("recommender") is not None
    return RecommendationDetail(
        iri=text(row["recommendation"]),
        id=rec_id,
        text=text(row.get("text")),
        language=text(row.get("lang")),
        kind=text(row.get("kind")) or None,
        recommender=ref(row, "recommender", "recommenderLabel", base) if has_recommender else None,
        organization=ref(row, "organization", "organizationLabel", base) if has_recommender else None,
        actor_type=text(row.get("actorType")) or None,
        addressees=iri_list(row, "addressees"),
        instruments=iri_list(row, "instruments"),
        links=links,
        provenance=provenance(row, base),
    )


def instrument_summary(row: Record, base: str) -> InstrumentSummary:
    """Return one row of the instruments query as an InstrumentSummary."""
    iri = text(row["instrument"])
    return InstrumentSummary(
        iri=iri,
        id=local_id(iri, base),
        label=text(row.get("label")) or None,
        identifier=text(row.get("identifier")) or None,
        title=text(row.get("title")) or None,
        recommendations=integer(row.get("recommendations")) or 0,
        citers=integer(row.get("citers")) or 0,
    )


def list_instruments(store: GraphStore, settings: Settings) -> list[InstrumentSummary]:
    """Return every instrument with its citation counts, most cited first."""
    return [instrument_summary(r, settings.base_iri) for r in records(store, settings, "instruments")]


def get_instrument(store: GraphStore, settings: Settings, instrument_id: str) -> InstrumentDetail:
    """Return an instrument and the recommendations citing it, or raise NotFound."""
    row = _lookup(store, settings, "instruments", "instrument", instrument_id)[0]
    citations = records(store, settings, "instrument-citations", {"instrument": instrument_id})
    summary = instrument_summary(row, settings.base_iri)
    cited = [brief(r, settings.base_iri, with_recommender=True) for r in citations]
    return InstrumentDetail(**summary.model_dump(), citations=cited)


def consultation_summary(row: Record, base: str) -> ConsultationSummary:
    """Return one row of the consultations query as a ConsultationSummary."""
    iri = text(row["consultation"])
    return ConsultationSummary(
        iri=iri,
        id=local_id(iri, base),
        title=text(row.get("title")) or None,
        source=text(row.get("source")) or None,
        questions=integer(row.get("questions")) or 0,
        comments=integer(row.get("comments")) or 0,
        recommendations=integer(row.get("recommendations")) or 0,
    )


def list_consultations(store: GraphStore, settings: Settings) -> list[ConsultationSummary]:
    """Return every consultation with its counts."""
    return [consultation_summary(r, settings.base_iri) for r in records(store, settings, "consultations")]


def thread_report(row: Record) -> ThreadReport:
    """Return one row of the consultation-comments query as a ThreadReport."""
    return ThreadReport(
        thread=text(row.get("thread")),
        title=text(row.get("threadTitle")) or None,
        number=integer(row.get("number")),
        declared=integer(row.get("declared")),
        found=integer(row.get("found")) or 0,
        complete=plain(row.get("complete")) is True,
    )


def get_consultation(store: GraphStore, settings: Settings, consultation_id: str) -> ConsultationDetail:
    """Return a consultation with its threads and completeness report, or raise NotFound."""
    row = _lookup(store, settings, "consultations", "consultation", consultation_id)[0]
    threads = records(store, settings, "consultation-comments", {"consultation": consultation_id})
    reports = [thread_report(r) for r in threads]
    summary = consultation_summary(row, settings.base_iri)
    complete = all(report.complete for report in reports)
    return ConsultationDetail(**summary.model_dump(), threads=reports, complete=complete)


__all__ = ["Ref", "get_consultation", "get_instrument", "get_recommendation", "list_consultations"]
