"""Objectives and the headline answer: recommendations for an objective, grouped by actor type."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from api.errors import NotFound
from api.services.common import Record, iri_list, local_id, records
from api.services.headline import ViewRow, existing_view, view_filter, view_for
from api.services.models import (
    ActorTypeGroup,
    ObjectiveLinkInfo,
    ObjectiveSummary,
    RecommendationItem,
    RecommendationPage,
    Ref,
    SourceInfo,
)
from api.services.stored import stored_query
from api.services.values import integer, number, text
from gcmkg.config import Settings
from gcmkg.store import GraphStore
from gcmkg.stored_queries import bindings


def objective_summary(record: Record) -> ObjectiveSummary:
    """Return the summary of one row of the objectives query."""
    labels = {lang: text(record.get(f"label{lang.title()}")) for lang in ("en", "fr", "es")}
    return ObjectiveSummary(
        iri=text(record["objective"]),
        number=int(text(record["notation"])),
        labels={lang: label for lang, label in labels.items() if label},
        recommendations=integer(record.get("recommendations")) or 0,
        recommenders=integer(record.get("recommenders")) or 0,
    )


def view_summary(row: ViewRow) -> ObjectiveSummary:
    """Return the summary of one row of the headline view's objectives table (objective_summary's fields)."""
    labels = {lang: cell(row, f"label_{lang}") for lang in ("en", "fr", "es")}
    return ObjectiveSummary(
        iri=cell(row, "objective"),
        number=int(cell(row, "notation")),
        labels={lang: label for lang, label in labels.items() if label},
        recommendations=whole(row, "recommendations") or 0,
        recommenders=whole(row, "recommenders") or 0,
    )


def summaries(store: GraphStore, settings: Settings, number_: int | None = None) -> list[ObjectiveSummary]:
    """Return the rows of the stored query objectives (one objective's when given): from the view if written.

    A generation whose view is not written yet (an `oxigraph load`ed store, an external server before its
    first recommendations page) answers through SPARQL, as before, rather than building the whole view here.
    """
    raw: dict[str, str | None] = {} if number_ is None else {"objective": str(number_)}
    terms = bindings(stored_query("objectives"), raw, settings.base_iri)
    view = existing_view(store, settings)
    if view is None:
        return [objective_summary(r) for r in records(store, settings, "objectives", raw)]
    objective = terms.get("objective")
    return [view_summary(row) for row in view.objectives(None if objective is None else objective.value)]


def list_objectives(store: GraphStore, settings: Settings) -> list[ObjectiveSummary]:
    """Return every objective with its counts, by number."""
    return summaries(store, settings)


def get_objective(store: GraphStore, settings: Settings, number_: int) -> ObjectiveSummary:
    """Return one objective, or raise NotFound (InvalidParameter when the number is out of range)."""
    found = summaries(store, settings, number_)
    if not found:
        raise NotFound(f"objective {number_} is not in the graph")
    return found[0]


def stored_objectives(store: GraphStore, settings: Settings) -> list[ObjectiveSummary]:
    """Return every objective from the stored query itself (SPARQL): the reference answer."""
    return [objective_summary(r) for r in records(store, settings, "objectives")]


def ref(record: Record, key: str, label_key: str, base: str) -> Ref:
    """Return a Ref built from an IRI column and its label column."""
    iri = text(record.get(key))
    return Ref(iri=iri, id=local_id(iri, base), label=text(record.get(label_key)) or None)


def recommendation_item(record: Record, base: str, objective: int | None = None) -> RecommendationItem:
    """Return one row of the headline query as a RecommendationItem."""
    iri = text(record["recommendation"])
    return RecommendationItem(
        iri=iri,
        id=local_id(iri, base),
        text=text(record.get("text")),
        language=text(record.get("lang")),
        kind=text(record.get("kind")) or None,
        recommender=ref(record, "recommender", "recommenderLabel", base),
        organization=ref(record, "organization", "organizationLabel", base),
        actor_type=text(record.get("actorType")),
        addressees=iri_list(record, "addressees"),
        instruments=iri_list(record, "instruments"),
        link=ObjectiveLinkInfo(
            objective=objective,
            method=text(record.get("method")) or None,
            confidence=number(record.get("confidence")),
            evidence=text(record.get("evidence")) or None,
        ),
        source=SourceInfo(
            comment=text(record.get("comment")) or None,
            char_start=integer(record.get("charStart")),
            char_end=integer(record.get("charEnd")),
            created=text(record.get("created")) or None,
            consultation=text(record.get("consultation")) or None,
        ),
    )


def cell(row: ViewRow, key: str) -> str:
    """Return a text column of a view row ('' when NULL)."""
    found = row.get(key)
    return "" if found is None else str(found)


def whole(row: ViewRow, key: str) -> int | None:
    """Return an integer column of a view row (None when NULL)."""
    found = row.get(key)
    return found if isinstance(found, int) else None


def view_ref(row: ViewRow, key: str, base: str) -> Ref:
    """Return the Ref of an IRI column and its label column (`<key>_label`) of a view row."""
    iri = cell(row, key)
    return Ref.model_construct(iri=iri, id=local_id(iri, base), label=cell(row, f"{key}_label") or None)


def view_item(row: ViewRow, base: str, objective: int) -> RecommendationItem:
    """Return one row of the headline view as a RecommendationItem (the fields of recommendation_item).

    Built with `model_construct`: the view's columns already have the models' types (written and typed by
    gcmkg/store/headline.py), and validating ~5 models per item was most of a page's cost.
    """
    iri, confidence = cell(row, "recommendation"), row.get("confidence")
    link = ObjectiveLinkInfo.model_construct(
        objective=objective,
        method=cell(row, "method") or None,
        confidence=float(confidence) if isinstance(confidence, int | float) else None,
        evidence=cell(row, "evidence") or None,
    )
    source = SourceInfo.model_construct(
        comment=cell(row, "comment") or None,
        char_start=whole(row, "char_start"),
        char_end=whole(row, "char_end"),
        created=cell(row, "created") or None,
        consultation=cell(row, "consultation") or None,
    )
    return RecommendationItem.model_construct(
        iri=iri,
        id=local_id(iri, base),
        text=cell(row, "text"),
        language=cell(row, "lang"),
        kind=cell(row, "kind") or None,
        recommender=view_ref(row, "recommender", base),
        organization=view_ref(row, "organization", base),
        actor_type=cell(row, "actor_type"),
        addressees=[part for part in cell(row, "addressees").split(" ") if part],
        instruments=[part for part in cell(row, "instruments").split(" ") if part],
        link=link,
        source=source,
    )


def grouped(
    objective: ObjectiveSummary, total: int, items: list[RecommendationItem], page: int, page_size: int
) -> RecommendationPage:
    """Return a page of items grouped by actor type (consecutive runs, as ordered)."""
    groups = [
        ActorTypeGroup(actor_type=actor_type, count=len(members), recommendations=members)
        for actor_type, group in groupby(items, key=lambda item: item.actor_type)
        for members in [list(group)]
    ]
    return RecommendationPage(objective=objective, total=total, page=page, page_size=page_size, groups=groups)


def objective_recommendations(
    store: GraphStore,
    settings: Settings,
    number_: int,
    filters: Mapping[str, str | None],
    page: int = 1,
    page_size: int = 50,
) -> RecommendationPage:
    """Return the recommendations for an objective, filtered, paginated, grouped by actor type.

    Read from the generation's headline view (filters, order, LIMIT/OFFSET and the total in SQLite); the
    answer is the stored query recommendations-for-objective's (tests/api/test_headline_view.py).
    """
    view = view_for(store, settings)  # built first when missing: the objective is then read from it too
    objective = get_objective(store, settings, number_)
    query = stored_query("recommendations-for-objective")
    terms = bindings(query, {**filters, "objective": str(number_)}, settings.base_iri)
    total, rows = view.page(view_filter(terms), (page - 1) * page_size, page_size)
    items = [view_item(row, settings.base_iri, number_) for row in rows]
    return grouped(objective, total, items, page, page_size)


def stored_recommendations(
    store: GraphStore,
    settings: Settings,
    number_: int,
    filters: Mapping[str, str | None],
    page: int = 1,
    page_size: int = 50,
) -> RecommendationPage:
    """Return the same page from the stored query itself (every match, sliced here): the reference answer."""
    objective = get_objective(store, settings, number_)
    rows = records(store, settings, "recommendations-for-objective", {**filters, "objective": str(number_)})
    items = [recommendation_item(row, settings.base_iri, number_) for row in rows]
    window = items[(page - 1) * page_size : page * page_size]
    return grouped(objective, len(items), window, page, page_size)
