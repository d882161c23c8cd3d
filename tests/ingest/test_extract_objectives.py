"""Objective links: explicit references in every form, headings, and inferred links with evidence."""

from __future__ import annotations

import pytest

from ingest.extract.objectives import explicit_mentions, heading_objective, inferred_links


def found(text: str) -> list[tuple[int, str | None]]:
    return sorted({(m.link.objective, m.link.action) for m in explicit_mentions(text)}, key=str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("regarding Objective 5 of the GCM", [(5, None)]),
        ("regarding Objectives 2 and 5 addressed here", [(2, None), (5, None)]),
        ("as mentioned under Obj. 2 in the text", [(2, None)]),
        ("some of the objectives, like #5 (x)", [(5, None)]),
        ("considering objective #20 (y)", [(20, None)]),
        ("as stated in its Objective number 5.", [(5, None)]),
        ("conformément à l'objectif 5 du PMM", [(5, None)]),
        ("según el objetivo 5 del Pacto", [(5, None)]),
        ("Objective 5 (paragraph 21.g-21.h)", [(5, None), (5, "g"), (5, "h")]),
        ("(see GCM para. 22(i))", [(6, "i")]),
        ("in line with objective 2.18.d of the GCM", [(2, "d")]),
        ("under Obj. 2 paragraph 18(i).", [(2, None), (2, "i")]),
    ],
)
def test_explicit_forms(text: str, expected: list[tuple[int, str | None]]) -> None:
    assert found(text) == sorted(expected, key=str)


def test_paragraphs_of_other_documents_and_non_objective_numbers_are_ignored() -> None:
    assert found("(see UN Doc. A/HRC/44/42, para 35) and paras 44-59") == []
    assert found("(see GCM, paras 2, 15); Objective 24; Roundtable 1") == []
    assert found("Tweet #5 alone") == []


def test_paragraph_ranges_expand_to_every_lettered_action() -> None:
    actions = [a for o, a in found("Objective 2 (paragraphs 18.h-18.l)") if a]
    assert actions == ["h", "i", "j", "k", "l"]


def test_a_heading_gives_an_explicit_link_with_the_heading_as_evidence() -> None:
    link = heading_objective("Objective 18: Invest in skills development")
    assert link is not None and link.objective == 18 and link.method == "explicit"
    assert link.evidence == "Objective 18: Invest in skills development"


def test_inferred_links_carry_method_confidence_and_evidence_terms() -> None:
    links = inferred_links("lower the cost of remittances and foster financial inclusion of migrants")
    assert links[0].objective == 20 and links[0].method == "inferred"
    assert 0 < links[0].confidence < 1
    assert "remittances" in links[0].evidence


def test_inference_is_multilingual_and_excludes_explicit_objectives() -> None:
    assert inferred_links("promover las remesas y la inclusión financiera")[0].objective == 20
    assert inferred_links("faciliter les transferts de fonds et l'inclusion financière")[0].objective == 20
    assert all(
        link.objective != 20 for link in inferred_links("remittances, financial inclusion", frozenset({20}))
    )


def test_no_link_is_inferred_from_unrelated_text() -> None:
    assert inferred_links("Thank you for your comment, this is very interesting.") == ()
