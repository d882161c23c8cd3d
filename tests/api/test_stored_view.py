"""/queries/recommendations-for-objective read from the headline view: the SPARQL rows, terms and order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import product
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import stored_view
from api.services.stored import answer_stored, stored_query
from gcmkg.config import Settings
from gcmkg.errors import ResultTooLarge, StoreError
from gcmkg.pipeline import build
from gcmkg.resources import query_files, seed_pages
from gcmkg.store import GraphStore, LocalStore, QueryOutcome, open_store, run_query
from gcmkg.store.headline import view_path
from gcmkg.store.term_shapes import LITERALS, Shapes, load_shapes, read_shapes, write_shapes
from gcmkg.stored_queries import StoredQuery, bindings
from tests.store.helpers import build_fixture_store

NAME = "recommendations-for-objective"
CONCATENATED = ("addressees", "instruments")  # GROUP_CONCAT: SPARQL leaves the order of the parts open
FORMATS = ("json", "sparql-json", "xml", "csv", "tsv")
Raw = dict[str, str | None]


def sparql(store: GraphStore, settings: Settings, raw: Raw) -> QueryOutcome:
    """Return the stored query's answer from the SPARQL engine (no cache, no view)."""
    query = stored_query(NAME)
    return run_query(store, query.text, bindings(query, dict(raw), settings.base_iri), 60, 10**6)


def from_view(store: GraphStore, settings: Settings, raw: Raw) -> QueryOutcome:
    """Return the stored query's answer read from the headline view (it must have one)."""
    query = stored_query(NAME)
    outcome = stored_view.answer(store, settings, query, bindings(query, dict(raw), settings.base_iri))
    assert outcome is not None, raw
    return outcome


def cells(outcome: QueryOutcome) -> list[tuple[str, ...]]:
    """Return each row as the N-Triples forms of its terms (GROUP_CONCAT parts sorted; 'UNBOUND' for none)."""
    out = []
    for row in outcome.rows:
        values = []
        for name, term in zip(outcome.variables, row, strict=True):
            value = "UNBOUND" if term is None else str(term)
            if term is not None and name in CONCATENATED:
                value = " ".join(sorted(term.value.split(" ")))
            values.append(value)
        out.append(tuple(values))
    return out


def order_keys(outcome: QueryOutcome) -> list[tuple[str, str, str]]:
    """Return the ORDER BY key of each row (?actorType DESC(?confidence) ?recommendation)."""
    index = {name: i for i, name in enumerate(outcome.variables)}
    return [
        tuple(str(row[index[name]]) for name in ("actorType", "confidence", "recommendation"))  # type: ignore[misc]
        for row in outcome.rows
    ]


def assert_same(store: GraphStore, settings: Settings, raw: Raw) -> int:
    """Assert the view's answer is the SPARQL answer (rows tied on the ORDER BY keys in any order)."""
    want, got = sparql(store, settings, raw), from_view(store, settings, raw)
    assert got.variables == want.variables
    assert order_keys(got) == order_keys(want), raw
    assert sorted(cells(got)) == sorted(cells(want)), raw
    return len(got.rows)


@pytest.fixture(scope="module")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the hand-written fixture, with the answer caches off."""
    built = build_fixture_store(tmp_path_factory.mktemp("stored-view"))
    return Settings(var_dir=built.var_dir, answer_cache_entries=0)


@pytest.fixture(scope="module")
def fixture_store(fixture_settings: Settings) -> GraphStore:
    """The fixture's store."""
    return open_store(fixture_settings)


FIXTURE_GRID: list[Raw] = [
    {},
    {"actor_type": "Person"},
    {"actor_type": "State"},
    {"language": "fr"},
    {"method": "inferred"},
    {"min_confidence": "0.9"},
    {"consultation": "consultation/c1"},
    {"consultation": "consultation/none"},
    {"instrument": "instrument/ilo-c097"},
    {"actor_type": "CivilSocietyOrganization", "min_confidence": "0.5", "language": "en"},
]


@pytest.mark.parametrize("number", ["4", "5", "6", "23"])
def test_the_fixture_answers_the_same(
    fixture_store: GraphStore, fixture_settings: Settings, number: str
) -> None:
    totals = [assert_same(fixture_store, fixture_settings, {**f, "objective": number}) for f in FIXTURE_GRID]
    assert number == "23" or totals[0] > 0


def test_the_text_is_pinned() -> None:
    query = stored_query(NAME)
    assert stored_view.text_matches(query)
    assert [path for path in query_files() if path.stem == NAME]
    edited = StoredQuery(query.name, query.summary, query.description, query.params, query.text + "\n# edit")
    assert not stored_view.text_matches(edited)


