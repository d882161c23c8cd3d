"""The headline view answers exactly what the stored query answers, on the seed build and the fixture."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import product

import pytest

from api.services.common import records
from api.services.models import RecommendationItem, RecommendationPage
from api.services.objectives import objective_recommendations, stored_recommendations
from api.services.values import text
from gcmkg.config import Settings
from gcmkg.pipeline import build
from gcmkg.resources import seed_pages
from gcmkg.store import GraphStore, open_store
from tests.store.helpers import build_fixture_store

ALL = 1_000_000
ACTOR_TYPES = (
    "State", "GovernmentBody", "UNEntity", "IntergovernmentalOrganization", "TradeUnion",
    "CivilSocietyOrganization", "AcademicInstitution", "LocalGovernment", "PrivateSector", "Network",
    "Person", "Organization",
)  # fmt: skip
Filters = dict[str, str | None]


def items_of(page: RecommendationPage) -> list[RecommendationItem]:
    """Return a page's items in order."""
    return [item for group in page.groups for item in group.recommendations]


def order_key(item: RecommendationItem) -> tuple[str, float, str]:
    """Return the stored query's ORDER BY key of an item (?actorType DESC(?confidence) ?recommendation)."""
    confidence = item.link.confidence
    return (item.actor_type, -confidence if confidence is not None else float("inf"), item.iri)


def assert_same(store: GraphStore, settings: Settings, number: int, filters: Filters) -> int:
    """Assert the view's answer equals the stored query's (ties in any order); return the total."""
    view = objective_recommendations(store, settings, number, filters, 1, ALL)
    reference = stored_recommendations(store, settings, number, filters, 1, ALL)
    got, want = items_of(view), items_of(reference)
    where = f"objective {number} with {filters}"
    assert view.total == reference.total == len(want), where
    assert [order_key(i) for i in got] == [order_key(i) for i in want], where
    dump = sorted(json.dumps(i.model_dump(mode="json"), sort_keys=True) for i in got)
    assert dump == sorted(json.dumps(i.model_dump(mode="json"), sort_keys=True) for i in want), where
    assert view.objective == reference.objective
    return view.total


def ids(store: GraphStore, settings: Settings, query: str, key: str) -> list[str]:
    """Return the ids (paths under the base) of a listing query's key column."""
    return sorted(text(r[key])[len(settings.base_iri) :] for r in records(store, settings, query))


@pytest.fixture(scope="module")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the seed build."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("seed-view"))
    build(seed_pages(), settings)
    return settings


@pytest.fixture(scope="module")
def seed_store(seed_settings: Settings) -> Iterator[GraphStore]:
    """The seed build's store, queried in this process."""
    yield open_store(seed_settings)


def single_filters(consultations: list[str], instruments: list[str]) -> list[Filters]:
    """Return no filter, then each filter value alone."""
    grid: list[Filters] = [{}]
    grid += [{"actor_type": t} for t in ACTOR_TYPES]
    grid += [{"language": lang} for lang in ("en", "fr", "es")]
    grid += [{"method": m} for m in ("explicit", "inferred")]
    grid += [{"min_confidence": c} for c in ("0", "0.5", "0.8", "0.9", "1")]
    grid += [{"consultation": c} for c in [*consultations, "consultation/none"]]
    grid += [{"instrument": i} for i in instruments]
    return grid


@pytest.mark.slow
def test_every_objective_and_filter_on_the_seed(seed_store: GraphStore, seed_settings: Settings) -> None:
    consultations = ids(seed_store, seed_settings, "consultations", "consultation")
    instruments = ids(seed_store, seed_settings, "instruments", "instrument")
    assert consultations and instruments
    totals = [
        assert_same(seed_store, seed_settings, number, filters)
        for number in range(1, 24)
        for filters in single_filters(consultations, instruments[:8])
    ]
    assert sum(totals) > 100  # the seed links many recommendations: the comparison is not vacuous


@pytest.mark.slow
def test_filter_combinations_on_the_seed(seed_store: GraphStore, seed_settings: Settings) -> None:
    consultations = ids(seed_store, seed_settings, "consultations", "consultation")
    instruments = ids(seed_store, seed_settings, "instruments", "instrument")
    grid = product(
        (None, "Person", "CivilSocietyOrganization", "UNEntity"),
        (None, "en", "fr"),
        (None, "explicit", "inferred"),
        (None, "0.7"),
        (None, consultations[0]),
        (None, instruments[0]),
    )
    for actor, lang, method, low, consultation, instrument in grid:
        filters = {"actor_type": actor, "language": lang, "method": method, "min_confidence": low}
        assert_same(seed_store, seed_settings, 5, {**filters, "consultation": consultation})
        if instrument and not consultation:
            assert_same(seed_store, seed_settings, 5, {**filters, "instrument": instrument})


@pytest.mark.slow
def test_pages_of_the_view_concatenate_to_the_whole(seed_store: GraphStore, seed_settings: Settings) -> None:
    whole = items_of(objective_recommendations(seed_store, seed_settings, 5, {}, 1, ALL))
    pages = [objective_recommendations(seed_store, seed_settings, 5, {}, n, 7) for n in range(1, 100)]
    assert all(page.total == len(whole) for page in pages)
    assert [item for page in pages for item in items_of(page)] == whole
    assert len(whole) > 7


def test_the_fixture_answers_the_same(tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = build_fixture_store(tmp_path_factory.mktemp("fixture-view"))
    store = open_store(settings)
    grid = [
        {},
        {"actor_type": "Person"},
        {"consultation": "consultation/c1"},
        {"instrument": "instrument/ilo-c097"},
    ]
    grid += [{"language": "fr"}, {"method": "inferred"}, {"min_confidence": "0.9"}]
    totals = [assert_same(store, settings, number, filters) for number in (4, 5, 6) for filters in grid]
    assert totals[0] > 0
