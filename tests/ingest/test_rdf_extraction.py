"""RDF of the extraction: typed statements, qualified links, affiliations; deterministic and SHACL-valid."""

from __future__ import annotations

import functools

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef

from gcmkg.iris import objective_iri, organization_iri
from gcmkg.namespaces import GKG, ORG
from gcmkg.validation import validate
from ingest.actors import author_iri
from ingest.merge import merge_page_graphs
from ingest.rdf_extraction import extraction_to_graph
from ingest.rdf_threads import comment_iris, threads_to_graph
from tests.ingest.extract_support import seed_extraction
from tests.ingest.parse_support import seed_page

WHO_RECOMMENDS = """
PREFIX gkg: <https://w3id.org/gcmkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?rec ?actor ?type ?org ?text ?evidence ?comment WHERE {
    ?rec a gkg:Recommendation ; gkg:concernsObjective ?objective ; gkg:text ?text ;
         gkg:recommendedBy ?actor ; prov:wasDerivedFrom ?comment ;
         gkg:objectiveLink [ gkg:objective ?objective ; gkg:evidence ?evidence ] .
    ?actor a ?type . FILTER (?type IN (gkg:Person, gkg:Organization))
    OPTIONAL { ?actor org:memberOf ?org }
}
"""


@functools.cache
def seed_graph() -> Graph:
    return extraction_to_graph(seed_page(), seed_extraction())


def test_only_recommendation_statements_are_recommendations() -> None:
    graph = seed_graph()
    recommendations = set(graph.subjects(RDF.type, GKG.Recommendation))
    expected = sum(1 for c in seed_extraction().comments for s in c.statements if s.kind == "recommendation")
    assert len(recommendations) == expected
    for kind in (GKG.Practice, GKG.Priority, GKG.ContextStatement):
        assert not recommendations & set(graph.subjects(RDF.type, kind))


def test_every_statement_points_to_its_comment_with_offsets() -> None:
    graph = seed_graph()
    iris = set(comment_iris(seed_page()).values())
    for node in graph.subjects(RDF.type, GKG.Statement):
        comment = graph.value(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        assert comment in iris
        start, end = graph.value(node, GKG.charStart), graph.value(node, GKG.charEnd)
        assert isinstance(start, Literal) and isinstance(end, Literal) and start.toPython() < end.toPython()


def test_no_blank_nodes_and_deterministic_iris() -> None:
    graph = seed_graph()
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)
    again = extraction_to_graph(seed_page(), seed_extraction())
    assert set(again) == set(graph)


def test_explicit_mentions_are_recorded_on_the_comment() -> None:
    graph = seed_graph()
    comment = comment_iris(seed_page())["c033"]
    assert set(graph.objects(comment, GKG.mentionsObjective)) == {objective_iri(5), objective_iri(20)}


def test_affiliations_are_qualified_with_method_confidence_and_evidence() -> None:
    graph = seed_graph()
    person = author_iri("Kristin Eitel, IOM")
    assert (person, ORG.memberOf, organization_iri("iom")) in graph
    node = graph.value(person, GKG.affiliation)
    assert graph.value(node, GKG.method) == Literal("name-suffix")
    assert float(graph.value(node, GKG.confidence).toPython()) == pytest.approx(0.95)  # type: ignore[union-attr]
    assert (author_iri("Kevin Cope"), RDF.type, GKG.Person) in graph
    assert (author_iri("Kevin Cope"), RDF.type, GKG.Organization) not in graph


def test_who_recommends_what_for_objective_5() -> None:
    graph = merge_page_graphs(threads_to_graph(seed_page()), seed_graph())
    rows = list(graph.query(WHO_RECOMMENDS, initBindings={"objective": objective_iri(5)}))
    assert rows
    actors = {row.actor for row in rows}  # type: ignore[union-attr]
    assert author_iri("Spanish Commis…") in actors
    assert all(row.text and row.evidence and row.comment for row in rows)  # type: ignore[union-attr]


@pytest.mark.slow
def test_seed_graph_is_shacl_valid() -> None:
    result = validate(merge_page_graphs(threads_to_graph(seed_page()), seed_graph()))
    assert result.conforms, result.report