def test_an_edited_text_runs_sparql(
    fixture_store: GraphStore, fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = stored_query(NAME)
    edited = StoredQuery(query.name, query.summary, query.description, query.params, query.text + "\n# edit")
    terms = bindings(query, {}, fixture_settings.base_iri)
    assert stored_view.answer(fixture_store, fixture_settings, edited, terms) is None
    monkeypatch.setattr("api.services.stored.stored_query", lambda _name: edited)
    answered = answer_stored(fixture_store, fixture_settings, NAME, {})
    assert sorted(cells(answered)) == sorted(cells(sparql(fixture_store, fixture_settings, {})))


def test_no_view_or_no_embedded_store_runs_sparql(tmp_path: Path) -> None:
    built = build_fixture_store(tmp_path)
    settings = Settings(var_dir=built.var_dir, answer_cache_entries=0)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    view_path(store.generation_dir()).unlink()
    query = stored_query(NAME)
    terms = bindings(query, {}, settings.base_iri)
    assert stored_view.answer(store, settings, query, terms) is None
    assert answer_stored(store, settings, NAME, {}).rows  # the SPARQL answer
    assert stored_view.answer(object(), settings, query, terms) is None  # type: ignore[arg-type]


def test_irregular_terms_are_looked_up(
    fixture_store: GraphStore, fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    irregular = Shapes(iris=False, tagged_text=False, datatypes=dict.fromkeys(LITERALS))
    monkeypatch.setattr(stored_view, "shapes_for", lambda *_args: irregular)
    totals = [assert_same(fixture_store, fixture_settings, {**f, "objective": "5"}) for f in FIXTURE_GRID]
    assert totals[0] > 0


def test_a_value_the_store_does_not_hold_runs_sparql(
    fixture_store: GraphStore, fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    irregular = Shapes(iris=False, tagged_text=False, datatypes=dict.fromkeys(LITERALS))
    monkeypatch.setattr(stored_view, "shapes_for", lambda *_args: irregular)
    original = stored_view.view_rows

    def altered(*args: object) -> list[tuple[object, ...]]:
        rows = original(*args)  # type: ignore[arg-type]
        return [(row[0], "a text the store does not hold", *row[2:]) for row in rows]

    monkeypatch.setattr(stored_view, "view_rows", altered)
    query = stored_query(NAME)
    terms = bindings(query, {}, fixture_settings.base_iri)
    assert stored_view.answer(fixture_store, fixture_settings, query, terms) is None
    answered = answer_stored(fixture_store, fixture_settings, NAME, {})
    assert sorted(cells(answered)) == sorted(cells(sparql(fixture_store, fixture_settings, {})))


def test_the_result_limit_is_the_same(fixture_settings: Settings) -> None:
    settings = Settings(var_dir=fixture_settings.var_dir, answer_cache_entries=0, max_results=1)
    store = open_store(settings)
    query = stored_query(NAME)
    terms = bindings(query, {}, settings.base_iri)
    with pytest.raises(ResultTooLarge):
        stored_view.answer(store, settings, query, terms)
    with pytest.raises(ResultTooLarge):
        run_query(store, query.text, terms, 60, 1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.get(f"/queries/{NAME}")
    assert response.status_code == 413 or response.status_code >= 400
    assert "more than 1 results" in response.text


@pytest.fixture(scope="module")
def clients(fixture_settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps on the fixture (caches off): one answering from the view, one whose view answers nothing."""
    settings = fixture_settings
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as viewed,
        TestClient(create_app(settings), raise_server_exceptions=False) as plain,
    ):
        yield viewed, plain


def normal_body(fmt: str, body: str) -> list[str]:
    """Return a response body as comparable lines: rows sorted, GROUP_CONCAT parts sorted."""
    if fmt in ("json", "sparql-json"):
        data = json.loads(body)
        rows = data["rows"] if fmt == "json" else data["results"]["bindings"]
        head = data["variables"] if fmt == "json" else data["head"]["vars"]
        for row in rows:
            for name in CONCATENATED:
                cell = row.get(name)
                if isinstance(cell, dict):
                    cell["value"] = " ".join(sorted(cell["value"].split(" ")))
                elif isinstance(cell, str):
                    row[name] = " ".join(sorted(cell.split(" ")))
        return [json.dumps(head), *sorted(json.dumps(row, sort_keys=True) for row in rows)]
    if fmt == "xml":
        return sorted(part.strip() for part in body.split("<result>"))
    lines = body.splitlines()
    return [lines[0], *sorted(lines[1:])]


@pytest.mark.parametrize(
    ("fmt", "params"), list(product(FORMATS, [{}, {"min_confidence": "0.5"}, {"objective": "6"}]))
)
def test_every_format_answers_the_same(
    clients: tuple[TestClient, TestClient],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    params: dict[str, str],
) -> None:
    viewed, plain = clients
    calls: list[object] = []
    original = stored_view.answer

    def counted(*args: object) -> QueryOutcome | None:
        calls.append(args)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(stored_view, "answer", counted)
    got = viewed.get(f"/queries/{NAME}", params={**params, "format": fmt})
    assert got.status_code == 200 and calls
    monkeypatch.setattr(stored_view, "answer", lambda *_args: None)
    want = plain.get(f"/queries/{NAME}", params={**params, "format": fmt})
    assert want.status_code == 200
    assert got.headers["content-type"] == want.headers["content-type"]
    assert normal_body(fmt, got.text) == normal_body(fmt, want.text)


def test_answers_are_replayed(fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(var_dir=fixture_settings.var_dir)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        first = client.get(f"/queries/{NAME}", params={"format": "csv"})
        monkeypatch.setattr(stored_view, "answer", lambda *_args: pytest.fail("not replayed"))
        again = client.get(f"/queries/{NAME}", params={"format": "csv"})
        assert first.status_code == again.status_code == 200
        assert again.content == first.content
        assert client.get(f"/queries/{NAME}", params={"format": "csv", "objective": "0"}).status_code == 422


def test_bad_parameters_are_the_same_errors(clients: tuple[TestClient, TestClient]) -> None:
    viewed, plain = clients
    for params in ({"objective": "0"}, {"min_confidence": "2"}, {"consultation": "x> } <y"}, {"method": "x"}):
        response = viewed.get(f"/queries/{NAME}", params=params)
        assert response.status_code == 422, params
        assert response.json() == plain.get(f"/queries/{NAME}", params=params).json()
    assert viewed.get(f"/queries/{NAME}", headers={"Accept": "image/png"}).status_code == 406


def test_shapes_are_kept_and_read_back(fixture_store: GraphStore, tmp_path: Path) -> None:
    assert isinstance(fixture_store, LocalStore)
    engine = fixture_store.engine()
    written = write_shapes(engine, tmp_path / "g.shapes.sqlite")
    assert written == read_shapes(engine) == load_shapes(tmp_path / "g.shapes.sqlite")
    assert written.iris and written.tagged_text
    (tmp_path / "junk.shapes.sqlite").write_text("not sqlite")
    assert load_shapes(tmp_path / "junk.shapes.sqlite") is None
    assert load_shapes(tmp_path / "missing.shapes.sqlite") is None


def test_shapes_that_cannot_be_written_leave_nothing(fixture_store: GraphStore, tmp_path: Path) -> None:
    assert isinstance(fixture_store, LocalStore)
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    with pytest.raises(StoreError, match="cannot write the term shapes"):
        write_shapes(fixture_store.engine(), blocker / "g.shapes.sqlite")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, Settings]:
    """The seed build's store (answer caches off)."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("seed-stored-view"), answer_cache_entries=0)
    build(seed_pages(), settings)
    return open_store(settings), settings


@pytest.mark.slow
def test_every_objective_and_filter_on_the_seed(seed: tuple[GraphStore, Settings]) -> None:
    store, settings = seed
    filters: list[Raw] = [{}, {"actor_type": "Person"}, {"actor_type": "CivilSocietyOrganization"}]
    filters += [{"language": "fr"}, {"method": "explicit"}, {"min_confidence": "0.8"}]
    totals = [assert_same(store, settings, {**f, "objective": str(n)}) for n in range(1, 24) for f in filters]
    assert sum(totals) > 100


@pytest.mark.slow
def test_combinations_on_the_seed(seed: tuple[GraphStore, Settings]) -> None:
    store, settings = seed
    rows = sparql(store, settings, {"objective": "5"}).records()
    consultation = next(str(r["consultation"].value) for r in rows if "consultation" in r)
    instrument = next(r["instruments"].value.split(" ")[0] for r in rows if r.get("instruments"))
    base = settings.base_iri
    grid = product((None, "Person", "UNEntity"), (None, "en"), (None, "inferred"), (None, "0.7"))
    for actor, lang, method, low in grid:
        raw: Raw = {"objective": "5", "actor_type": actor, "language": lang, "method": method}
        assert_same(store, settings, {**raw, "min_confidence": low})
        assert_same(store, settings, {**raw, "consultation": consultation[len(base) :]})
        assert_same(store, settings, {**raw, "instrument": instrument[len(base) :]})
