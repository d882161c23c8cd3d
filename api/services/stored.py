"""Running stored queries by name with raw parameter values."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from api.cache import cache_of, cached, immutable
from api.errors import NotFound
from api.services import stored_view
from api.services.values import JsonValue, plain
from gcmkg.config import Settings
from gcmkg.store import GraphStore, QueryOutcome, run_query
from gcmkg.store.terms import OxTerm
from gcmkg.stored_queries import StoredQuery, bindings, load_queries

Key = tuple[object, ...]


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


def answer_key(name: str, terms: Mapping[str, OxTerm], settings: Settings) -> Key:
    """Return what identifies an answer: the query, its bound terms and the result limit."""
    return (name, tuple(sorted((k, str(v)) for k, v in terms.items())), settings.max_results)


def run_stored(
    store: GraphStore, settings: Settings, name: str, raw: Mapping[str, str | None]
) -> QueryOutcome:
    """Return the outcome of stored query `name` with the raw parameter values validated and bound."""
    query = stored_query(name)
    terms = bindings(query, dict(raw), settings.base_iri)
    key = ("stored", *answer_key(name, terms, settings))
    timeout, limit = settings.stored_query_timeout_s, settings.max_results
    return cached(store, settings, key, lambda: run_query(store, query.text, terms, timeout, limit))


def answer_stored(
    store: GraphStore, settings: Settings, name: str, raw: Mapping[str, str | None]
) -> QueryOutcome:
    """Return the outcome of stored query `name` for /queries: from a precomputed view when one answers it.

    recommendations-for-objective and objectives are read from the generation's headline view when it exists
    (the same rows and terms, api/services/stored_view.py); every other case runs the SPARQL query
    (`run_stored`).
    """
    query = stored_query(name)
    terms = bindings(query, dict(raw), settings.base_iri)
    if name in (stored_view.NAME, stored_view.OBJECTIVES):
        outcome = view_answer(store, settings, query, terms)
        if outcome is not None:
            return outcome
    return run_stored(store, settings, name, raw)


def view_answer(
    store: GraphStore, settings: Settings, query: StoredQuery, terms: Mapping[str, OxTerm]
) -> QueryOutcome | None:
    """Return the view's outcome of a stored query (kept in the answer cache), None when it has none."""
    key = ("stored-view", *answer_key(query.name, terms, settings))
    cache = cache_of(store, settings)
    generation = store.generation() if immutable(store) else ""
    found = cache.get(generation, key) if generation else None
    if found is None:
        read = stored_view.answer if query.name == stored_view.NAME else stored_view.objectives_answer
        found = read(store, settings, query, terms)
        if found is not None and generation:
            cache.put(generation, key, found)
    return found


def as_rows(name: str, outcome: QueryOutcome) -> QueryRows:
    """Return a SELECT outcome as plain JSON rows."""
    rows = [
        {var: plain(term) for var, term in zip(outcome.variables, row, strict=True)} for row in outcome.rows
    ]
    return QueryRows(query=name, variables=list(outcome.variables), rows=rows)
