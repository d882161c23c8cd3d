"""Running stored queries by name with raw parameter values."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from api.cache import cached
from api.errors import NotFound
from api.services.values import JsonValue, plain
from gcmkg.config import Settings
from gcmkg.store import GraphStore, QueryOutcome, run_query
from gcmkg.stored_queries import StoredQuery, bindings, load_queries


class ParamInfo(BaseModel):
    """One parameter of a stored query, as documented in its header."""

    name: str
    type: str
    choices: list[str]
    minimum: float | None
    maximum: float | None
    default: str | None
    required: bool
    description: str


class QueryInfo(BaseModel):
    """A stored query: name, summary, parameters and where to call it."""

    name: str
    summary: str
    description: str
    path: str
    params: list[ParamInfo]


class QueryRows(BaseModel):
    """The rows of a stored query as plain JSON values."""

    query: str
    variables: list[str]
    rows: list[dict[str, JsonValue]]


def query_info(query: StoredQuery) -> QueryInfo:
    """Return the public description of a stored query."""
    params = [
        ParamInfo(
            name=p.name,
            type=p.type,
            choices=list(p.choices),
            minimum=float(p.low) if p.low is not None else None,
            maximum=float(p.high) if p.high is not None else None,
            default=p.default,
            required=p.required,
            description=p.doc,
        )
        for p in query.params
    ]
    return QueryInfo(
        name=query.name,
        summary=query.summary,
        description=query.description,
        path=f"/queries/{query.name}",
        params=params,
    )


def list_queries() -> list[QueryInfo]:
    """Return every stored query's description."""
    return [query_info(query) for query in load_queries().values()]


def stored_query(name: str) -> StoredQuery:
    """Return the stored query called name, or raise NotFound."""
    query = load_queries().get(name)
    if query is None:
        raise NotFound(f"no stored query named {name!r}")
    return query


def run_stored(
    store: GraphStore, settings: Settings, name: str, raw: Mapping[str, str | None]
) -> QueryOutcome:
    """Return the outcome of stored query `name` with the raw parameter values validated and bound."""
    query = stored_query(name)
    terms = bindings(query, dict(raw), settings.base_iri)
    key = ("stored", name, tuple(sorted((k, str(v)) for k, v in terms.items())), settings.max_results)
    timeout, limit = settings.stored_query_timeout_s, settings.max_results
    return cached(store, settings, key, lambda: run_query(store, query.text, terms, timeout, limit))


def as_rows(name: str, outcome: QueryOutcome) -> QueryRows:
    """Return a SELECT outcome as plain JSON rows."""
    rows = [
        {var: plain(term) for var, term in zip(outcome.variables, row, strict=True)} for row in outcome.rows
    ]
    return QueryRows(query=name, variables=list(outcome.variables), rows=rows)
