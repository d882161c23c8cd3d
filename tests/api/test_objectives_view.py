"""Objective summaries read from the headline view: exactly the answer of queries/objectives.rq.

REST `/objectives`, `/objectives/N` (and the objective of every recommendations page) and the stored query
`/queries/objectives` read the view's objectives table; the reference is the SPARQL text itself.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from itertools import product
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import api.services.headline as headline_service
import api.services.objectives as objectives_service
from api.app import create_app
from api.errors import NotFound
from api.services import stored_view
from api.services.headline import cache_path, view_for
from api.services.objectives import (
    get_objective,
    list_objectives,
    objective_recommendations,
    objective_summary,
    stored_objectives,
)
from api.services.stored import answer_stored, stored_query
from gcmkg.config import Settings
from gcmkg.errors import ResultTooLarge, StoreError
from gcmkg.pipeline import build
from gcmkg.resources import query_files, seed_pages
from gcmkg.store import GraphStore, LocalStore, QueryOutcome, open_store, run_query, write_generation
from gcmkg.store.headline import view_path
from gcmkg.store.terms import OxTerm
from gcmkg.stored_queries import StoredQuery, bindings
from tests.api.test_stored_view import normal_body
from tests.store.helpers import build_fixture_store, fixture_graphs

NAME = "objectives"
FORMATS = ("json", "sparql-json", "xml", "csv", "tsv")
HERE = Path(__file__).resolve().parents[1] / "store"
ODD, INEXACT = HERE / "objectives_odd.trig", HERE / "objectives_inexact.trig"
INTEGER = re.compile(r"[+-]?[0-9]+")
Raw = dict[str, str | None]


def sparql(store: GraphStore, settings: Settings, raw: Raw) -> QueryOutcome:
    """Return the stored query's answer from the SPARQL engine (no cache, no view)."""
    query = stored_query(NAME)
    return run_query(store, query.text, bindings(query, dict(raw), settings.base_iri), 60, 10**6)


def from_view(store: GraphStore, settings: Settings, raw: Raw) -> QueryOutcome:
    """Return the stored query's answer read from the headline view (it must have one)."""
    query = stored_query(NAME)
    terms = bindings(query, dict(raw), settings.base_iri)
    outcome = stored_view.objectives_answer(store, settings, query, terms)
    assert outcome is not None, raw
    return outcome


def sort_key(term: OxTerm | None) -> float:
    """Return xsd:integer(?notation) as the ORDER BY sorts it (an error, i.e. unbound, first)."""
    value = "" if term is None else term.value
    return int(value) if INTEGER.fullmatch(value) else float("-inf")


def assert_same(store: GraphStore, settings: Settings, raw: Raw) -> int:
    """Assert the view's answer is the SPARQL answer (same terms; rows tied on the ORDER BY in any order)."""
    want, got = sparql(store, settings, raw), from_view(store, settings, raw)
    assert got.variables == want.variables
    keys = [sort_key(row[1]) for row in want.rows]
    assert keys == sorted(keys), raw  # the key above is SPARQL's order
    assert [sort_key(row[1]) for row in got.rows] == keys, raw
    assert sorted(map(str, got.rows)) == sorted(map(str, want.rows)), raw
    return len(got.rows)


def settings_of(path: Path, *graphs: Path) -> Settings:
    """Return settings (answer caches off) whose store holds one generation of the given TriG files."""
    settings = Settings(var_dir=path, answer_cache_entries=0)
    merged = {}
    for graph in graphs:
        merged.update(fixture_graphs(graph))
    write_generation(merged, settings)
    return settings


@pytest.fixture(scope="module")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the hand-written fixture, with the answer caches off."""
    built = build_fixture_store(tmp_path_factory.mktemp("objectives-view"))
    return Settings(var_dir=built.var_dir, answer_cache_entries=0)


@pytest.fixture(scope="module")
def fixture_store(fixture_settings: Settings) -> GraphStore:
    """The fixture's store."""
    return open_store(fixture_settings)


@pytest.mark.parametrize("number", [None, *map(str, range(1, 24))])
def test_the_fixture_answers_the_same(
    fixture_store: GraphStore, fixture_settings: Settings, number: str | None
) -> None:
    rows = assert_same(fixture_store, fixture_settings, {"objective": number})
    assert rows == (4 if number is None else int(number in ("4", "5", "6", "23")))


def test_objectives_with_nothing_linked_count_zero(
    fixture_store: GraphStore, fixture_settings: Settings
) -> None:
    summary = get_objective(fixture_store, fixture_settings, 23)
    assert (summary.recommendations, summary.recommenders) == (0, 0)
    assert set(summary.labels) == {"en", "fr", "es"}
    assert [o.number for o in list_objectives(fixture_store, fixture_settings)] == [4, 5, 6, 23]


