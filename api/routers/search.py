"""/search: full text over recommendations and comments."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from api.explorer import pages
from api.explorer.negotiate import wants_html
from api.rendering import RESPONSES, FormatParam, respond
from api.services.models import SearchResults
from api.services.search import search

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResults, responses=RESPONSES)
def search_texts(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="Words to find (any case, any accents)")
    ],
    kind: Literal["recommendation", "comment"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    format: FormatParam = None,
) -> Response:
    """Recommendations and comments containing every word of q, case- and accent-insensitive."""
    if wants_html(request, format):
        return pages.search_page(request, store, settings, q, kind)
    found = search(store, settings, q, kind, limit)
    return respond(
        request,
        format,
        found,
        lambda: [h.iri for h in found.hits],
        store,
        settings,
        rows=lambda: list(found.hits),
    )
