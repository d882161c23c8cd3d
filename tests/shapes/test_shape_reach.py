"""The predicates the page shapes can read: named ones only, or "anything" when a shape could read any."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from gcmkg.shape_reach import read_predicates
from gcmkg.validation import page_shapes

SKOS = "http://www.w3.org/2004/02/skos/core#"
GKG = "https://w3id.org/gcmkg/ontology#"
PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""


def shapes_with_query(select: str) -> Graph:
    """Return a shapes graph with one SPARQL constraint of the given SELECT text."""
    text = f"""{PREFIXES}
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ; sh:select \"\"\"{select}\"\"\" ] .
"""
    return Graph().parse(data=text, format="turtle")


def test_the_page_shapes_read_their_paths_and_the_patterns_of_their_sparql() -> None:
    readable = read_predicates(page_shapes())
    assert readable is not None
    assert URIRef(f"{GKG}text") in readable  # a sh:path
    assert URIRef("http://www.w3.org/ns/org#memberOf") in readable  # inside FILTER NOT EXISTS
    assert URIRef(f"{SKOS}broader") in readable  # inside FILTER NOT EXISTS
    assert URIRef(f"{SKOS}prefLabel") not in readable  # only the vocabulary shapes read labels of concepts


def test_a_named_predicate_bound_by_bind_stays_bounded() -> None:
    bound = "SELECT $this WHERE { BIND (ex:p AS ?path) $this ?path ?v . FILTER NOT EXISTS { ?v ex:q ?w } }"
    shapes = shapes_with_query(bound)
    readable = read_predicates(shapes)
    assert readable is not None
    assert {URIRef("http://example.org/p"), URIRef("http://example.org/q")} <= readable


@pytest.mark.parametrize(
    "select",
    [
        "SELECT $this WHERE { $this ?p ?v }",  # any predicate
        "SELECT $this WHERE { $this ex:p ?v . FILTER EXISTS { ?v ?q ?w } }",  # any, inside EXISTS
        "SELECT $this WHERE { $this !ex:p ?v }",  # every predicate but one
        "SELECT $this WHERE { $this ex:p/!(ex:q) ?v }",  # a negated set inside a sequence
    ],
)
def test_an_open_predicate_means_anything(select: str) -> None:
    assert read_predicates(shapes_with_query(select)) is None


def test_a_closed_shape_means_anything() -> None:
    shape = "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ; sh:property [ sh:path ex:p ] ."
    text = f"{PREFIXES}\n{shape}"
    assert read_predicates(Graph().parse(data=text, format="turtle")) is None
