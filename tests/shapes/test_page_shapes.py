"""Page-data shapes: the valid example passes; each invalid example fires exactly the expected constraints."""

from __future__ import annotations

import pytest
from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent
from rdflib import Graph

from gcmkg.shacl_batch import _translated, batch_property_shapes
from gcmkg.validation import Violation, _order, _run, context_graph, needed_context, page_shapes, validate
from ingest.page_store import new_page_graph
from tests.shapes.conftest import mutated

ID = "https://w3id.org/gcmkg/id/"
GKG = "https://w3id.org/gcmkg/ontology#"
DCT = "http://purl.org/dc/terms/"
SIOC = "http://rdfs.org/sioc/ns#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CITES = "http://purl.org/spar/cito/cites"
LINKED_OBJECTIVE = f"{GKG}objectiveLink / {GKG}objective"  # a sequence path, as the report text gives it

C1, Q4, C001, C002 = f"{ID}consultation/c1", f"{ID}question/q4", f"{ID}comment/c001", f"{ID}comment/c002"
S1, S2, LINK = f"{ID}statement/s1", f"{ID}statement/s2", f"{ID}statement/s1/objective/6"
KATE, AFF = f"{ID}actor/kate-barth", f"{ID}affiliation/kate-barth-solidarity-center"
RUN, SOURCE = f"{ID}run/r1", f"{ID}source/000_22250b8f33848101"

