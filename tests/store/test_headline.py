"""The headline view is written into each generation before the switch, removed with it, built lazily once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import api.services.headline as headline_service
import gcmkg.store.derived as derived_module
from api.services.headline import cache_path, view_for
from api.services.objectives import objective_recommendations, stored_recommendations
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store import LocalStore, RemoteStore, open_store, write_generation
from gcmkg.store.headline import Select, build_view, view_path
from gcmkg.store.local import current_generation, generations_dir
from tests.store.helpers import fixture_graphs

VIEWS = "views"


def views_of(settings: Settings) -> list[str]:
    """Return the names of the view files in the store's views directory."""
    return sorted(p.name for p in (settings.store_dir / VIEWS).glob("*.sqlite"))


def test_each_generation_has_its_view_and_loses_it_when_pruned(settings: Settings) -> None:
    for _ in range(3):
        write_generation(fixture_graphs(), settings)
    generations = sorted(p.name for p in generations_dir(settings.store_dir).iterdir() if p.is_dir())
    assert 2 <= len(generations) <= 3  # pruned (the current and the previous are kept)
    kinds = (".headline.sqlite", ".search.sqlite", ".shapes.sqlite")  # every derived file, pruned alike
    assert views_of(settings) == sorted(f"{name}{kind}" for name in generations for kind in kinds)


def test_a_failing_view_build_leaves_the_store_as_it_was(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = current_generation(settings.store_dir)
    entries = sorted(p.name for p in generations_dir(settings.store_dir).iterdir())
    views = views_of(settings)

    def broken(select: Select, target: Path, generation: str) -> int:
        target.write_bytes(b"half a view")
        raise StoreError(f"{target}: cannot write the headline view (disk full)")

    monkeypatch.setattr(derived_module, "build_view", broken)
    with pytest.raises(StoreError, match="headline view"):
        write_generation(fixture_graphs(), settings)
    assert current_generation(settings.store_dir) == before
    assert sorted(p.name for p in generations_dir(settings.store_dir).iterdir()) == entries
    assert views_of(settings) == views


def test_a_missing_view_is_built_once_for_concurrent_first_requests(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    view_path(store.generation_dir()).unlink()  # as a generation written by `oxigraph load` would be
    calls: list[str] = []

    def counting(select: Select, target: Path, generation: str) -> int:
        calls.append(generation)
        return build_view(select, target, generation)

    monkeypatch.setattr(headline_service, "build_view", counting)
    threads = [threading.Thread(target=view_for, args=(store, settings)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert calls == [store.generation()]
    assert cache_path(settings, store.generation()).exists()
    reference = stored_recommendations(store, settings, 5, {}, 1, 1000)
    assert objective_recommendations(store, settings, 5, {}, 1, 1000) == reference


def test_a_corrupt_view_is_a_store_error_naming_the_file(settings: Settings) -> None:
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    path = view_path(store.generation_dir())
    path.write_bytes(b"this is not a SQLite database" * 100)
    headline_service._VIEWS.clear()
    with pytest.raises(StoreError, match=str(path.name)):
        objective_recommendations(store, settings, 5, {}, 1, 10)
    headline_service._VIEWS.clear()


def test_an_external_server_gets_a_lazily_built_view(oxigraph_server: Settings) -> None:
    write_generation(fixture_graphs(), oxigraph_server)
    store = open_store(oxigraph_server)
    assert isinstance(store, RemoteStore)
    for filters in ({}, {"language": "fr"}, {"consultation": "consultation/c1"}):
        page = objective_recommendations(store, oxigraph_server, 5, filters, 1, 1000)
        assert page == stored_recommendations(store, oxigraph_server, 5, filters, 1, 1000)
    assert page.total > 0
    assert cache_path(oxigraph_server, store.generation()).exists()
