"""Stored queries: the list at /queries and one documented GET operation per `.rq` file."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api import formats
from api.cache import cached_rendering
from api.deps import SettingsDep, StoreDep
from api.negotiation import negotiate
from api.services.stored import QueryInfo, QueryRows, answer_stored, as_rows, list_queries
from gcmkg.stored_queries import Param, StoredQuery, load_queries

OFFERED = (formats.JSON, formats.SPARQL_JSON, formats.SPARQL_XML, formats.CSV, formats.TSV)
NAMES = {"json": formats.JSON, "sparql-json": formats.SPARQL_JSON, "xml": formats.SPARQL_XML}
NAMES |= {"csv": formats.CSV, "tsv": formats.TSV}


def list_stored_queries() -> list[QueryInfo]:
    """List the stored queries with their parameters."""
    return list_queries()


def annotation(param: Param) -> Any:
    """Return the FastAPI annotation (type and Query constraints) of a stored-query parameter."""
    low = float(param.low) if param.low is not None else None
    high = float(param.high) if param.high is not None else None
    base: Any
    if param.type in ("objective", "int"):
        base = int
    elif param.type == "decimal":
        base = float
    elif param.choices:
        base = Literal.__getitem__(param.choices)
    else:
        base = str
    constraints = Query(description=param.doc, ge=low, le=high, max_length=500 if base is str else None)
    return Annotated[base if param.required else base | None, constraints]


def default_of(param: Param) -> Any:
    """Return the Python default of a parameter (inspect.Parameter.empty when required)."""
    if param.required:
        return inspect.Parameter.empty
    if param.default is None:
        return None
    if param.type in ("objective", "int"):
        return int(param.default)
    return float(param.default) if param.type == "decimal" else param.default


def make_endpoint(query: StoredQuery) -> Callable[..., Response]:
    """Return a route handler for one stored query, its signature built from the typed header."""

    def endpoint(request: Request, settings: SettingsDep, store: StoreDep, **values: Any) -> Response:
        fmt = values.pop("format", None)
        media = negotiate(request.headers.get("accept"), fmt, OFFERED, NAMES)
        raw = {name: None if value is None else str(value) for name, value in values.items()}

        def render() -> Response:
            outcome = answer_stored(store, settings, query.name, raw)
            if media == formats.JSON:
                return JSONResponse(as_rows(query.name, outcome).model_dump(), headers={"Vary": "Accept"})
            body = formats.serialize_results(outcome, media)
            return Response(body, media_type=formats.content_type(media), headers={"Vary": "Accept"})

        asked = (query.name, tuple(sorted(raw.items())), media, settings.max_results)
        return cached_rendering(store, settings, ("stored-query", asked), render)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter("request", keyword, annotation=Request),
        inspect.Parameter("settings", keyword, annotation=SettingsDep),
        inspect.Parameter("store", keyword, annotation=StoreDep),
        *(
            inspect.Parameter(p.name, keyword, annotation=annotation(p), default=default_of(p))
            for p in query.params
        ),
        inspect.Parameter(
            "format",
            keyword,
            default=None,
            annotation=Annotated[Literal["json", "sparql-json", "xml", "csv", "tsv"] | None, Query()],
        ),
    ]
    endpoint.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    endpoint.__name__ = f"query_{query.name.replace('-', '_')}"
    endpoint.__doc__ = query.description or query.summary
    return endpoint


def build_router() -> APIRouter:
    """Return the router of /queries and of every stored query."""
    router = APIRouter(tags=["stored queries"])
    router.add_api_route("/queries", list_stored_queries, methods=["GET"], response_model=list[QueryInfo])
    for query in load_queries().values():
        router.add_api_route(
            f"/queries/{query.name}",
            make_endpoint(query),
            methods=["GET"],
            summary=query.summary,
            response_model=QueryRows,
            responses={200: {"content": {m: {} for m in OFFERED[1:]}}, 404: {}, 406: {}, 422: {}, 504: {}},
        )
    return router
