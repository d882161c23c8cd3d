"""The explorer's resource pages: each gathers the service results a template needs and renders it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.errors import NotFound
from api.explorer import charts
from api.explorer.brief import unique_page
from api.explorer.data import (
    ACTOR_TYPES,
    FALLBACK_TYPES,
    Labels,
    actor_type_label,
    comment_content,
    heat_counts,
    label_for,
    reply_network,
    round_tables,
    term_labels,
)
from api.explorer.highlight import cut_quote, mark_evidence
from api.explorer.i18n import pick_lang
from api.explorer.templating import page
from api.services.actors import get_actor, list_actors
from api.services.catalog import (
    get_consultation,
    get_instrument,
    get_recommendation,
    list_consultations,
    list_instruments,
)
from api.services.common import local_id
from api.services.models import ConsultationDetail
from api.services.objectives import list_objectives, objective_recommendations
from api.services.search import search
from gcmkg.config import Settings
from gcmkg.errors import InvalidParameter
from gcmkg.store import GraphStore

FILTERS = ("actor_type", "language", "method", "consultation", "instrument")
ALL_ITEMS = 1_000_000
P = ParamSpec("P")


def html_errors(
    render: Callable[Concatenate[Request, P], HTMLResponse],
) -> Callable[Concatenate[Request, P], HTMLResponse]:
    """Wrap a page so that an unknown resource or a bad filter gives an HTML error page (404/422)."""

    @wraps(render)
    def guarded(request: Request, /, *args: P.args, **kwargs: P.kwargs) -> HTMLResponse:
        try:
            return render(request, *args, **kwargs)
        except NotFound as error:
            return page(request, "error.html", status=404, title_key="not_found", detail=str(error))
        except InvalidParameter as error:
            return page(request, "error.html", status=422, title_key="bad_parameter", detail=str(error))

    return guarded


def namer(labels: Labels, lang: str, base: str) -> Callable[[str], str]:
    """Return a function naming an IRI or an actor type name (e.g. 'State') in lang."""

    def name(value: str) -> str:
        if ":" not in value:
            return actor_type_label(labels, value, lang)
        return label_for(labels, value, lang, base)

    return name


def helpers(request: Request, store: GraphStore, settings: Settings) -> dict[str, Any]:
    """Return the template helpers shared by the resource pages (labels, local ids, marking)."""
    lang = pick_lang(request.query_params.get("lang"))
    base = settings.base_iri
    return {
        "name": namer(term_labels(store, settings), lang, base),
        "lid": lambda iri: local_id(iri, base),
        "mark": mark_evidence,
        "base": base,
    }


def chosen_filters(params: Mapping[str, str]) -> dict[str, str | None]:
    """Return the filter values of the objective page's form (empty means any)."""
    return {key: params.get(key) or None for key in FILTERS}


def completeness(store: GraphStore, settings: Settings) -> list[ConsultationDetail]:
    """Return every consultation with its completeness report."""
    return [get_consultation(store, settings, c.id) for c in list_consultations(store, settings)]


@html_errors
def home(request: Request, store: GraphStore, settings: Settings) -> HTMLResponse:
    """Return the home page: objective tiles by round table, consultations with completeness."""
    objectives = {o.number: o for o in list_objectives(store, settings)}
    tables = round_tables(store, settings)
    return page(
        request, "home.html", objectives=objectives, tables=tables,
        consultations=completeness(store, settings), **helpers(request, store, settings),
    )  # fmt: skip


@html_errors
def objective(request: Request, store: GraphStore, settings: Settings, number: int) -> HTMLResponse:
    """Return the objective page: who recommends what, grouped by actor type, with filters."""
    filters = chosen_filters(request.query_params)
    result = unique_page(objective_recommendations(store, settings, number, filters, 1, ALL_ITEMS))
    options = {
        "actor_type": list(ACTOR_TYPES + FALLBACK_TYPES),
        "language": ["en", "fr", "es"],
        "method": ["explicit", "inferred"],
        "consultation": [(c.id, c.title or c.id) for c in list_consultations(store, settings)],
        "instrument": [(i.id, i.label or i.id) for i in list_instruments(store, settings)],
    }
    return page(
        request, "objective.html", result=result, filters=filters, options=options,
        **helpers(request, store, settings),
    )  # fmt: skip


