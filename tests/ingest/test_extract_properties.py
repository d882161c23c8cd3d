"""Laws of the extractor: it never crashes, every offset indexes the body, and it is deterministic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract import extract
from ingest.extract.records import KINDS
from tests.ingest.extract_support import comment, page

WORDS = st.sampled_from(
    [
        "Governments",
        "should",
        "must",
        "il faut",
        "deben",
        "Objective 5",
        "para. 22(i)",
        "#5",
        "•",
        "1)",
        "(a)",
        "Spain",
        "sénégalais",
        "A/HRC/44/42",
        "GCM",
        "https://x.org/a…",
        ":",
        ".",
        "\n\n",
        "roundtable",
        "?",
        "Ensure",
        "créer",
        "As IOM",
        "--Prof. A (IOM)",
        "our",
        "Australia has established",
        "e.g.",
        "U.S.",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_extract_never_crashes_and_offsets_index_the_body(body: str) -> None:
    item = extract(page(comment("c000", "Ann Lee", body))).comments[0]
    for statement in item.statements:
        assert body[statement.start : statement.end] == statement.text
        assert statement.kind in KINDS and statement.addressees
        assert all(0 <= link.confidence <= 1 and link.evidence for link in statement.objectives)
    for citation in item.instruments:
        assert body[citation.start : citation.end] == citation.evidence
    assert extract(page(comment("c000", "Ann Lee", body))).comments[0] == item