# (case id, SPARQL update applied to the valid page, expected {(focus node, path, constraint component)})
CASES = [
    (
        "consultation-no-title",
        "DELETE WHERE { consultation:c1 dcterms:title ?t }",
        {(C1, f"{DCT}title", "MinCountConstraintComponent")},
    ),
    (
        "consultation-reviews-an-action",
        "INSERT DATA { consultation:c1 gkg:reviewsObjective o6action:a }",
        {(C1, f"{GKG}reviewsObjective", "ClassConstraintComponent")},
    ),
    (
        "consultation-outside-base",
        "INSERT DATA { <http://example.org/c> a gkg:Consultation ; "
        "dcterms:title 'x'@en ; dcterms:source 'x' }",
        {("http://example.org/c", "", "PatternConstraintComponent")},
    ),
    (
        "consultation-two-sources",
        "INSERT DATA { consultation:c1 dcterms:source 'other.txt' }",
        {(C1, f"{DCT}source", "MaxCountConstraintComponent")},
    ),
    (
        "question-plain-title",
        "DELETE WHERE { question:q4 dcterms:title ?t } ; "
        "INSERT DATA { question:q4 dcterms:title 'untagged' }",
        {(Q4, f"{DCT}title", "DatatypeConstraintComponent")},
    ),
    (
        "question-two-english-titles",
        "INSERT DATA { question:q4 dcterms:title 'another'@en }",
        {(Q4, f"{DCT}title", "UniqueLangConstraintComponent")},
    ),
    (
        "question-number-zero",
        "DELETE WHERE { question:q4 gkg:number ?n } ; INSERT DATA { question:q4 gkg:number 0 }",
        {(Q4, f"{GKG}number", "MinInclusiveConstraintComponent")},
    ),
    (
        "question-no-container",
        "DELETE WHERE { question:q4 sioc:has_container ?c }",
        {(Q4, f"{SIOC}has_container", "MinCountConstraintComponent")},
    ),
    (
        "question-count-as-string",
        "DELETE WHERE { question:q4 gkg:declaredCommentCount ?n } ; "
        "INSERT DATA { question:q4 gkg:declaredCommentCount '9' }",
        {
            (Q4, f"{GKG}declaredCommentCount", "DatatypeConstraintComponent"),
            (Q4, f"{GKG}declaredCommentCount", "MinInclusiveConstraintComponent"),
        },
    ),
    (
        "comment-date-is-datetime",
        "DELETE WHERE { comment:c001 dcterms:created ?d } ; "
        "INSERT DATA { comment:c001 dcterms:created '2021-12-03T10:00:00'^^xsd:dateTime }",
        {(C001, f"{DCT}created", "DatatypeConstraintComponent")},
    ),
    (
        "comment-no-creator",
        "DELETE WHERE { comment:c001 sioc:has_creator ?a }",
        {(C001, f"{SIOC}has_creator", "MinCountConstraintComponent")},
    ),
    (
        "comment-creator-not-an-actor",
        "DELETE WHERE { comment:c002 sioc:has_creator ?a } ; "
        "INSERT DATA { comment:c002 sioc:has_creator question:q4 }",
        {(C002, f"{SIOC}has_creator", "ClassConstraintComponent")},
    ),
    (
        "comment-plain-content",
        "DELETE WHERE { comment:c002 sioc:content ?c } ; "
        "INSERT DATA { comment:c002 sioc:content 'no language' }",
        {(C002, f"{SIOC}content", "DatatypeConstraintComponent")},
    ),
    (
        "comment-language-name",
        "DELETE WHERE { comment:c002 dcterms:language ?l } ; "
        "INSERT DATA { comment:c002 dcterms:language 'Spanish' }",
        {(C002, f"{DCT}language", "PatternConstraintComponent")},
    ),
    (
        "comment-in-a-comment",
        "DELETE WHERE { comment:c002 sioc:has_container ?c } ; "
        "INSERT DATA { comment:c002 sioc:has_container comment:c001 }",
        {(C002, f"{SIOC}has_container", "SPARQLConstraintComponent")},  # was sh:or (CommentContainerShape)
    ),
    (
        "comment-two-parents",
        "INSERT DATA { comment:c002 sioc:reply_of comment:c002 }",
        {(C002, f"{SIOC}reply_of", "MaxCountConstraintComponent")},
    ),
    (
        "comment-mentions-objective-24",
        "INSERT DATA { comment:c001 gkg:mentionsObjective objective:24 }",
        {(C001, f"{GKG}mentionsObjective", "ClassConstraintComponent")},
    ),
    (
        "comment-span-reversed",
        "DELETE WHERE { comment:c001 gkg:sourceCharEnd ?e } ; "
        "INSERT DATA { comment:c001 gkg:sourceCharEnd 100 }",
        {(C001, f"{GKG}sourceCharStart", "LessThanConstraintComponent")},
    ),
    (
        "source-bad-sha256",
        "DELETE WHERE { ?s gkg:sha256 ?h } ; INSERT DATA { source:000_22250b8f33848101 gkg:sha256 'ABC' }",
        {(SOURCE, f"{GKG}sha256", "PatternConstraintComponent")},
    ),
    (
        "statement-two-kinds",
        "INSERT DATA { statement:s1 a gkg:Practice }",
        {(S1, "", "SPARQLConstraintComponent")},  # was sh:xone (StatementKindShape)
    ),
    (
        "statement-three-kinds",
        "INSERT DATA { statement:s2 a gkg:Recommendation, gkg:Priority ; "
        "gkg:recommendedBy actor:kate-barth }",
        {(S2, "", "SPARQLConstraintComponent")},  # one result per pair of kinds
    ),
    (
        "practice-cites-a-comment",
        "INSERT DATA { statement:s2 cito:cites comment:c001 }",
        {(S2, CITES, "SPARQLConstraintComponent")},
    ),
    (
        "addressed-to-a-literal",
        "INSERT DATA { statement:s1 gkg:addressedTo 'governments' }",
        {
            (S1, f"{GKG}addressedTo", "NodeKindConstraintComponent"),
            (S1, f"{GKG}addressedTo", "SPARQLConstraintComponent"),
        },
    ),
    (
        "comment-in-an-undeclared-thing",
        "INSERT DATA { comment:c001 sioc:has_container <https://example.org/elsewhere> }",
        {
            (C001, f"{SIOC}has_container", "MaxCountConstraintComponent"),
            (C001, f"{SIOC}has_container", "SPARQLConstraintComponent"),
        },
    ),
    (
        "statement-no-text",
        "DELETE WHERE { statement:s2 gkg:text ?t }",
        {(S2, f"{GKG}text", "MinCountConstraintComponent")},
    ),
    (
        "statement-span-reversed",
        "DELETE WHERE { statement:s2 gkg:charStart ?s } ; INSERT DATA { statement:s2 gkg:charStart 44 }",
        {(S2, f"{GKG}charStart", "LessThanConstraintComponent")},
    ),
    (
        "statement-from-a-question",
        "DELETE WHERE { statement:s2 prov:wasDerivedFrom ?c } ; "
        "INSERT DATA { statement:s2 prov:wasDerivedFrom question:q4 }",
        {(S2, f"{PROV}wasDerivedFrom", "ClassConstraintComponent")},
    ),
    (
        "recommendation-without-recommender",
        "DELETE WHERE { statement:s1 gkg:recommendedBy ?a }",
        {(S1, f"{GKG}recommendedBy", "MinCountConstraintComponent")},
    ),
    (
        "objective-without-link",
        "INSERT DATA { statement:s1 gkg:concernsObjective objective:18 }",
        {
            (S1, LINKED_OBJECTIVE, "EqualsConstraintComponent")
        },  # was a SPARQL constraint (ObjectiveClaimShape)
    ),
    (
        "link-without-objective-claim",
        "DELETE WHERE { statement:s1 gkg:concernsObjective ?o }",
        {(S1, LINKED_OBJECTIVE, "EqualsConstraintComponent")},
    ),
    (
        "addressed-to-an-objective",
        "INSERT DATA { statement:s1 gkg:addressedTo objective:6 }",
        {(S1, f"{GKG}addressedTo", "SPARQLConstraintComponent")},  # was sh:or (StatementValueClassShape)
    ),
    (
        "cites-a-comment",
        "INSERT DATA { statement:s1 cito:cites comment:c001 }",
        {(S1, CITES, "SPARQLConstraintComponent")},  # was sh:or (StatementValueClassShape)
    ),
    (
        "link-confidence-above-one",
        "DELETE WHERE { ?l gkg:confidence 0.7 } ; INSERT DATA { s1link:6 gkg:confidence 1.5 }",
        {(LINK, f"{GKG}confidence", "MaxInclusiveConstraintComponent")},
    ),
    (
        "link-confidence-negative",
        "DELETE WHERE { ?l gkg:confidence 0.7 } ; "
        "INSERT DATA { s1link:6 gkg:confidence '-0.1'^^xsd:decimal }",
        {(LINK, f"{GKG}confidence", "MinInclusiveConstraintComponent")},
    ),
    (
        "link-confidence-as-double",
        "DELETE WHERE { ?l gkg:confidence 0.7 } ; INSERT DATA { s1link:6 gkg:confidence 7.0e-1 }",
        {(LINK, f"{GKG}confidence", "DatatypeConstraintComponent")},
    ),
    (
        "link-unknown-method",
        "DELETE WHERE { ?l gkg:method 'inferred' } ; INSERT DATA { s1link:6 gkg:method 'guessed' }",
        {(LINK, f"{GKG}method", "InConstraintComponent")},
    ),
    (
        "link-action-of-another-objective",
        "DELETE WHERE { ?l gkg:action ?a } ; INSERT DATA { s1link:6 gkg:action o5action:a }",
        {(LINK, "", "SPARQLConstraintComponent")},
    ),
    (
        "link-no-evidence",
        "DELETE WHERE { s1link:6 gkg:evidence ?e }",
        {(LINK, f"{GKG}evidence", "MinCountConstraintComponent")},
    ),
    (
        "person-without-label",
        "DELETE WHERE { actor:kate-barth rdfs:label ?l }",
        {(KATE, RDFS_LABEL, "MinCountConstraintComponent")},
    ),
    (
        "actor-with-two-labels",
        "INSERT DATA { actor:kate-barth rdfs:label 'Kate Barth, Solidarity Center' }",
        {(KATE, RDFS_LABEL, "MaxCountConstraintComponent")},
    ),
    (
        "person-is-also-organisation",
        "INSERT DATA { actor:kate-barth a gkg:Organization }",
        {(KATE, "", "NotConstraintComponent")},
    ),
    (
        "member-of-an-addressee",
        "INSERT DATA { actor:kate-barth org:memberOf addressee:governments }",
        {(KATE, f"{ORG}memberOf", "ClassConstraintComponent")},
    ),
    (
        "affiliation-without-membership",
        "DELETE WHERE { actor:kate-barth org:memberOf ?o }",
        {(AFF, "", "SPARQLConstraintComponent")},
    ),
    (
        "affiliation-without-person",
        "DELETE WHERE { ?a org:member ?p }",
        {(AFF, f"{ORG}member", "MinCountConstraintComponent")},
    ),
    (
        "affiliation-confidence-above-one",
        "DELETE WHERE { ?a gkg:confidence 0.9 } ; "
        "INSERT DATA { affiliation:kate-barth-solidarity-center gkg:confidence 2.0 }",
        {(AFF, f"{GKG}confidence", "MaxInclusiveConstraintComponent")},
    ),
    (
        "run-without-source",
        "DELETE WHERE { run:r1 prov:used ?s }",
        {(RUN, f"{PROV}used", "MinCountConstraintComponent")},
    ),
    (
        "run-start-is-a-date",
        "DELETE WHERE { run:r1 prov:startedAtTime ?t } ; "
        "INSERT DATA { run:r1 prov:startedAtTime '2026-11-29'^^xsd:date }",
        {(RUN, f"{PROV}startedAtTime", "DatatypeConstraintComponent")},
    ),
    (
        "instrument-with-plain-title",
        "INSERT DATA { instrument:x a gkg:Instrument ; rdfs:label 'X' ; dcterms:title 'X' }",
        {(f"{ID}instrument/x", f"{DCT}title", "DatatypeConstraintComponent")},
    ),
    (
        "instrument-date-as-string",
        "INSERT DATA { instrument:y a gkg:Instrument ; rdfs:label 'Y' ; dcterms:title 'Y'@en ; "
        "dcterms:date '2020' }",
        {(f"{ID}instrument/y", f"{DCT}date", "OrConstraintComponent")},
    ),
    (
        "organisation-numeric-acronym",
        "INSERT DATA { actor:cear-org a gkg:CivilSocietyOrganization ; rdfs:label 'CEAR' ; gkg:acronym 7 }",
        {(f"{ID}actor/cear-org", f"{GKG}acronym", "DatatypeConstraintComponent")},
    ),
    (
        "country-lowercase-code",
        "INSERT DATA { country:sn a gkg:Country ; gkg:isoCode 'SN' ; rdfs:label 'Senegal'@en }",
        {(f"{ID}country/sn", "", "PatternConstraintComponent")},
    ),
]


