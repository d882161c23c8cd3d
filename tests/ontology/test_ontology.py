"""The OWL ontology: documented terms, OWL 2 DL declarations, alignments and disjointness."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from gcmkg.namespaces import GKG, ONTOLOGY_IRI, ORG, SIOC
from gcmkg.resources import ontology_file

DECLARED = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def _terms(graph: Graph) -> list[URIRef]:
    """Return every gkg: term of the namespace module."""
    return [URIRef(GKG[name]) for name in sorted(GKG.__annotations__)]


def _langs(graph: Graph, term: URIRef, predicate: URIRef) -> set[str]:
    return {o.language or "" for o in graph.objects(term, predicate) if isinstance(o, Literal)}


def test_every_term_has_english_label_and_comment(onto: Graph) -> None:
    missing = [t for t in _terms(onto) if "en" not in _langs(onto, t, RDFS.label)]
    missing += [t for t in _terms(onto) if "en" not in _langs(onto, t, RDFS.comment)]
    assert missing == []


def test_every_term_has_french_and_spanish_labels(onto: Graph) -> None:
    assert [t for t in _terms(onto) if not {"fr", "es"} <= _langs(onto, t, RDFS.label)] == []


def test_every_property_is_object_or_datatype_property(onto: Graph) -> None:
    properties = [t for t in _terms(onto) if (t, RDF.type, OWL.Class) not in onto]
    kinds = {
        t: set(onto.objects(t, RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty} for t in properties
    }
    assert [t for t, k in kinds.items() if len(k) != 1] == []


def test_every_referenced_iri_is_declared(onto: Graph) -> None:
    """OWL 2 DL: every class or property used in an axiom is declared (no untyped external terms)."""
    used: set[URIRef] = set()
    for predicate in (RDFS.subClassOf, RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.disjointWith):
        for s, o in onto.subject_objects(predicate):
            used |= {t for t in (s, o) if isinstance(t, URIRef)}
    builtin = (str(OWL), "http://www.w3.org/2001/XMLSchema#")
    undeclared = {
        t
        for t in used
        if not any((t, RDF.type, kind) in onto for kind in DECLARED) and not str(t).startswith(builtin)
    }
    assert undeclared == set()


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        (GKG.Consultation, SIOC.Forum),
        (GKG.Question, SIOC.Thread),
        (GKG.Comment, SIOC.Post),
        (GKG.Person, FOAF.Person),
        (GKG.Organization, ORG.Organization),
        (GKG.Affiliation, ORG.Membership),
        (GKG.Statement, PROV.Entity),
        (GKG.IngestRun, PROV.Activity),
        (GKG.GCMObjective, SKOS.Concept),
        (GKG.Recommendation, GKG.Statement),
        (GKG.TradeUnion, GKG.Organization),
    ],
)
def test_class_alignment(onto: Graph, term: URIRef, parent: URIRef) -> None:
    assert (term, RDFS.subClassOf, parent) in onto


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        (GKG.recommendedBy, PROV.wasAttributedTo),
        (GKG.affiliatedWith, ORG.memberOf),
        (GKG.concernsObjective, DCTERMS.subject),
    ],
)
def test_property_alignment(onto: Graph, term: URIRef, parent: URIRef) -> None:
    assert (term, RDFS.subPropertyOf, parent) in onto


def _all_disjoint(onto: Graph) -> list[set[URIRef]]:
    groups = []
    for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        head = onto.value(axiom, OWL.members)
        assert head is not None
        groups.append({m for m in Collection(onto, head) if isinstance(m, URIRef)})
    return groups


def test_statement_kinds_are_pairwise_disjoint(onto: Graph) -> None:
    kinds = {GKG.Recommendation, GKG.Practice, GKG.Priority, GKG.ContextStatement}
    assert kinds in _all_disjoint(onto)


def test_comment_and_question_are_disjoint(onto: Graph) -> None:
    assert any({GKG.Comment, GKG.Question} <= group for group in _all_disjoint(onto))


@pytest.mark.parametrize(
    ("first", "second"),
    [(GKG.Person, GKG.Organization), (GKG.State, GKG.TradeUnion), (GKG.TradeUnion, GKG.PrivateSector)],
)
def test_disjoint_pairs(onto: Graph, first: URIRef, second: URIRef) -> None:
    assert (first, OWL.disjointWith, second) in onto or (second, OWL.disjointWith, first) in onto


def test_objective_link_semantics(onto: Graph) -> None:
    assert (GKG.objective, RDFS.range, GKG.GCMObjective) in onto
    assert (GKG.action, RDFS.range, GKG.GCMAction) in onto
    assert (GKG.confidence, RDFS.range, URIRef("http://www.w3.org/2001/XMLSchema#decimal")) in onto
    assert (GKG.objectiveLink, RDFS.range, GKG.ObjectiveLink) in onto


def test_ontology_header(onto: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None
