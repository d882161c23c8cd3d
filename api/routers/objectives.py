"""/objectives, /objectives/{n} and the headline /objectives/{n}/recommendations."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.cache import cached_rendering
from api.deps import SettingsDep, StoreDep
from api.explorer import pages
from api.explorer.negotiate import wants_html
from api.rendering import RESPONSES, FormatParam, respond
from api.services.models import ObjectiveSummary, RecommendationPage
from api.services.objectives import get_objective, list_objectives, objective_recommendations

router = APIRouter(tags=["objectives"])
Number = Annotated[int, Path(ge=1, le=23, description="GCM objective number")]
ActorType = Literal[
    "State", "GovernmentBody", "UNEntity", "IntergovernmentalOrganization", "TradeUnion",
    "CivilSocietyOrganization", "AcademicInstitution", "LocalGovernment", "PrivateSector", "Network",
    "Person", "Organization",
]  # fmt: skip
IdPath = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$", max_length=300)]


@router.get("/objectives", response_model=list[ObjectiveSummary], responses=RESPONSES)
def objectives(
    request: Request, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """All GCM objectives with counts of recommendations and recommenders."""
    if wants_html(request, format):
        return pages.home(request, store, settings)
    found = list_objectives(store, settings)
    return respond(request, format, found, lambda: [o.iri for o in found], store, settings)


@router.get("/objectives/{number}", response_model=ObjectiveSummary, responses=RESPONSES)
def objective(
    request: Request, number: Number, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """One objective with its labels and counts (browsers get the objective page with its filters)."""
    if wants_html(request, format):
        return pages.objective(request, store, settings, number)
    found = get_objective(store, settings, number)
    return respond(request, format, found, lambda: [found.iri], store, settings)


@router.get("/objectives/{number}/recommendations", response_model=RecommendationPage, responses=RESPONSES)
def recommendations(
    request: Request,
    number: Number,
    settings: SettingsDep,
    store: StoreDep,
    actor_type: ActorType | None = None,
    language: Literal["en", "fr", "es"] | None = None,
    consultation: IdPath = None,
    method: Literal["explicit", "inferred"] | None = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    instrument: IdPath = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
    format: FormatParam = None,
) -> Response:
    """Who recommends what for objective n: recommendations grouped by actor type, with filters and paging."""
    if wants_html(request, format):
        return pages.objective(request, store, settings, number)
    filters = {
        "actor_type": actor_type,
        "language": language,
        "consultation": consultation,
        "method": method,
        "min_confidence": None if min_confidence is None else str(min_confidence),
        "instrument": instrument,
    }

    def render() -> Response:
        result = objective_recommendations(store, settings, number, filters, page, page_size)
        items = [item for group in result.groups for item in group.recommendations]
        iris = [item.iri for item in items]
        return respond(request, format, result, lambda: iris, store, settings, rows=lambda: list(items))

    asked = (number, tuple(filters.items()), page, page_size, format, request.headers.get("accept"))
    return cached_rendering(store, settings, ("objective-recommendations", asked), render)