# Updates that keep the page valid: each alternative of the former sh:or / sh:xone shapes still passes.
VALID_CASES = [
    ("addressed-to-an-actor", "INSERT DATA { statement:s1 gkg:addressedTo actor:kate-barth }"),
    (
        "addressed-to-a-registry-organisation",
        "INSERT DATA { statement:s1 gkg:addressedTo <https://w3id.org/gcmkg/id/org/acuns> }",
    ),
    (
        "cites-a-web-resource",
        "INSERT DATA { statement:s1 cito:cites <https://example.org/report> . "
        "<https://example.org/report> a gkg:WebResource ; rdfs:label 'a report' }",
    ),
    (
        "comment-in-the-consultation",
        "DELETE WHERE { comment:c002 sioc:has_container ?c } ; "
        "INSERT DATA { comment:c002 sioc:has_container consultation:c1 }",
    ),
    ("statement-with-an-unrelated-type", "INSERT DATA { statement:s2 a <https://example.org/Unrelated> }"),
]


def _fired(graph: Graph) -> set[tuple[str, str, str]]:
    return {(v.focus_node, v.path, v.component) for v in validate(graph).violations}


def test_valid_page_conforms(valid_page: Graph) -> None:
    result = validate(valid_page)
    assert result.violations == ()
    assert result.conforms


