"""The SPARQL 1.1 Protocol endpoint (read-only): GET, POST form, POST sparql-query; a service description."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api import formats
from api.deps import SettingsDep, StoreDep
from api.negotiation import negotiate
from api.query_gate import gate
from api.services.description import service_description
from gcmkg.errors import QueryRejected
from gcmkg.store import run_query

router = APIRouter(tags=["sparql"])
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {m: {} for m in (*formats.RESULT_TYPES, *formats.GRAPH_TYPES)}},
    400: {"description": "Syntax error or rejected query"},
    403: {"description": "Update, SERVICE or dataset clause"},
    406: {"description": "No acceptable result format"},
    413: {"description": "Result larger than the limit"},
    504: {"description": "Time limit exceeded"},
}


def answer(
    text: str,
    accept: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
    settings: SettingsDep,
    store: StoreDep,
    format_name: str | None = None,
) -> Response:
    """Gate, run and serialise one query in the negotiated format."""
    gated = gate(text, default_graphs, named_graphs)
    offered = formats.GRAPH_TYPES if gated.form in ("construct", "describe") else formats.RESULT_TYPES
    media = negotiate(accept, format_name, offered, formats.FORMAT_NAMES)
    outcome = run_query(store, gated.text, None, settings.query_timeout_s, settings.max_results)
    if outcome.kind == "graph":
        body = formats.serialize_triples(outcome.triples, media)
    else:
        body = formats.serialize_results(outcome, media)
    return Response(body, media_type=formats.content_type(media), headers={"Vary": "Accept"})


@router.get("/sparql", responses=RESPONSES, summary="SPARQL 1.1 query (GET) or the service description")
def sparql_get(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    query: Annotated[
        str | None, Query(description="A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE)")
    ] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    format: Annotated[str | None, Query(description="Result format name, overrides Accept")] = None,
) -> Response:
    """Run a query given as ?query=, or describe the service when there is none."""
    queries = request.query_params.getlist("query")
    if len(queries) > 1:
        raise QueryRejected("give exactly one 'query' parameter")
    if query is None:
        body = service_description(str(request.url_for("sparql_get")))
        return Response(body, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
    accept = request.headers.get("accept")
    return answer(query, accept, default_graph_uri or [], named_graph_uri or [], settings, store, format)


@router.post(
    "/sparql",
    responses=RESPONSES,
    summary="SPARQL 1.1 query (POST form-encoded or application/sparql-query)",
    openapi_extra={
        "requestBody": {
            "content": {
                FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
                SPARQL_QUERY: {"schema": {"type": "string"}},
            }
        }
    },
)
async def sparql_post(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    """Run a query posted as a form field or as the request body."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    params = parse_qs(request.url.query)
    if media == FORM:
        params = {**params, **parse_qs(body)}
        queries = params.get("query", [])
        if len(queries) != 1:
            raise QueryRejected("give exactly one 'query' form field")
        text = queries[0]
    elif media == SPARQL_QUERY:
        if "query" in params:
            raise QueryRejected("a query in both the body and the URL")
        text = body
    else:
        raise QueryRejected(f"unsupported content type {media!r}; use {FORM} or {SPARQL_QUERY}", 415)
    accept = request.headers.get("accept")
    fmt = params["format"][0] if params.get("format") else None
    run = (text, accept, params.get("default-graph-uri", []), params.get("named-graph-uri", []))
    return await _in_thread(run, settings, store, fmt)


async def _in_thread(
    run: tuple[str, str | None, list[str], list[str]], settings: SettingsDep, store: StoreDep, fmt: str | None
) -> Response:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(answer, *run, settings, store, fmt)
