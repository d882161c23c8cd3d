"""Statement kinds and addressees: EN/FR/ES cues, lead-in inheritance, explicit 'unspecified'."""

from __future__ import annotations

import pytest

from ingest.extract.addressee import statement_addressees
from ingest.extract.classify import classify, question_type
from ingest.extract.records import UNKNOWN_ADDRESSEE


@pytest.mark.parametrize(
    ("text", "unit", "lead_in", "qtype", "kind"),
    [
        (
            "States must also ensure social protection for all migrants.",
            "sentence",
            None,
            None,
            "recommendation",
        ),
        ("Ensure all migrants are included in COVID-19 responses", "item", None, None, "recommendation"),
        ("créer des cadres de concertation", "item", "les gouvernements devraient :", None, "recommendation"),
        (
            "Es necesario garantizar que los países respeten los derechos.",
            "sentence",
            None,
            None,
            "recommendation",
        ),
        ("la qualification des travailleurs migrants", "item", "il faut :", None, "recommendation"),
        ("The roundtable should discuss concrete ways to act.", "sentence", None, None, "priority"),
        ("Identifying alternative livelihood options in rural areas", "item", None, "priority", "priority"),
        ("Australia has established a pilot programme.", "sentence", None, None, "practice"),
        ("FAO developed knowledge products on rural migration.", "sentence", None, None, "practice"),
        ("Only 3.6% of world population are migrants.", "sentence", None, None, "context"),
        ("Would you have any specific recommendations?", "sentence", None, None, "context"),
    ],
)
def test_kinds(text: str, unit: str, lead_in: str | None, qtype: str | None, kind: str) -> None:
    assert classify(text, unit, lead_in, qtype)[0] == kind


def test_question_types_from_the_hub_questions() -> None:
    assert question_type("1. What are the key priorities that should shape discussions?") == "priority"
    assert (
        question_type("2. What emerging trends, progress and innovations should be highlighted?") == "trend"
    )
    assert question_type("4. What actions by Governments are helping?") == "action"
    assert question_type(None) is None


@pytest.mark.parametrize(
    ("text", "lead_in", "expected"),
    [
        (
            "Governments, stakeholders, and the UN itself should do more",
            None,
            ("governments", "stakeholders", "united-nations"),
        ),
        ("In their efforts, states should focus on resettlement", None, ("governments",)),
        ("The international community should consider a mechanism", None, ("international-community",)),
        ("The roundtable should discuss concrete ways", None, ("round-table",)),
        ("créer des cadres", "les gouvernements devraient :", ("governments",)),
        ("doivent développer des stratégies", "les autres acteurs", ("stakeholders",)),
        (
            "Invest in preparedness",
            "IFRC believes the background paper should address the following:",
            ("round-table",),
        ),
        ("as governments seek to build on them we encourage them to do so", None, ("governments",)),
    ],
)
def test_addressees_normalised_and_inherited(
    text: str, lead_in: str | None, expected: tuple[str, ...]
) -> None:
    assert statement_addressees(text, lead_in)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rural stakeholders should be capacitated and involved in dialogue.",  # passive: no agent named
        "While the UNNM is reaching out to academics, more can be done to engage them.",  # impersonal cue
        "Hold governments accountable for violating the rights of their citizens.",  # object, not addressee
        "Es necesario garantizar que los países receptores respeten los derechos humanos.",
    ],
)
def test_unknown_addressee_is_explicit_never_guessed(text: str) -> None:
    assert statement_addressees(text, None)[0] == (UNKNOWN_ADDRESSEE,)
