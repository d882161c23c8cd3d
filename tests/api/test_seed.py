"""The API over the real seed build (gcmkg.pipeline.build on the bundled seed page)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from gcmkg.config import Settings
from gcmkg.export import write_exports
from gcmkg.pipeline import build
from gcmkg.resources import seed_pages
from gcmkg.store import canonical_hash, open_store
from gcmkg.stored_queries import load_queries

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the seed build."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("seed"))
    build(seed_pages(), settings)
    return settings


@pytest.fixture(scope="module")
def seed(seed_settings: Settings) -> Iterator[TestClient]:
    """The app over the seed build."""
    with TestClient(create_app(seed_settings), raise_server_exceptions=False) as client:
        yield client


def test_all_23_objectives_with_counts(seed: TestClient) -> None:
    objectives = seed.get("/objectives").json()
    assert [o["number"] for o in objectives] == list(range(1, 24))
    assert all(set(o["labels"]) == {"en", "fr", "es"} for o in objectives)
    assert sum(o["recommendations"] for o in objectives) > 0


def test_headline_on_the_seed(seed: TestClient) -> None:
    page = seed.get("/objectives/5/recommendations").json()
    items = [item for group in page["groups"] for item in group["recommendations"]]
    assert page["total"] == len(items) > 0
    assert all(item["text"] and item["link"]["method"] in ("explicit", "inferred") for item in items)
    assert all(item["source"]["char_start"] is not None for item in items)
    first = seed.get(f"/recommendations/{items[0]['id']}").json()
    assert first["provenance"]["quote"]


def test_every_stored_query_runs_on_the_seed(seed: TestClient) -> None:
    for name, query in load_queries().items():
        if any(p.required for p in query.params):
            continue
        response = seed.get(f"/queries/{name}")
        assert response.status_code == 200, (name, response.text)


def test_consultation_completeness_and_search(seed: TestClient) -> None:
    consultations = seed.get("/consultations").json()
    assert len(consultations) >= 1
    detail = seed.get(f"/consultations/{consultations[0]['id']}").json()
    assert detail["threads"] and all(t["found"] >= 0 for t in detail["threads"])
    assert seed.get("/search", params={"q": "MIGRANTS"}).json()["total"] > 0


def test_every_recommendation_dereferences(seed: TestClient) -> None:
    rows = seed.get("/queries/texts").json()["rows"]
    for row in rows[:25]:
        path = row["item"].removeprefix("https://w3id.org/gcmkg/id/")
        response = seed.get(f"/id/{path}", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        assert len(Graph().parse(data=response.text, format="turtle")) > 0


def test_seed_exports_are_deterministic(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = Settings(var_dir=tmp_path_factory.mktemp("seed-again"))
    build(seed_pages(), again)
    assert canonical_hash(open_store(again)) == canonical_hash(open_store(seed_settings))
    first = write_exports(open_store(seed_settings), tmp_path_factory.mktemp("export-1"))
    second = write_exports(open_store(again), tmp_path_factory.mktemp("export-2"))
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name


def test_headline_lists_each_recommendation_once_per_actor_type(seed: TestClient) -> None:
    body = seed.get("/objectives/5/recommendations", params={"page_size": 200}).json()
    for group in body["groups"]:
        iris = [rec["iri"] for rec in group["recommendations"]]
        assert len(iris) == len(set(iris)), f"repeated recommendations under {group['actor_type']}"


def test_actors_list_the_objectives_of_all_their_recommendations(seed: TestClient) -> None:
    # an actor with some recommendations linked to no objective must still list the linked ones
    actors = {actor["label"]: actor for actor in seed.get("/actors").json()}
    assert 5 in actors["Lidia Kuzemska"]["objectives"]
    assert all(actor["objectives"] for actor in actors.values() if actor["recommendations"] >= 3)
