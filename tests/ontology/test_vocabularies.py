"""The vocabularies generated from the registries: committed files are fresh, complete and blank-node free."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from gcmkg import registry, vocabularies
from gcmkg.iris import (
    action_iri,
    instrument_iri,
    objective_iri,
    organization_iri,
    principle_iri,
    roundtable_iri,
)
from gcmkg.namespaces import GKG
from gcmkg.resources import vocabulary_files


@pytest.fixture(scope="module")
def built() -> dict[str, Graph]:
    return vocabularies.build_all()


@pytest.fixture(scope="module")
def merged(built: dict[str, Graph]) -> Graph:
    graph = Graph()
    for part in built.values():
        graph += part
    return graph


def test_committed_files_equal_a_fresh_generation(built: dict[str, Graph]) -> None:
    committed = {path.stem: path.read_text(encoding="utf-8") for path in vocabulary_files()}
    fresh = {name: vocabularies.serialize(graph) for name, graph in built.items()}
    stale = sorted(name for name in fresh if committed.get(name) != fresh[name])
    assert stale == [], f"run `gcmkg vocab` to regenerate: {stale}"
    assert sorted(committed) == sorted(fresh)


def test_generation_is_deterministic(built: dict[str, Graph]) -> None:
    again = vocabularies.build_all()
    assert {n: vocabularies.serialize(g) for n, g in again.items()} == {
        n: vocabularies.serialize(g) for n, g in built.items()
    }


def test_no_blank_nodes(merged: Graph) -> None:
    assert [t for t in merged if any(isinstance(n, BNode) for n in t)] == []


def test_objective_scheme(merged: Graph) -> None:
    objectives = set(merged.subjects(RDF.type, GKG.GCMObjective))
    assert objectives == {objective_iri(n) for n in range(1, 24)}
    five = objective_iri(5)
    assert merged.value(five, SKOS.notation) == Literal("5")
    labels = {o.language for o in merged.objects(five, SKOS.prefLabel) if isinstance(o, Literal)}
    assert labels == {"en", "fr", "es"}
    assert (five, SKOS.exactMatch, URIRef("https://migrationnetwork.un.org/taxonomy/term/283")) in merged
    assert (five, GKG.roundTable, roundtable_iri("imrf-2022", 1)) in merged
    assert merged.value(five, GKG.actionCountStatus) == Literal("secondary")


def test_actions_are_narrower_concepts_with_status(merged: Graph) -> None:
    actions = set(merged.subjects(RDF.type, GKG.GCMAction))
    assert len(actions) == sum(e.action_count for e in registry.objectives())
    assert (action_iri(22, "l"), SKOS.broader, objective_iri(22)) not in merged  # objective 22 has 3 actions
    assert (action_iri(22, "c"), SKOS.broader, objective_iri(22)) in merged
    assert merged.value(action_iri(5, "a"), GKG.sourceStatus) == Literal("secondary")
    assert merged.value(action_iri(5, "a"), SKOS.notation) == Literal("21(a)")
    assert merged.value(action_iri(2, "a"), GKG.sourceStatus) == Literal("verified")


def test_principles_and_round_tables(merged: Graph) -> None:
    assert len(set(merged.subjects(RDF.type, GKG.GuidingPrinciple))) == 10
    assert merged.value(principle_iri("j"), SKOS.prefLabel) == Literal("Whole-of-society approach", lang="en")
    reviewed = set(merged.objects(roundtable_iri("imrf-2022", 3), GKG.reviewsObjective))
    assert reviewed == {objective_iri(n) for n in (14, 15, 16, 19, 20, 22)}
    assert len(set(merged.subjects(RDF.type, GKG.GCMParagraph))) == 54


def test_instrument_registry(merged: Graph) -> None:
    node = instrument_iri("a-hrc-44-42")
    assert (node, RDF.type, GKG.Instrument) in merged
    assert merged.value(node, DCTERMS.identifier) == Literal("A/HRC/44/42")
    assert merged.value(node, DCTERMS.date) == Literal("2020-05-13", datatype=XSD.date)
    assert Literal("UN Special Rapporteur's report on migrants' freedom of association") in set(
        merged.objects(node, SKOS.altLabel)
    )


def test_organization_registry(merged: Graph) -> None:
    iom = organization_iri("iom")
    assert (iom, RDF.type, GKG.UNEntity) in merged
    assert merged.value(iom, RDFS.label) == Literal("International Organization for Migration")
    assert merged.value(iom, GKG.acronym) == Literal("IOM")
    assert Literal("OIM") in set(merged.objects(iom, SKOS.altLabel))
    assert merged.value(organization_iri("uva-law"), GKG.sourceStatus) == Literal("project")


def test_write_all_writes_every_vocabulary(tmp_path: Path, built: dict[str, Graph]) -> None:
    written = vocabularies.write_all(tmp_path)
    assert sorted(p.stem for p in written) == sorted(built)
    assert Graph().parse(written[0], format="turtle")
