"""Vocabulary shapes: the committed files conform; each broken copy fires exactly the expected constraints."""

from __future__ import annotations

import pytest
from rdflib import Graph

from gcmkg import vocabularies
from gcmkg.validation import validate_vocabularies
from tests.shapes.conftest import mutated

ID = "https://w3id.org/gcmkg/id/"
GKG = "https://w3id.org/gcmkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OBJ5, OBJ6, RT1 = f"{ID}objective/5", f"{ID}objective/6", f"{ID}forum/imrf-2022/roundtable/1"

CASES = [
    (
        "objective-missing-french-title",
        f"DELETE {{ <{OBJ5}> skos:prefLabel ?l }} "
        f"WHERE {{ <{OBJ5}> skos:prefLabel ?l FILTER(lang(?l) = 'fr') }}",
        {(OBJ5, f"{SKOS}prefLabel", "MinCountConstraintComponent")},
    ),
    (
        "objective-german-title",
        f"INSERT DATA {{ <{OBJ5}> skos:prefLabel 'Reguläre Migrationswege'@de }}",
        {
            (OBJ5, f"{SKOS}prefLabel", "LanguageInConstraintComponent"),
            (OBJ5, f"{SKOS}prefLabel", "MaxCountConstraintComponent"),
        },
    ),
    (
        "objective-24-outside-the-compact",
        f"INSERT DATA {{ <{ID}objective/24> a gkg:GCMObjective ; skos:notation '24' }}",
        {
            (f"{ID}objective/24", "", "PatternConstraintComponent"),
            (f"{ID}objective/24", f"{SKOS}notation", "PatternConstraintComponent"),
            (f"{ID}objective/24", f"{SKOS}prefLabel", "MinCountConstraintComponent"),
            (f"{ID}objective/24", f"{SKOS}inScheme", "MinCountConstraintComponent"),
            (f"{ID}objective/24", f"{GKG}paragraph", "MinCountConstraintComponent"),
            (f"{ID}objective/24", f"{GKG}actionCount", "MinCountConstraintComponent"),
            (f"{ID}objective/24", f"{GKG}actionCountStatus", "MinCountConstraintComponent"),
        },
    ),
    (
        "action-count-disagrees-with-actions",
        f"DELETE WHERE {{ <{OBJ6}> gkg:actionCount ?n }} ; INSERT DATA {{ <{OBJ6}> gkg:actionCount 13 }}",
        {(OBJ6, "", "SPARQLConstraintComponent")},
    ),
    (
        "action-without-objective",
        f"DELETE WHERE {{ <{OBJ6}/action/a> skos:broader ?o }}",
        {
            (f"{OBJ6}/action/a", f"{SKOS}broader", "MinCountConstraintComponent"),
            (OBJ6, "", "SPARQLConstraintComponent"),
        },
    ),
    (
        "unknown-count-status",
        f"DELETE WHERE {{ <{OBJ6}> gkg:actionCountStatus ?s }} ; "
        f"INSERT DATA {{ <{OBJ6}> gkg:actionCountStatus 'maybe' }}",
        {(OBJ6, f"{GKG}actionCountStatus", "InConstraintComponent")},
    ),
    (
        "unknown-source-status",
        f"DELETE WHERE {{ <{OBJ6}> gkg:sourceStatus ?s }} ; "
        f"INSERT DATA {{ <{OBJ6}> gkg:sourceStatus 'maybe' }}",
        {(OBJ6, f"{GKG}sourceStatus", "InConstraintComponent")},
    ),
    (
        "paragraph-outside-sections",
        f"DELETE WHERE {{ <{ID}gcm/paragraph/45> skos:broader ?s }}",
        {(f"{ID}gcm/paragraph/45", f"{SKOS}broader", "MinCountConstraintComponent")},
    ),
    (
        "principle-bad-notation",
        f"DELETE WHERE {{ <{ID}principle/c> skos:notation ?n }} ; "
        f"INSERT DATA {{ <{ID}principle/c> skos:notation '16(c)' }}",
        {(f"{ID}principle/c", f"{SKOS}notation", "PatternConstraintComponent")},
    ),
    (
        "section-without-label",
        f"DELETE WHERE {{ <{ID}gcm/section/preamble> skos:prefLabel ?l }}",
        {(f"{ID}gcm/section/preamble", f"{SKOS}prefLabel", "MinCountConstraintComponent")},
    ),
    (
        "forum-date-as-string",
        f"DELETE WHERE {{ <{ID}forum/imrf-2022> dcterms:date ?d }} ; "
        f"INSERT DATA {{ <{ID}forum/imrf-2022> dcterms:date '17 May 2022' }}",
        {(f"{ID}forum/imrf-2022", f"{DCT}date", "DatatypeConstraintComponent")},
    ),
    (
        "round-table-reviews-nothing",
        f"DELETE WHERE {{ <{RT1}> gkg:reviewsObjective ?o }}",
        {(RT1, f"{GKG}reviewsObjective", "MinCountConstraintComponent")},
    ),
    (
        "round-table-outside-a-forum",
        f"DELETE WHERE {{ <{RT1}> dcterms:isPartOf ?f }}",
        {(RT1, f"{DCT}isPartOf", "MinCountConstraintComponent")},
    ),
]


@pytest.fixture(scope="module")
def gcm_vocabularies() -> Graph:
    graph = vocabularies.objectives_graph() + vocabularies.gcm_structure_graph()
    return graph + vocabularies.roundtables_graph()


def test_committed_vocabularies_conform() -> None:
    result = validate_vocabularies()
    assert result.violations == ()
    assert result.conforms


def test_gcm_vocabularies_alone_conform(gcm_vocabularies: Graph) -> None:
    assert validate_vocabularies(gcm_vocabularies).conforms


@pytest.mark.parametrize(("update", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_vocabulary_fires_expected_constraints(
    gcm_vocabularies: Graph, update: str, expected: set[tuple[str, str, str]]
) -> None:
    result = validate_vocabularies(mutated(gcm_vocabularies, update))
    assert {(v.focus_node, v.path, v.component) for v in result.violations} == expected
    assert not result.conforms