def test_rest_summaries_are_the_stored_query_rows(
    fixture_store: GraphStore, fixture_settings: Settings
) -> None:
    assert list_objectives(fixture_store, fixture_settings) == stored_objectives(
        fixture_store, fixture_settings
    )
    for number in (4, 5, 6, 23):
        rows = sparql(fixture_store, fixture_settings, {"objective": str(number)}).records()
        assert get_objective(fixture_store, fixture_settings, number) == objective_summary(rows[0])
    with pytest.raises(NotFound, match="objective 1 is not in the graph"):
        get_objective(fixture_store, fixture_settings, 1)


def test_odd_objectives_answer_the_same(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, ODD)
    store = open_store(settings)
    total = assert_same(store, settings, {})
    assert total == 7  # 1 (two EN labels: two rows), 2, 3, 4 (two notations: two rows), 8; not 6 nor 7
    for number in ("1", "2", "3", "4", "6", "7", "8"):
        assert_same(store, settings, {"objective": number})
    counts = {str(row[1]): (row[5], row[6]) for row in from_view(store, settings, {}).rows}
    assert {key: tuple(int(t.value) for t in value if t) for key, value in counts.items()} == {
        '"1"': (2, 2), '"2"^^<http://www.w3.org/2001/XMLSchema#integer>': (0, 0), '"abc"': (1, 1),
        '"4"': (1, 1), '"+04"': (1, 1), '"8"': (1, 2),
    }  # fmt: skip


def test_a_notation_the_view_cannot_cast_runs_sparql(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, ODD, INEXACT)
    store = open_store(settings)
    query = stored_query(NAME)
    assert stored_view.objectives_answer(store, settings, query, {}) is None
    nine = bindings(query, {"objective": "9"}, settings.base_iri)
    assert stored_view.objectives_answer(store, settings, query, nine) is None
    one = bindings(query, {"objective": "1"}, settings.base_iri)
    assert stored_view.objectives_answer(store, settings, query, one) is not None  # the other rows still do
    answered = answer_stored(store, settings, NAME, {})
    assert sorted(map(str, answered.rows)) == sorted(map(str, sparql(store, settings, {}).rows))


def test_the_text_is_pinned() -> None:
    query = stored_query(NAME)
    assert stored_view.text_matches(query)
    assert [path for path in query_files() if path.stem == NAME]
    edited = StoredQuery(query.name, query.summary, query.description, query.params, query.text + "\n# edit")
    assert not stored_view.text_matches(edited)
    assert stored_view.objectives_answer(object(), Settings(), query, {}) is None  # type: ignore[arg-type]


