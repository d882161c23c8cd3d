"""Explorer-only routes: the home page, objective briefs, the heat map, the SPARQL page, the stylesheet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from api.deps import SettingsDep, StoreDep
from api.explorer import pages
from api.explorer.brief import Brief, brief_markdown, make_brief
from api.explorer.i18n import pick_lang, translate
from api.explorer.negotiate import wants_html
from api.explorer.sparql_page import sparql_page
from api.explorer.templating import page
from api.services.objectives import objective_recommendations
from gcmkg.resources import explorer_file

router = APIRouter(tags=["explorer"])
Number = Annotated[int, Path(ge=1, le=23, description="GCM objective number")]
ENTRY_POINTS = {
    "objectives": "/objectives",
    "actors": "/actors",
    "instruments": "/instruments",
    "consultations": "/consultations",
    "search": "/search",
    "queries": "/queries",
    "sparql": "/sparql",
    "export": "/export",
    "openapi": "/openapi.json",
}


@router.get("/", response_class=Response, summary="The explorer's home page (HTML) or the API entry points")
def home(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    """Objectives by round table and consultations for browsers; a JSON map of entry points otherwise."""
    if not wants_html(request, None):
        return JSONResponse(ENTRY_POINTS, headers={"Vary": "Accept"})
    return pages.home(request, store, settings)


def objective_brief(request: Request, settings: SettingsDep, store: StoreDep, number: int) -> Brief:
    """Return the brief of an objective from all its recommendations."""
    result = objective_recommendations(store, settings, number, {}, 1, pages.ALL_ITEMS)
    return make_brief(result)


@router.get("/objectives/{number}/brief", response_class=Response, summary="Printable objective brief (HTML)")
def brief_page(request: Request, number: Number, settings: SettingsDep, store: StoreDep) -> Response:
    """The objective brief: recommendations by actor type with citations, instruments cited, gaps."""
    brief = objective_brief(request, settings, store, number)
    return page(request, "brief.html", brief=brief, **pages.helpers(request, store, settings))


@router.get("/objectives/{number}/brief.md", response_class=Response, summary="Objective brief (Markdown)")
def brief_download(request: Request, number: Number, settings: SettingsDep, store: StoreDep) -> Response:
    """The objective brief as a Markdown file to download."""
    lang = pick_lang(request.query_params.get("lang"))
    brief = objective_brief(request, settings, store, number)
    name = pages.helpers(request, store, settings)["name"]
    body = brief_markdown(brief, lambda key: translate(lang, key), name, lang)
    filename = f"gcm-objective-{number}-brief-{lang}.md"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type="text/markdown; charset=utf-8", headers=headers)


@router.get("/explore/heatmap", response_class=Response, summary="Heat map: objectives × actor types")
def heatmap(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    """Recommendations by objective and actor type, as a heat map."""
    return pages.heatmap(request, store, settings)


@router.get("/explore/sparql", response_class=Response, summary="SPARQL page with stored queries")
def sparql(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    """A query form, the stored queries as examples and results as a table."""
    return sparql_page(request, store, settings)


@router.get("/static/explorer.css", include_in_schema=False)
def stylesheet() -> FileResponse:
    """The explorer's stylesheet (screen and print)."""
    return FileResponse(explorer_file("static/explorer.css"), media_type="text/css")
