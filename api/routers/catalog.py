"""/recommendations/{id}, /instruments, /instruments/{id}, /consultations, /consultations/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from api.explorer import pages
from api.explorer.negotiate import wants_html
from api.rendering import RESPONSES, FormatParam, respond
from api.services.catalog import (
    get_consultation,
    get_instrument,
    get_recommendation,
    list_consultations,
    list_instruments,
)
from api.services.models import (
    ConsultationDetail,
    ConsultationSummary,
    InstrumentDetail,
    InstrumentSummary,
    RecommendationDetail,
)

router = APIRouter(tags=["resources"])
Id = Annotated[str, Path(description="Id under the base, e.g. instrument/ilo-c097", max_length=300)]


@router.get("/recommendations/{rec_id:path}", response_model=RecommendationDetail, responses=RESPONSES)
def recommendation(
    request: Request, rec_id: Id, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """One recommendation with its objective links, provenance and the quote in its comment."""
    if wants_html(request, format):
        return pages.recommendation(request, store, settings, rec_id)
    found = get_recommendation(store, settings, rec_id)
    return respond(request, format, found, lambda: [found.iri], store, settings)


@router.get("/instruments", response_model=list[InstrumentSummary], responses=RESPONSES)
def instruments(
    request: Request, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """Cited instruments, most cited first."""
    if wants_html(request, format):
        return pages.instruments(request, store, settings)
    found = list_instruments(store, settings)
    return respond(request, format, found, lambda: [i.iri for i in found], store, settings)


@router.get("/instruments/{instrument_id:path}", response_model=InstrumentDetail, responses=RESPONSES)
def instrument(
    request: Request, instrument_id: Id, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """One instrument and the recommendations citing it."""
    if wants_html(request, format):
        return pages.instrument(request, store, settings, instrument_id)
    found = get_instrument(store, settings, instrument_id)
    return respond(request, format, found, lambda: [found.iri], store, settings)


@router.get("/consultations", response_model=list[ConsultationSummary], responses=RESPONSES)
def consultations(
    request: Request, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """Consultations with their question, comment and recommendation counts."""
    if wants_html(request, format):
        return pages.consultations(request, store, settings)
    found = list_consultations(store, settings)
    return respond(request, format, found, lambda: [c.iri for c in found], store, settings)


@router.get("/consultations/{consultation_id:path}", response_model=ConsultationDetail, responses=RESPONSES)
def consultation(
    request: Request, consultation_id: Id, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """One consultation with its threads and completeness report."""
    if wants_html(request, format):
        return pages.consultation(request, store, settings, consultation_id)
    found = get_consultation(store, settings, consultation_id)
    return respond(request, format, found, lambda: [found.iri], store, settings, rows=lambda: found.threads)  # type: ignore[arg-type,return-value]
