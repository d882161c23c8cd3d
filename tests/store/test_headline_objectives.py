"""The view's objectives table: counted in SQLite from staged facts, in bounded memory, all or nothing."""

from __future__ import annotations

import sqlite3
import tracemalloc
from contextlib import closing
from pathlib import Path

import pyoxigraph as ox
import pytest

import gcmkg.store.headline as headline_module
from api.services.headline import cache_path, view_for
from api.services.objectives import list_objectives, objective_recommendations, stored_objectives
from api.services.stored import stored_query
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store import RemoteStore, open_store, run_query, write_generation
from gcmkg.store.headline import build_view, store_select
from gcmkg.store.headline_objectives import cast
from gcmkg.store.headline_stage import Fact
from gcmkg.store.terms import OxTerm
from tests.store.helpers import fixture_graphs
from tests.store.test_headline_memory import BASE, generated_store, gkg, node

ODD = Path(__file__).resolve().parent / "objectives_odd.trig"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def with_objectives(recommendations: int) -> ox.Store:
    """Return the memory tests' generated graph with 23 objectives, each recommendation concerning one."""
    store = generated_store(recommendations)
    graph = ox.NamedNode(f"{BASE}graph/objectives")
    quads = [ox.Quad(node("objective", n), RDF_TYPE, gkg("GCMObjective"), graph) for n in range(1, 24)]
    quads += [
        ox.Quad(node("objective", n), ox.NamedNode(f"{SKOS}notation"), ox.Literal(str(n)), graph)
        for n in range(1, 24)
    ]
    quads += [
        ox.Quad(node("recommendation", n), gkg("concernsObjective"), node("objective", 1 + n % 23), graph)
        for n in range(recommendations)
    ]
    store.extend(quads)
    return store


def table(path: Path) -> list[tuple[object, ...]]:
    """Return the rows of a view's objectives table."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT * FROM objectives ORDER BY sort, rowid").fetchall()


def test_counts_are_those_of_the_query(tmp_path: Path) -> None:
    store = with_objectives(230)
    build_view(store_select(store), tmp_path / "v.sqlite", "g")
    rows = table(tmp_path / "v.sqlite")
    assert [row[4] for row in rows] == list(range(1, 24))
    assert {row[-2:] for row in rows} == {(10, 10)}  # one actor per recommendation in the generated graph
    query = (
        "SELECT ?o (COUNT(DISTINCT ?r) AS ?n) (COUNT(DISTINCT ?w) AS ?m) WHERE {"
        f" ?r a <{gkg('Recommendation').value}> ; <{gkg('concernsObjective').value}> ?o ;"
        f" <{gkg('recommendedBy').value}> ?w }} GROUP BY ?o"
    )
    found = {row[0]: row[1:] for row in map(plain_counts, solutions(store, query))}
    assert {row[0]: row[-2:] for row in rows} == found


def solutions(store: ox.Store, query: str) -> list[tuple[OxTerm | None, ...]]:
    """Return the rows of a SELECT over the union of the named graphs."""
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return [tuple(solution) for solution in result]


def plain_counts(row: tuple[OxTerm | None, ...]) -> tuple[str, int, int]:
    """Return (objective, recommendations, recommenders) of a row of the count query."""
    objective, recs, recommenders = (str(None if term is None else term.value) for term in row)
    return objective, int(recs), int(recommenders)


def python_peak(recommendations: int, target: Path) -> int:
    """Return the peak of Python allocations while the view (objectives included) is built."""
    select = store_select(with_objectives(recommendations))
    tracemalloc.start()
    try:
        build_view(select, target, "g")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_counting_does_not_hold_the_links_in_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gcmkg.store.headline_stage.CACHE_ENTRIES", 8)  # as the memory tests bound them
    monkeypatch.setattr(headline_module, "REACH_BATCH", 8)
    small = python_peak(500, tmp_path / "small.sqlite")
    large = python_peak(4000, tmp_path / "large.sqlite")
    assert large < small * 1.5, (small, large)


def test_a_failing_objectives_table_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(connection: sqlite3.Connection, schema: str) -> int:
        connection.execute("CREATE TABLE objectives (objective)")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(headline_module, "write_objectives", broken)
    target = tmp_path / "views" / "g.headline.sqlite"
    with pytest.raises(StoreError, match=f"{target}: cannot write the headline view .*disk is full"):
        build_view(store_select(with_objectives(46)), target, "g")
    assert list((tmp_path / "views").iterdir()) == []  # neither the view, its temporary file nor the staging


@pytest.mark.parametrize(
    ("nt", "value", "expected"),
    [
        ('"5"', "5", (5, True)),
        ('"+05"', "+05", (5, True)),
        ('"-3"^^<http://www.w3.org/2001/XMLSchema#integer>', "-3", (-3, True)),
        ('"5"^^<http://www.w3.org/2001/XMLSchema#string>', "5", (5, True)),
        ('"abc"', "abc", (None, True)),
        ('" 5"', " 5", (None, True)),
        ('"99999999999999999999"', "99999999999999999999", (None, True)),
        ('"\u0663"', "\u0663", (None, True)),  # an Arabic-Indic digit: not an xsd:integer
        ('"5.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', "5.0", (None, False)),
        ('"5"@en', "5", (None, False)),
        ("<https://example.org/5>", "https://example.org/5", (None, False)),
    ],
)
def test_the_cast_is_sparqls(nt: str, value: str, expected: tuple[int | None, bool]) -> None:
    assert cast(Fact(nt, value, None, None)) == expected
    if expected[1]:  # what the view computes must be what the engine computes
        query = f"SELECT (<http://www.w3.org/2001/XMLSchema#integer>({nt}) AS ?i) {{}}"
        found = solutions(ox.Store(), query)[0][0]
        assert (None if found is None else int(found.value)) == expected[0]


def test_an_external_server_gets_the_same_summaries(oxigraph_server: Settings) -> None:
    write_generation(fixture_graphs(), oxigraph_server)
    store = open_store(oxigraph_server)
    assert isinstance(store, RemoteStore)
    reference = stored_objectives(store, oxigraph_server)
    assert list_objectives(store, oxigraph_server) == reference  # no view yet: through SPARQL, none built
    assert not cache_path(oxigraph_server, store.generation()).exists()
    assert objective_recommendations(store, oxigraph_server, 5, {}, 1, 10).objective == reference[1]
    assert cache_path(oxigraph_server, store.generation()).exists()  # built for the page, then read
    assert list_objectives(store, oxigraph_server) == reference
    write_generation(fixture_graphs(ODD), oxigraph_server)  # odd notations and labels: compared as rows
    store = open_store(oxigraph_server)  # a new fingerprint (the old one is kept for a few seconds)
    view = view_for(store, oxigraph_server)
    assert view.path == cache_path(oxigraph_server, store.generation())
    want = [plain(row) for row in run_query(store, stored_query("objectives").text, {}, 60, 100).rows]
    got = [(row[0], row[2], row[6], row[7], row[8], row[9], row[10]) for row in table(view.path)]
    assert sorted(got, key=str) == sorted(want, key=str)


def plain(row: tuple[OxTerm | None, ...]) -> tuple[object, ...]:
    """Return a row of the stored query as the view's columns hold it (values, counts as numbers)."""
    values = [None if term is None else term.value for term in row]
    return (*values[:5], *(int(str(value)) for value in values[5:]))
