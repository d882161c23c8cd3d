"""Actors: who made recommendations, their type and organisation, and what they recommend."""

from __future__ import annotations

from api.errors import NotFound
from api.services.common import Record, int_list, local_id, records
from api.services.models import ActorDetail, ActorSummary, RecommendationBrief, Ref
from api.services.objectives import ref
from api.services.values import integer, text
from gcmkg.config import Settings
from gcmkg.errors import InvalidParameter
from gcmkg.store import GraphStore


def actor_summary(record: Record, base: str) -> ActorSummary:
    """Return one row of the actors query as an ActorSummary."""
    iri = text(record["recommender"])
    return ActorSummary(
        iri=iri,
        id=local_id(iri, base),
        label=text(record.get("recommenderLabel")) or None,
        organization=ref(record, "organization", "organizationLabel", base),
        actor_type=text(record.get("actorType")),
        recommendations=integer(record.get("recommendations")) or 0,
        objectives=int_list(record, "objectives"),
    )


def list_actors(store: GraphStore, settings: Settings, actor_type: str | None = None) -> list[ActorSummary]:
    """Return the actors who made recommendations, most prolific first."""
    rows = records(store, settings, "actors", {"actor_type": actor_type})
    return [actor_summary(row, settings.base_iri) for row in rows]


def brief(record: Record, base: str, with_recommender: bool = False) -> RecommendationBrief:
    """Return a RecommendationBrief from a row with recommendation, text, lang and objectives."""
    iri = text(record["recommendation"])
    recommender = ref(record, "recommender", "recommenderLabel", base) if with_recommender else None
    return RecommendationBrief(
        iri=iri,
        id=local_id(iri, base),
        text=text(record.get("text")),
        language=text(record.get("lang")),
        objectives=int_list(record, "objectives"),
        recommender=recommender,
    )


def get_actor(store: GraphStore, settings: Settings, actor_id: str) -> ActorDetail:
    """Return an actor and their recommendations, or raise NotFound."""
    try:
        rows = records(store, settings, "actor", {"actor": actor_id})
    except InvalidParameter as error:
        raise NotFound(f"no actor {actor_id!r}") from error
    if not rows:
        raise NotFound(f"no actor {actor_id!r}")
    row, base = rows[0], settings.base_iri
    made = records(store, settings, "actor-recommendations", {"actor": actor_id})
    return ActorDetail(
        iri=text(row["actor"]),
        id=actor_id,
        label=text(row.get("label")) or None,
        display_name=text(row.get("displayName")) or None,
        organization=ref(row, "organization", "organizationLabel", base),
        actor_type=text(row.get("actorType")),
        recommendations=[brief(r, base) for r in made],
    )


__all__ = ["Ref", "get_actor", "list_actors"]