@pytest.mark.parametrize(("update", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_page_fires_expected_constraints(
    valid_page: Graph, update: str, expected: set[tuple[str, str, str]]
) -> None:
    assert _fired(mutated(valid_page, update)) == expected


@pytest.mark.parametrize("update", [c[1] for c in VALID_CASES], ids=[c[0] for c in VALID_CASES])
def test_alternatives_stay_valid(valid_page: Graph, update: str) -> None:
    assert validate(mutated(valid_page, update)).violations == ()


def test_batched_property_shapes_give_pyshacls_own_results(valid_page: Graph) -> None:
    graphs = [mutated(valid_page, c[1]) for c in CASES]
    validate(valid_page)  # the speed-ups are switched on by the first validation of the process
    try:
        assert batch_property_shapes(enabled=False) is False
        unbatched = [validate(graph).violations for graph in graphs]
        assert PropertyConstraintComponent._evaluate_property_shape.__name__ == "_evaluate_property_shape"
    finally:
        assert batch_property_shapes() is True
    assert [validate(graph).violations for graph in graphs] == unbatched


def test_validating_in_place_gives_the_same_results_and_leaves_the_graph_as_it_was(valid_page: Graph) -> None:
    graphs = [valid_page, *(mutated(valid_page, c[1]) for c in CASES)]
    for graph in graphs:
        before = set(graph)
        copied = validate(graph).violations
        assert validate(graph, in_place=True).violations == copied
        assert set(graph) == before  # the context triples added for the run are gone again
    assert any(validate(graph, in_place=True).violations for graph in graphs[1:])


def test_a_page_store_graph_validates_in_place_as_a_memory_graph_does(valid_page: Graph) -> None:
    graphs = [valid_page, *(mutated(valid_page, c[1]) for c in CASES + VALID_CASES)]
    for graph in graphs:
        lean = new_page_graph()
        lean += graph
        assert validate(lean, in_place=True).violations == validate(graph).violations
        assert set(lean) == set(graph)  # the context triples added for the run are gone again


def test_query_texts_are_translated_once_per_process(valid_page: Graph) -> None:
    validate(valid_page)
    before = _translated.cache_info()
    validate(mutated(valid_page, CASES[0][1]))
    after = _translated.cache_info()
    assert after.hits > before.hits and after.misses == before.misses  # the same SPARQL texts, reused


def _with_whole_context(graph: Graph) -> tuple[Violation, ...]:
    """Return the violations of the page shapes on graph + every vocabulary (the reference for the cut)."""
    combined = Graph()
    combined += graph
    combined += context_graph()
    own = {str(s) for s in graph.subjects()}
    return tuple(sorted({v for v in _run(combined, page_shapes()) if v.focus_node in own}, key=_order))


def test_needed_context_gives_the_whole_contexts_results(valid_page: Graph) -> None:
    graphs = [valid_page, *(mutated(valid_page, c[1]) for c in CASES + VALID_CASES)]
    for graph in graphs:
        assert validate(graph).violations == _with_whole_context(graph)
    assert 0 < len(needed_context(valid_page)) < len(context_graph()) / 4


def test_blank_node_is_reported(valid_page: Graph) -> None:
    graph = mutated(
        valid_page,
        "INSERT DATA { statement:s1 gkg:objectiveLink [ a gkg:ObjectiveLink ;"
        " gkg:objective objective:6 ; gkg:method 'explicit' ;"
        " gkg:confidence 1.0 ; gkg:evidence 'objective 6' ] }",
    )
    result = validate(graph)
    fired = {(v.focus_node.startswith("http"), v.path, v.component) for v in result.violations}
    assert fired == {
        (False, "", "NodeKindConstraintComponent"),  # NoBlankNodeShape and ObjectiveLinkShape
        (False, "", "PatternConstraintComponent"),  # ObjectiveLinkShape: not under the base
        (True, f"{GKG}objectiveLink", "NodeKindConstraintComponent"),  # StatementShape on s1
    }
    assert any("blank node" in v.message for v in result.violations)


def test_page_under_another_base_validates_with_that_base(valid_page: Graph) -> None:
    other = "https://example.org/kg/"
    text = valid_page.serialize(format="nt").replace("https://w3id.org/gcmkg/id/", other)
    rebased = Graph().parse(data=text, format="nt")
    assert validate(rebased, base=other).violations == ()
    fired = {v.component for v in validate(rebased).violations}
    assert {"PatternConstraintComponent", "ClassConstraintComponent"} <= fired


def test_blank_web_resource_is_reported(valid_page: Graph) -> None:
    graph = mutated(valid_page, "INSERT DATA { [ a gkg:WebResource ; rdfs:label 'a page' ] }")
    fired = {
        (v.focus_node.startswith("http"), v.path, v.component, v.message) for v in validate(graph).violations
    }
    assert fired == {
        (False, "", "NodeKindConstraintComponent", "A web resource is named by its own URL (an IRI)."),
        (
            False,
            "",
            "NodeKindConstraintComponent",
            "The graph holds a blank node: every node needs a deterministic IRI.",
        ),
    }


def test_an_unexplained_objective_is_reported_with_its_value_and_readable_path(valid_page: Graph) -> None:
    result = validate(mutated(valid_page, "INSERT DATA { statement:s1 gkg:concernsObjective objective:18 }"))
    (violation,) = result.violations
    assert violation.value.endswith("/objective/18")
    assert f"path <{LINKED_OBJECTIVE}>" in result.report and "(value: " in result.report
