"""The GKG namespace and the ontology's gkg: terms agree both ways; misspelt terms fail."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from gcmkg.namespaces import GKG, ONTOLOGY_IRI
from gcmkg.resources import ontology_file

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def _declared(graph: Graph) -> set[URIRef]:
    return {
        s
        for kind in DECLARATIONS
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)
    }


def _namespace_terms() -> set[URIRef]:
    return {GKG[name] for name in GKG.__annotations__}


def test_every_namespace_term_is_declared_in_the_ontology(ontology: Graph) -> None:
    assert _namespace_terms() - _declared(ontology) == set()


def test_every_ontology_term_is_in_the_namespace(ontology: Graph) -> None:
    assert _declared(ontology) - _namespace_terms() == set()


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = GKG.Recomendation


def test_known_term_resolves_under_the_ontology_iri() -> None:
    assert str(GKG.Recommendation) == f"{ONTOLOGY_IRI}Recommendation"
