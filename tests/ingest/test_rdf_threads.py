"""Thread RDF of the seed page: contract terms, deterministic IRIs, no blank nodes, identical re-ingest."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV

from gcmkg import __version__
from gcmkg.iris import objective_iri
from gcmkg.namespaces import GKG, SIOC
from gcmkg.validation import validate
from ingest.actors import author_iri
from ingest.parse import parse_page
from ingest.rdf_threads import comment_iris, consultation_iri, source_iri, threads_to_graph
from tests.ingest.parse_support import FIXTURE_DIR, fixture_page, seed_page, seed_path


def canonical_hash(graph: Graph) -> str:
    """Return the sha256 of the sorted canonical N-Triples of graph."""
    lines = sorted(to_canonical_graph(graph).serialize(format="nt").splitlines())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def seed_graph() -> Graph:
    return threads_to_graph(seed_page())


def test_reingesting_the_seed_yields_the_identical_graph() -> None:
    first = seed_graph()
    again = threads_to_graph(parse_page(seed_path().read_bytes(), seed_path().name))
    assert len(first) == len(again)
    assert set(first.subjects()) == set(again.subjects())
    assert canonical_hash(first) == canonical_hash(again)


def test_graph_has_no_blank_nodes() -> None:
    graph = seed_graph()
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_every_comment_has_the_contract_properties() -> None:
    graph, page = seed_graph(), seed_page()
    comments = set(graph.subjects(RDF.type, GKG.Comment))
    assert len(comments) == len(page.comments) == 49
    for node in comments:
        for prop in (SIOC.has_creator, DCTERMS.created, SIOC.has_container, SIOC.content, DCTERMS.language):
            assert len(list(graph.objects(node, prop))) == 1, (node, prop)
        created = graph.value(node, DCTERMS.created)
        assert isinstance(created, Literal) and created.datatype == XSD.date
        assert graph.value(node, GKG.moderatorBadge) in {Literal(True), Literal(False)}


def test_comment_content_offsets_and_language_match_the_records() -> None:
    graph, page = seed_graph(), seed_page()
    iris = comment_iris(page)
    for comment in page.comments:
        node = iris[comment.key]
        content = graph.value(node, SIOC.content)
        assert isinstance(content, Literal)
        assert str(content) == comment.body and content.language == comment.language
        assert graph.value(node, GKG.sourceCharStart) == Literal(
            comment.body_span.start, datatype=XSD.integer
        )
        assert graph.value(node, GKG.sourceCharEnd) == Literal(comment.body_span.end, datatype=XSD.integer)
        assert graph.value(node, GKG.position) == Literal(comment.position, datatype=XSD.integer)


def test_replies_point_to_their_parent_on_the_page() -> None:
    graph, page = seed_graph(), seed_page()
    iris = comment_iris(page)
    replies = {(s, o) for s, o in graph.subject_objects(SIOC.reply_of)}
    expected = {(iris[c.key], iris[c.parent]) for c in page.comments if c.parent}
    assert replies == expected and len(replies) == 3


def test_questions_have_titles_per_language_numbers_and_counts() -> None:
    graph = seed_graph()
    questions = set(graph.subjects(RDF.type, GKG.Question))
    assert len(questions) == 4
    for node in questions:
        langs = {t.language for t in graph.objects(node, DCTERMS.title) if isinstance(t, Literal)}
        assert langs == {"en", "fr", "es"}
        assert graph.value(node, SIOC.has_container) == consultation_iri(seed_page().source)
        assert graph.value(node, GKG.declaredCommentCount) is not None
        assert graph.value(node, GKG.foundCommentCount) is not None
    numbers = sorted(int(n) for n in graph.objects(None, GKG.number))  # type: ignore[call-overload]
    assert numbers == [1, 2, 3, 4]


def test_one_actor_per_display_name() -> None:
    graph, page = seed_graph(), seed_page()
    names = {c.author_display for c in page.comments} | {q.author_display for q in page.questions}
    actors = set(graph.subjects(RDF.type, GKG.Actor))
    assert actors == {author_iri(n) for n in names}
    truncated = author_iri("Spanish Commis…")
    assert graph.value(truncated, GKG.nameTruncated) == Literal(True)
    assert graph.value(truncated, GKG.displayName) == Literal("Spanish Commis…")


def test_untitled_page_gets_a_derived_title_that_says_so() -> None:
    graph, page = seed_graph(), seed_page()
    node = consultation_iri(page.source)
    assert graph.value(node, DCTERMS.title) == Literal("Hub consultation 000_22250b8f33848101", lang="en")
    assert graph.value(node, DCTERMS.source) == Literal(page.source)
    assert "derived from the source name" in str(graph.value(node, RDFS.comment))


def test_source_page_and_ingest_run_provenance() -> None:
    graph, page = seed_graph(), seed_page()
    source = source_iri(page.source)
    assert graph.value(source, GKG.sha256) == Literal(page.sha256)
    runs = list(graph.subjects(RDF.type, GKG.IngestRun))
    assert len(runs) == 1
    assert graph.value(runs[0], PROV.used) == source
    assert graph.value(runs[0], GKG.softwareVersion) == Literal(__version__)
    assert not list(graph.objects(runs[0], PROV.startedAtTime))


def test_base_iri_is_configurable() -> None:
    graph = threads_to_graph(seed_page(), "https://example.org/kg/")
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    assert subjects and all(str(s).startswith("https://example.org/kg/") for s in subjects)


def test_titled_page_reviews_its_objectives() -> None:
    page = fixture_page("titled_roundtable")
    graph = threads_to_graph(page)
    node = consultation_iri(page.source)
    assert graph.value(node, DCTERMS.title) == Literal("IMRF Roundtable 3 Consultation", lang="en")
    assert set(graph.objects(node, GKG.reviewsObjective)) == {
        objective_iri(n) for n in (14, 15, 16, 19, 20, 22)
    }


@pytest.mark.parametrize("name", ["seed", *sorted(p.stem for p in FIXTURE_DIR.glob("*.txt"))])
def test_thread_graph_is_shacl_valid(name: str) -> None:
    page = seed_page() if name == "seed" else fixture_page(name)
    result = validate(threads_to_graph(page))
    assert result.conforms, "\n".join(str(v) for v in result.violations)


def test_undetermined_language_is_tagged_und_and_empty_bodies_have_no_offsets() -> None:
    page = fixture_page("titled_roundtable")
    graph = threads_to_graph(page)
    cut = comment_iris(page)[page.comments[3].key]
    assert graph.value(cut, DCTERMS.language) == Literal("und")
    assert graph.value(cut, SIOC.content) == Literal("", lang="und")
    assert graph.value(cut, GKG.sourceCharStart) is None
    assert graph.value(cut, GKG.bodyTruncated) == Literal(True)


def test_shacl_rejects_a_comment_without_creator() -> None:
    graph = threads_to_graph(seed_page())
    node = comment_iris(seed_page())["c000"]
    graph.remove((node, SIOC.has_creator, None))
    result = validate(graph)
    assert not result.conforms
    assert {(v.focus_node, v.component) for v in result.violations} == {
        (str(node), "MinCountConstraintComponent")
    }
