"""HermiT (via owlready2) finds the ontology and vocabularies consistent, and contradictions inconsistent."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from gcmkg.namespaces import GKG
from gcmkg.reasoning import check_consistency, disjoint_clashes, ontology_and_vocabularies

ID = "https://w3id.org/gcmkg/id/"


def _typed(node: str, *classes: URIRef) -> Graph:
    graph = Graph()
    for cls in classes:
        graph.add((URIRef(node), RDF.type, cls))
    return graph


def test_ontology_and_vocabularies_are_consistent() -> None:
    result = check_consistency()
    assert result.consistent
    assert result.explanation == ""
    # HermiT classifies the registry's external match targets: the inferences come back as a graph
    assert len(result.inferred) > 0


def test_person_and_organization_is_inconsistent() -> None:
    result = check_consistency(_typed(f"{ID}actor/x", GKG.Person, GKG.Organization))
    assert not result.consistent
    assert f"<{ID}actor/x>" in result.explanation
    assert str(GKG.Person) in result.explanation


@pytest.mark.parametrize(
    ("node", "classes"),
    [
        (f"{ID}org/ccoo", (GKG.State,)),  # a trade union of the registry cannot also be a State
        (f"{ID}statement/s", (GKG.Recommendation, GKG.Practice)),  # statement kinds are disjoint
    ],
)
def test_disjoint_typing_is_inconsistent(node: str, classes: tuple[URIRef, ...]) -> None:
    result = check_consistency(_typed(node, *classes))
    assert not result.consistent
    assert f"<{node}>" in result.explanation


def test_disjoint_clashes_reads_subclasses() -> None:
    graph = ontology_and_vocabularies() + _typed(f"{ID}org/x", GKG.TradeUnion, GKG.UNEntity)
    first, second = sorted((str(GKG.TradeUnion), str(GKG.UNEntity)))
    assert disjoint_clashes(graph) == [f"<{ID}org/x> is a <{first}> and a <{second}>, which are disjoint."]


def test_vocabularies_alone_have_no_disjoint_clash() -> None:
    assert disjoint_clashes(ontology_and_vocabularies()) == []
