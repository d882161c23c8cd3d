"""/search from the per-generation FTS5 index: the hits, totals and ranking of the former in-memory scan."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from api.services.common import local_id
from api.services.search import index_file, search
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.pipeline import build
from gcmkg.resources import seed_pages
from gcmkg.store import GraphStore, LocalStore, open_store, run_query, search_index
from gcmkg.store.headline import store_select
from gcmkg.store.search_index import build_index, fold, index_path
from gcmkg.stored_queries import load_queries
from tests.store.helpers import build_fixture_store

Hit = tuple[str, str, str, str, str]


def reference(
    store: GraphStore, settings: Settings, q: str, kind: str | None, limit: int
) -> tuple[int, list[Hit]]:
    """Return the answer of the former implementation: every text scanned in memory, sorted in Python."""
    outcome = run_query(store, load_queries()["texts"].text, {}, 60, 10**7)
    entries = []
    for row in outcome.records():
        iri, body = row["item"].value, row["text"].value if "text" in row else ""
        hit = (iri, local_id(iri, settings.base_iri), row["kind"].value, row["lang"].value, body)
        entries.append((hit, fold(body)))
    words = fold(q[:200]).split()
    matches = [
        hit
        for hit, folded in entries
        if words and all(word in folded for word in words) and (kind is None or hit[2] == kind)
    ]
    matches.sort(key=lambda hit: (hit[2] != "recommendation", hit[0]))
    return len(matches), matches[:limit]


def answered(
    store: GraphStore, settings: Settings, q: str, kind: str | None, limit: int
) -> tuple[int, list[Hit]]:
    """Return the answer of the index, in the same shape as the reference."""
    found = search(store, settings, q, kind, limit)
    return found.total, [(h.iri, h.id, h.kind, h.language, h.text) for h in found.hits]


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, Settings]:
    """The fixture's store."""
    settings = build_fixture_store(tmp_path_factory.mktemp("search-index"))
    return open_store(settings), settings


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, Settings]:
    """The seed build's store."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("seed-search"))
    build(seed_pages(), settings)
    return open_store(settings), settings


QUERIES = [
    "ETATS", "états", "migrants", "MIGRANT workers", "a", "de", "de la", "the", "ilo c097", "c0",
    "recruitment fees", "zzzz", "  ", "é", "'", '"', 'he said "no"', "OR", "AND NOT", "*", "mig*", "(x)",
    "objective 5", "ob", "l'oit", "ÉQUITABLE", "ﬁ", "straße", "e-mail", "100%", "_", "\\",
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("kind", [None, "recommendation", "comment"])
def test_the_seed_answers_as_before(seed: tuple[GraphStore, Settings], kind: str | None) -> None:
    store, settings = seed
    totals = []
    for q in QUERIES:
        for limit in (1, 7, 500):
            want = reference(store, settings, q, kind, limit)
            assert answered(store, settings, q, kind, limit) == want, (q, kind, limit)
            totals.append(want[0])
    assert max(totals) > 20  # common words match many texts: the comparison is not vacuous


def corpus_words(store: GraphStore) -> list[str]:
    """Return some words of the fixture's texts (as written, with their case and accents)."""
    outcome = run_query(store, load_queries()["texts"].text, {}, 60, 10**6)
    return sorted({word for row in outcome.records() for word in row["text"].value.split()})[:60]


@given(data=st.data())
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_query_answers_as_before(fixture: tuple[GraphStore, Settings], data: st.DataObject) -> None:
    store, settings = fixture
    words = corpus_words(store)
    parts = data.draw(st.lists(st.one_of(st.sampled_from(words), st.text(max_size=4)), max_size=3))
    q = " ".join(part[: data.draw(st.integers(1, 12))] for part in parts) or "x"
    kind = data.draw(st.sampled_from([None, "recommendation", "comment"]))
    assert answered(store, settings, q, kind, 50) == reference(store, settings, q, kind, 50)


def test_the_index_is_built_once_for_concurrent_first_searches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = build_fixture_store(tmp_path)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    index_path(store.generation_dir()).unlink()  # as for a generation written without one: built lazily
    calls: list[Path] = []
    original = build_index

    def counted(*args: object) -> int:
        calls.append(args[1])  # type: ignore[arg-type]
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("api.services.search.build_index", counted)
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(search(store, settings, "states").total))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(set(results)) == 1 and results[0] > 0
    assert calls[0].parent == settings.var_dir / "cache" / "search"


def test_an_index_written_by_the_build_is_used(tmp_path: Path) -> None:
    settings = build_fixture_store(tmp_path)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    written = index_path(store.generation_dir())
    assert build_index(store_select(store.engine()), written, store.generation()) > 0
    assert index_file(store, settings) == written
    assert search(store, settings, "états").total > 0
    assert not (settings.var_dir / "cache" / "search").exists()


def test_a_broken_index_is_a_store_error_naming_it(tmp_path: Path) -> None:
    settings = build_fixture_store(tmp_path)
    store = open_store(settings)
    assert isinstance(store, LocalStore)
    written = index_path(store.generation_dir())
    written.unlink()  # the build wrote a good one: replace it by an empty SQLite file (no tables)
    sqlite3.connect(written).close()
    with pytest.raises(StoreError, match=str(written.name)):
        search(store, settings, "states")


def test_an_index_that_cannot_be_written_leaves_nothing(
    fixture: tuple[GraphStore, Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = fixture
    assert isinstance(store, LocalStore)
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    with pytest.raises(StoreError, match="cannot write the search index"):
        build_index(store_select(store.engine()), blocker / "g.search.sqlite", "g")
    target = tmp_path / "views" / "g.search.sqlite"

    def half_written(path: Path, *_args: object) -> None:
        path.write_bytes(b"half an index")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(search_index, "_write", half_written)
    with pytest.raises(StoreError, match="disk I/O error"):
        build_index(store_select(store.engine()), target, "g")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["file", "views"]


def test_a_page_of_nothing_still_counts(fixture: tuple[GraphStore, Settings]) -> None:
    store, settings = fixture
    everything = search(store, settings, "a", None, 500)
    assert everything.total > 1
    none = search(store, settings, "a", None, 0)
    assert (none.total, none.hits) == (everything.total, [])


@pytest.mark.parametrize("q", ["00\x00", "a\x00b states", "\x00"])
def test_words_with_nul_answer_as_before(fixture: tuple[GraphStore, Settings], q: str) -> None:
    store, settings = fixture
    for kind in (None, "comment"):
        assert answered(store, settings, q, kind, 50) == reference(store, settings, q, kind, 50)
