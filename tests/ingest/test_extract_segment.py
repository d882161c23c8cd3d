"""Statement segmentation: list items, nested items with their lead-in, prose sentences, offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.segment import ITEM, SENTENCE, segment, sentences


def texts(body: str) -> list[str]:
    return [s.text for s in segment(body)]


def test_numbered_lettered_and_bulleted_items_lose_their_markers() -> None:
    body = (
        "(a) Recognize rights;\n\n(b) Establish laws;\n\n1) one\n\n2.rendre accessible"
        "\n\n  • make it\n\n- dash item"
    )
    assert texts(body) == [
        "Recognize rights;",
        "Establish laws;",
        "one",
        "rendre accessible",
        "make it",
        "dash item",
    ]
    assert {s.unit for s in segment(body)} == {ITEM}


def test_items_inherit_a_lead_in_and_nested_items_their_parent_item() -> None:
    body = (
        "DOMESTICALLY\n\n  • engage diasporas to enable safe legal pathways"
        "\n\n1) diaspora members communicate"
        "\n\n2) help diasporas\n\n  • Use your resources"
    )
    found = segment(body)
    assert [s.lead_in for s in found] == [
        "DOMESTICALLY",
        "engage diasporas to enable safe legal pathways",
        "engage diasporas to enable safe legal pathways",
        "DOMESTICALLY",
    ]


def test_a_lead_in_without_content_is_not_a_statement_but_one_with_content_is() -> None:
    assert texts("les gouvernements devraient :\n\n1 créer des cadres") == ["créer des cadres"]
    body = (
        "Governments should implement the recommendations of the report, including:\n\n(a) Recognize rights"
    )
    found = segment(body)
    assert [s.text for s in found] == [
        "Governments should implement the recommendations of the report, including:",
        "Recognize rights",
    ]
    assert found[1].lead_in == found[0].text


def test_headings_footnotes_and_signatures_are_not_statements() -> None:
    body = (
        "Objective 2. Minimize the adverse drivers\n\nTrade helps.[1] It grows."
        "\n\n[1] UNCTAD, 2019.\n\n--Prof. A (X)"
    )
    found = segment(body)
    assert [s.text for s in found] == ["Trade helps.[1]", "It grows."]
    assert all(s.heading == "Objective 2. Minimize the adverse drivers" for s in found)


def test_sentences_respect_abbreviations() -> None:
    text = (
        "The U.S. Government acted (see UN Doc. A/HRC/44/42, para. 35). "
        "New players (e.g. China) came. Next one."
    )
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "The U.S. Government acted (see UN Doc. A/HRC/44/42, para. 35).",
        "New players (e.g. China) came.",
        "Next one.",
    ]


def test_prose_units_are_sentences() -> None:
    assert {s.unit for s in segment("One thing. Two things.")} == {SENTENCE}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .:;•-()12\n\xa0AÉ?")), max_size=200))
def test_every_statement_is_the_body_slice_at_its_offsets(body: str) -> None:
    for statement in segment(body):
        assert body[statement.start : statement.end] == statement.text
        assert statement.text and statement.text == statement.text.strip()
