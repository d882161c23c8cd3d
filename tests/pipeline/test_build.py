"""The whole pipeline on the seed page: a valid store, reproducible, and unchanged by a failed build."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from gcmkg.config import Settings
from gcmkg.errors import IngestError, ParseError
from gcmkg.iris import vocabulary_graph_iri
from gcmkg.namespaces import DEFAULT_BASE
from gcmkg.pipeline import BuildSummary, LazyPageGraphs, SummaryCounts, build
from gcmkg.resources import seed_pages
from gcmkg.store import LocalStore, canonical_hash

Built = tuple[Settings, BuildSummary]

OBJECTIVE_5_QUERY = """
PREFIX gkg: <https://w3id.org/gcmkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?rec ?text ?who ?comment ?method ?evidence WHERE {
  ?rec a gkg:Recommendation ; gkg:text ?text ; gkg:recommendedBy ?actor ; prov:wasDerivedFrom ?comment ;
       gkg:objectiveLink ?link .
  ?link gkg:objective <https://w3id.org/gcmkg/id/objective/5> ; gkg:method ?method ; gkg:evidence ?evidence .
  ?actor rdfs:label ?who .
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildSummary]:
    """Settings of a store built once from the seed page, and the build summary."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("var"))
    return settings, build(seed_pages(), settings)


def test_seed_build_is_valid_and_populated(built: Built) -> None:
    _, summary = built
    assert summary.pages == 1
    assert summary.comments == 49
    assert summary.shacl_conforms
    assert summary.statements_by_kind["recommendation"] > 50
    assert set(summary.links_by_method) == {"explicit", "inferred"}


def test_objective_5_answer_carries_recommender_evidence_and_source(built: Built) -> None:
    settings, _ = built
    store = LocalStore(settings.store_dir)
    rows = store.execute(OBJECTIVE_5_QUERY, {}, time.monotonic() + 30, 10_000).records()
    assert rows, "no recommendation is linked to objective 5"
    comments = {str(row["comment"].value) for row in rows}
    assert all(c.startswith("https://w3id.org/gcmkg/id/comment/") for c in comments)
    assert {str(row["method"].value) for row in rows} <= {"explicit", "inferred"}
    assert all(str(row["evidence"].value).strip() for row in rows)


def test_rebuild_gives_the_same_canonical_hash(tmp_path: Path, built: Built) -> None:
    first, summary = built
    second = Settings(var_dir=tmp_path / "var")
    again = build(seed_pages(), second)
    assert again.triples == summary.triples
    assert canonical_hash(LocalStore(second.store_dir)) == canonical_hash(LocalStore(first.store_dir))


def test_failed_build_leaves_the_store_as_it_was(tmp_path: Path, built: Built) -> None:
    settings, _ = built
    before = canonical_hash(LocalStore(settings.store_dir))
    html = tmp_path / "saved-page.html"
    html.write_text("<!DOCTYPE html><html><body>Discussion Spaces</body></html>", encoding="utf-8")
    with pytest.raises(ParseError, match=r"saved-page\.html"):
        build([*seed_pages(), html], settings)
    assert canonical_hash(LocalStore(settings.store_dir)) == before


def test_missing_source_and_empty_list_are_clear_errors(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path / "var")
    with pytest.raises(IngestError, match=r"no-such-page\.txt: cannot read"):
        build([tmp_path / "no-such-page.txt"], settings)
    with pytest.raises(IngestError, match="no source pages"):
        build([], settings)


def test_sources_with_the_same_file_name_are_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "page.txt", tmp_path / "b" / "page.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_bytes(seed_pages()[0].read_bytes())
    with pytest.raises(IngestError, match="same file name"):
        build([first, second], Settings(var_dir=tmp_path / "var"))


def test_pages_are_processed_one_at_a_time_when_the_store_asks() -> None:
    # the store pulls one named graph at a time, so a build never holds every page's graph at once
    counts = SummaryCounts()
    graphs = LazyPageGraphs(seed_pages(), counts, DEFAULT_BASE, None)
    assert counts.pages == 0 and len(graphs) == 2
    page_iri = next(iri for iri in graphs if iri != vocabulary_graph_iri())
    assert len(graphs[page_iri]) > 1000
    assert counts.pages == 1 and counts.comments == 49
