"""The SPARQL 1.1 Protocol endpoint (read-only): GET, POST form, POST sparql-query; a service description."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api import formats
from api.deps import SettingsDep, StoreDep
from api.execution import run_client_query
from api.negotiation import negotiate
from api.query_gate import MAX_GET_BYTES, MAX_POST_BYTES, screen
from api.services.description import service_description
from gcmkg.errors import QueryRejected

router = APIRouter(tags=["sparql"])
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
ANY_TYPE = (*formats.RESULT_TYPES, *formats.GRAPH_TYPES)
MAX_FIELDS = 16
RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {m: {} for m in (*formats.RESULT_TYPES, *formats.GRAPH_TYPES)}},
    400: {"description": "Syntax error or rejected query"},
    403: {"description": "Update, SERVICE or dataset clause"},
    406: {"description": "No acceptable result format"},
    413: {"description": "Result larger than the limit"},
    504: {"description": "Time limit exceeded"},
}


def decode_body(body: bytes) -> str:
    """Return the body as text; reject bytes that are not UTF-8."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryRejected(f"the body is not UTF-8 (byte {error.start})") from None


def parse_form(body: str) -> dict[str, list[str]]:
    """Return the fields of a form-encoded body; reject more than MAX_FIELDS fields."""
    try:
        return parse_qs(body, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise QueryRejected(f"the form has more than {MAX_FIELDS} fields") from None


def answer(
    text: str,
    accept: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
    settings: SettingsDep,
    store: StoreDep,
    format_name: str | None = None,
    max_bytes: int = MAX_POST_BYTES,
) -> Response:
    """Screen, then gate and run (in a worker process) one query; serialise it in the negotiated format."""
    screen(text, default_graphs, named_graphs, max_bytes)
    negotiate(accept, format_name, ANY_TYPE, formats.FORMAT_NAMES)  # 406 early when nothing fits
    outcome = run_client_query(store, text, settings)
    offered = formats.GRAPH_TYPES if outcome.kind == "graph" else formats.RESULT_TYPES
    media = negotiate(accept, format_name, offered, formats.FORMAT_NAMES)
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
    graphs = (default_graph_uri or [], named_graph_uri or [])
    return answer(query, accept, *graphs, settings, store, format, MAX_GET_BYTES)


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
    body = decode_body(await request.body())
    params = parse_qs(request.url.query, max_num_fields=MAX_FIELDS)
    if media == FORM:
        params = {**params, **parse_form(body)}
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
