"""/actors and /actors/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from api.explorer import pages
from api.explorer.negotiate import wants_html
from api.rendering import RESPONSES, FormatParam, respond
from api.routers.objectives import ActorType
from api.services.actors import get_actor, list_actors
from api.services.models import ActorDetail, ActorSummary

router = APIRouter(tags=["actors"])
ActorId = Annotated[str, Path(description="Actor id under the base, e.g. org/ilo", max_length=300)]


@router.get("/actors", response_model=list[ActorSummary], responses=RESPONSES)
def actors(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    actor_type: ActorType | None = None,
    format: FormatParam = None,
) -> Response:
    """Actors who made recommendations, with their type, organisation and objectives."""
    if wants_html(request, format):
        return pages.actors(request, store, settings, actor_type)
    found = list_actors(store, settings, actor_type)
    return respond(request, format, found, lambda: [a.iri for a in found], store, settings)


@router.get("/actors/{actor_id:path}", response_model=ActorDetail, responses=RESPONSES)
def actor(
    request: Request, actor_id: ActorId, settings: SettingsDep, store: StoreDep, format: FormatParam = None
) -> Response:
    """One actor and the recommendations they made."""
    if wants_html(request, format):
        return pages.actor(request, store, settings, actor_id)
    found = get_actor(store, settings, actor_id)
    return respond(request, format, found, lambda: [found.iri], store, settings)