@html_errors
def recommendation(request: Request, store: GraphStore, settings: Settings, rec_id: str) -> HTMLResponse:
    """Return a recommendation shown inside its comment, the quote highlighted."""
    found = get_recommendation(store, settings, rec_id)
    links = list({(link.objective, link.method, link.evidence): link for link in found.links}.values())
    found = found.model_copy(update={"links": links})  # rows repeat per actor label: one link each
    content = comment_content(store, settings, rec_id)
    segments = cut_quote(content, found.provenance.char_start, found.provenance.char_end)
    return page(
        request, "recommendation.html", rec=found, segments=segments, **helpers(request, store, settings)
    )


@html_errors
def actor(request: Request, store: GraphStore, settings: Settings, actor_id: str) -> HTMLResponse:
    """Return an actor and the recommendations they made."""
    found = get_actor(store, settings, actor_id)
    return page(request, "actor.html", actor=found, **helpers(request, store, settings))


@html_errors
def actors(request: Request, store: GraphStore, settings: Settings, actor_type: str | None) -> HTMLResponse:
    """Return the actors who made recommendations."""
    found = list_actors(store, settings, actor_type)
    return page(request, "actors.html", actors=found, **helpers(request, store, settings))


def instrument_bars(request: Request, store: GraphStore, settings: Settings) -> list[charts.Bar]:
    """Return the bars of the most cited instruments chart."""
    lang = pick_lang(request.query_params.get("lang"))
    suffix = "" if lang == "en" else f"?lang={lang}"
    items = [
        (i.label or i.id, i.recommendations, f"/instruments/{i.id}{suffix}")
        for i in list_instruments(store, settings)
    ]
    return charts.bars(items)


@html_errors
def instruments(request: Request, store: GraphStore, settings: Settings) -> HTMLResponse:
    """Return the cited instruments, with the chart of the most cited."""
    found = list_instruments(store, settings)
    bars = instrument_bars(request, store, settings)
    return page(
        request, "instruments.html", instruments=found, bars=bars, chart=charts,
        **helpers(request, store, settings),
    )  # fmt: skip


@html_errors
def instrument(request: Request, store: GraphStore, settings: Settings, instrument_id: str) -> HTMLResponse:
    """Return an instrument and the recommendations citing it."""
    found = get_instrument(store, settings, instrument_id)
    return page(request, "instrument.html", instrument=found, **helpers(request, store, settings))


@html_errors
def consultations(request: Request, store: GraphStore, settings: Settings) -> HTMLResponse:
    """Return the consultations loaded with their completeness."""
    return page(
        request, "consultations.html", consultations=completeness(store, settings),
        **helpers(request, store, settings),
    )  # fmt: skip


@html_errors
def consultation(
    request: Request, store: GraphStore, settings: Settings, consultation_id: str
) -> HTMLResponse:
    """Return a consultation: completeness by thread and its reply network."""
    found = get_consultation(store, settings, consultation_id)
    network = reply_network(store, settings, consultation_id)
    nodes = charts.circle_layout([(p.iri, p.label, p.comments) for p in network.participants])
    edges = charts.edges_between(nodes, network.edges)
    names = {p.iri: p.label for p in network.participants}
    return page(
        request, "consultation.html", consultation=found, nodes=nodes, edges=edges, network=network,
        names=names, size=charts.NETWORK_SIZE, **helpers(request, store, settings),
    )  # fmt: skip


@html_errors
def heatmap(request: Request, store: GraphStore, settings: Settings) -> HTMLResponse:
    """Return the heat map of recommendations by objective and actor type."""
    objectives = list_objectives(store, settings)
    kinds = ACTOR_TYPES + FALLBACK_TYPES
    cells = charts.heat_cells(heat_counts(store, settings), [o.number for o in objectives], kinds)
    return page(
        request, "heatmap.html", cells=cells, objectives=objectives, kinds=kinds, chart=charts,
        **helpers(request, store, settings),
    )  # fmt: skip


@html_errors
def search_page(
    request: Request, store: GraphStore, settings: Settings, q: str, kind: str | None
) -> HTMLResponse:
    """Return the search results page."""
    found = search(store, settings, q, kind, 100)
    return page(request, "search.html", results=found, **helpers(request, store, settings))