def test_an_edited_text_runs_sparql(
    fixture_store: GraphStore, fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = stored_query(NAME)
    edited = StoredQuery(query.name, query.summary, query.description, query.params, query.text + "\n# edit")
    assert stored_view.objectives_answer(fixture_store, fixture_settings, edited, {}) is None
    recommendations = stored_query(stored_view.NAME)
    assert stored_view.objectives_answer(fixture_store, fixture_settings, recommendations, {}) is None
    assert stored_view.answer(fixture_store, fixture_settings, query, {}) is None  # not the headline's text
    monkeypatch.setattr("api.services.stored.stored_query", lambda _name: edited)
    answered = answer_stored(fixture_store, fixture_settings, NAME, {})
    assert sorted(map(str, answered.rows)) == sorted(
        map(str, sparql(fixture_store, fixture_settings, {}).rows)
    )


def test_the_result_limit_is_the_same(fixture_settings: Settings) -> None:
    settings = Settings(var_dir=fixture_settings.var_dir, answer_cache_entries=0, max_results=3)
    store = open_store(settings)
    query = stored_query(NAME)
    with pytest.raises(ResultTooLarge):
        stored_view.objectives_answer(store, settings, query, {})
    with pytest.raises(ResultTooLarge):
        run_query(store, query.text, {}, 60, 3)
    one = bindings(query, {"objective": "5"}, settings.base_iri)
    assert stored_view.objectives_answer(store, settings, query, one) is not None


@pytest.fixture(scope="module")
def clients(fixture_settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps on the fixture (caches off): one answering from the view, one whose view answers nothing."""
    with (
        TestClient(create_app(fixture_settings), raise_server_exceptions=False) as viewed,
        TestClient(create_app(fixture_settings), raise_server_exceptions=False) as plain,
    ):
        yield viewed, plain


def same_bodies(
    clients: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch, fmt: str, params: Raw
) -> None:
    """Assert a response of the view-backed app is the SPARQL-backed app's (same type, same rows)."""
    viewed, plain = clients
    params = {**{key: value for key, value in params.items() if value is not None}, "format": fmt}
    calls: list[object] = []
    original = stored_view.objectives_answer

    def counted(*args: object) -> QueryOutcome | None:
        found = original(*args)  # type: ignore[arg-type]
        calls.append(found)
        return found

    monkeypatch.setattr(stored_view, "objectives_answer", counted)
    got = viewed.get(f"/queries/{NAME}", params=params)
    assert got.status_code == 200 and calls and calls[0] is not None
    monkeypatch.setattr(stored_view, "objectives_answer", lambda *_args: None)
    want = plain.get(f"/queries/{NAME}", params=params)
    assert want.status_code == 200
    assert got.headers["content-type"] == want.headers["content-type"]
    assert normal_body(fmt, got.text) == normal_body(fmt, want.text)


@pytest.mark.parametrize(("fmt", "objective"), list(product(FORMATS, [None, "5", "23", "1"])))
def test_every_format_answers_the_same(
    clients: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch, fmt: str, objective: str | None
) -> None:
    same_bodies(clients, monkeypatch, fmt, {"objective": objective})


def test_bad_parameters_are_the_same_errors(clients: tuple[TestClient, TestClient]) -> None:
    viewed, plain = clients
    for params in ({"objective": "0"}, {"objective": "24"}, {"objective": "x"}, {"objective": "5.5"}):
        response = viewed.get(f"/queries/{NAME}", params=params)
        assert response.status_code == 422, params
        assert response.json() == plain.get(f"/queries/{NAME}", params=params).json()
    assert viewed.get("/objectives/24").status_code in (404, 422)


def rewrite_schema(path: Path, schema: str) -> None:
    """Make a view file say it has another schema, without the objectives table (as an older build wrote)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TABLE objectives")
        connection.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (schema,))
        connection.commit()


def test_an_older_schema_view_is_rebuilt(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, ODD)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    written = view_path(store.generation_dir())
    rewrite_schema(written, "1")
    headline_service._VIEWS.clear()
    query = stored_query(NAME)
    assert stored_view.objectives_answer(store, settings, query, {}) is None  # SPARQL, not the old file
    assert len(answer_stored(store, settings, NAME, {}).rows) == 7
    assert view_for(store, settings).path == cache_path(settings, store.generation())
    assert assert_same(store, settings, {}) == 7  # the rebuilt view answers
    assert written.exists()  # the build's file is left as it is
    headline_service._VIEWS.clear()


def test_without_a_view_sparql_answers_until_a_page_builds_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = build_fixture_store(tmp_path)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    view_path(store.generation_dir()).unlink()  # as for a generation written by `oxigraph load`
    reference = stored_objectives(store, settings)
    assert list_objectives(store, settings) == reference  # through SPARQL: no view is built for it
    assert get_objective(store, settings, 5) == reference[1]
    assert not cache_path(settings, store.generation()).exists()
    page = objective_recommendations(store, settings, 5, {}, 1, 10)  # builds the view once
    assert page.objective == reference[1] and cache_path(settings, store.generation()).exists()
    monkeypatch.setattr(objectives_service, "records", lambda *_args: pytest.fail("not read from the view"))
    assert list_objectives(store, settings) == reference
    with pytest.raises(NotFound):
        get_objective(store, settings, 1)


def test_a_corrupt_view_is_a_store_error_naming_the_file(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, ODD)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    path = view_path(store.generation_dir())
    path.write_bytes(b"this is not a SQLite database" * 100)
    headline_service._VIEWS.clear()
    with pytest.raises(StoreError, match=path.name):
        list_objectives(store, settings)
    with pytest.raises(StoreError, match=path.name):
        answer_stored(store, settings, NAME, {})
    headline_service._VIEWS.clear()


def test_a_view_without_the_table_is_a_store_error_naming_it(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, ODD)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    path = view_path(store.generation_dir())
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TABLE objectives")
        connection.commit()
    headline_service._VIEWS.clear()
    with pytest.raises(StoreError, match=path.name):
        get_objective(store, settings, 1)
    with pytest.raises(StoreError, match=path.name):
        answer_stored(store, settings, NAME, {})
    headline_service._VIEWS.clear()


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, Settings]:
    """The seed build's store (answer caches off)."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("seed-objectives"), answer_cache_entries=0)
    build(seed_pages(), settings)
    return open_store(settings), settings


@pytest.mark.slow
def test_every_objective_on_the_seed(seed: tuple[GraphStore, Settings]) -> None:
    store, settings = seed
    assert assert_same(store, settings, {}) == 23
    assert all(assert_same(store, settings, {"objective": str(n)}) == 1 for n in range(1, 24))
    summaries = list_objectives(store, settings)
    assert summaries == stored_objectives(store, settings)
    assert [s.number for s in summaries] == list(range(1, 24))
    assert sum(s.recommendations for s in summaries) > 0
    for number in range(1, 24):
        rows = sparql(store, settings, {"objective": str(number)}).records()
        assert get_objective(store, settings, number) == objective_summary(rows[0])


@pytest.mark.slow
def test_every_format_on_the_seed(seed: tuple[GraphStore, Settings]) -> None:
    store, settings = seed
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as viewed,
        TestClient(create_app(settings), raise_server_exceptions=False) as plain,
    ):
        for fmt, objective in product(FORMATS, [None, "5", "17"]):
            with pytest.MonkeyPatch.context() as monkeypatch:
                same_bodies((viewed, plain), monkeypatch, fmt, {"objective": objective})
        rest = viewed.get("/objectives", params={"format": "json"})
    assert rest.status_code == 200
    assert rest.json() == [s.model_dump(mode="json") for s in stored_objectives(store, settings)]
