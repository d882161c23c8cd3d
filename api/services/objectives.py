"""Objectives and the headline answer: recommendations for an objective, grouped by actor type."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from api.errors import NotFound
from api.services.common import Record, iri_list, local_id, records
from api.services.models import (
    ActorTypeGroup,
    ObjectiveLinkInfo,
    ObjectiveSummary,
    RecommendationItem,
    RecommendationPage,
    Ref,
    SourceInfo,
)
from api.services.values import integer, number, text
from gcmkg.config import Settings
from gcmkg.store import GraphStore


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


def list_objectives(store: GraphStore, settings: Settings) -> list[ObjectiveSummary]:
    """Return every objective with its counts, by number."""
    return [objective_summary(r) for r in records(store, settings, "objectives")]


def get_objective(store: GraphStore, settings: Settings, number_: int) -> ObjectiveSummary:
    """Return one objective, or raise NotFound."""
    rows = records(store, settings, "objectives", {"objective": str(number_)})
    if not rows:
        raise NotFound(f"objective {number_} is not in the graph")
    return objective_summary(rows[0])


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


def objective_recommendations(
    store: GraphStore,
    settings: Settings,
    number_: int,
    filters: Mapping[str, str | None],
    page: int = 1,
    page_size: int = 50,
) -> RecommendationPage:
    """Return the recommendations for an objective, filtered, paginated, grouped by actor type."""
    objective = get_objective(store, settings, number_)
    rows = records(store, settings, "recommendations-for-objective", {**filters, "objective": str(number_)})
    items = [recommendation_item(row, settings.base_iri, number_) for row in rows]
    window = items[(page - 1) * page_size : page * page_size]
    groups = [
        ActorTypeGroup(actor_type=actor_type, count=len(members), recommendations=members)
        for actor_type, group in groupby(window, key=lambda item: item.actor_type)
        for members in [list(group)]
    ]
    return RecommendationPage(
        objective=objective, total=len(items), page=page, page_size=page_size, groups=groups
    )
