"""The parser on the seed page, compared with the hand-written gold file tests/gold/threads/seed.json."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.records import CONSULTATION_CONTAINER
from tests.ingest.parse_support import GOLD_DIR, collapse, gold_view, load_json, seed_page

GOLD: dict[str, Any] = load_json(GOLD_DIR / "seed.json")


def test_seed_has_as_many_comments_as_the_gold() -> None:
    assert len(seed_page().comments) == len(GOLD["comments"]) == 49


@pytest.mark.parametrize("index", range(len(GOLD["comments"])))
def test_seed_comment_matches_gold(index: int) -> None:
    page = seed_page()
    gold = GOLD["comments"][index]
    comment = page.comments[index]
    assert gold_view(comment, page, gold) == {k: v for k, v in gold.items()}


def test_seed_comment_keys_are_page_positions() -> None:
    comments = seed_page().comments
    assert [c.key for c in comments] == [f"c{i:03d}" for i in range(len(comments))]
    assert [c.position for c in comments] == list(range(len(comments)))


@pytest.mark.parametrize("index", range(4))
def test_seed_question_matches_gold(index: int) -> None:
    gold = GOLD["questions"][index]
    question = seed_page().questions[index]
    assert question.key == f"q{gold['number']}"
    assert question.number == gold["number"]
    assert (question.date.isoformat() if question.date else None) == gold["date"]
    assert question.author_display == gold["author"]
    assert (question.declared_members, question.declared_comments) == (
        gold["declared_members"],
        gold["declared_comments"],
    )
    texts = {t.lang: collapse(t.text)[: len(gold["texts"].get(t.lang, ""))] for t in question.texts}
    assert texts == gold["texts"]
    explanations = {
        e.lang: collapse(e.text)[: len(gold["explanations"].get(e.lang, ""))] for e in question.explanations
    }
    assert explanations == gold["explanations"]


def test_every_comment_body_is_its_span_of_the_page_text() -> None:
    page = seed_page()
    for comment in page.comments:
        assert page.text[comment.body_span.start : comment.body_span.end] == comment.body
        assert comment.body == comment.body.strip()


def test_every_question_text_is_its_span_of_the_page_text() -> None:
    page = seed_page()
    for question in page.questions:
        for localized in (*question.texts, *question.explanations):
            assert page.text[localized.span.start : localized.span.end] == localized.text
        assert question.span.start <= question.texts[0].span.start


def test_seed_consultation_has_no_title_and_no_objectives() -> None:
    consultation = seed_page().consultation
    assert consultation.title is None
    assert consultation.objectives_under_review == tuple(GOLD["consultation"]["objectives_under_review"])


def test_seed_completeness_threads_declared_versus_found() -> None:
    threads = {t.container: (t.declared_comments, t.found_comments) for t in seed_page().completeness.threads}
    assert {k: threads[k] for k in ("q4", "q3", "q2", "q1", CONSULTATION_CONTAINER)} == {
        "q4": (9, 9),
        "q3": (9, 9),
        "q2": (9, 7),
        "q1": (11, 11),
        CONSULTATION_CONTAINER: (None, 13),
    }


def test_seed_completeness_counters_under_comments() -> None:
    page = seed_page()
    by_key = {c.key: c for c in page.comments}
    under = [
        (
            by_key[t.container].author_display,
            by_key[t.container].date.isoformat(),
            t.declared_comments,
            t.found_comments,
        )
        for t in page.completeness.threads
        if t.container in by_key
    ]
    assert under == [
        ("Kate Barth", "2021-12-03", 1, 1),
        ("Spanish Commis…", "2021-11-25", 1, 1),
        ("Nkiru Perpetua Duru", "2022-02-12", 1, 0),
        ("Fambaye Ndoye", "2021-11-29", 1, 0),
        ("Fambaye Ndoye", "2021-12-07", 2, 0),
        ("Fambaye Ndoye", "2021-12-07", 1, 1),
    ]


def test_seed_unresolved_parents_match_gold() -> None:
    page = seed_page()
    unresolved = [c for c in page.comments if c.key in page.completeness.unresolved_parents]
    assert [
        {"author": c.author_display, "date": c.date.isoformat(), "body_start": collapse(c.body)[:31]}
        for c in unresolved
    ] == GOLD["unresolved_parents"]


def test_seed_truncated_names_and_skipped_lines() -> None:
    report = seed_page().completeness
    assert report.truncated_names == tuple(GOLD["truncated_names"])
    assert report.truncated_bodies == ()
    lines = [int(s.split()[1].rstrip(":")) for s in report.skipped if s.startswith("line ")]
    assert lines == GOLD["skipped_lines"]
    assert any(s.startswith("lines 751-") and s.endswith("site footer") for s in report.skipped)


def test_seed_page_metadata() -> None:
    page = seed_page()
    assert page.metadata["encoding"] == "utf-8"
    assert page.metadata["replaced_characters"] == "0"
    assert page.metadata["footer"] == "found"
    assert len(page.sha256) == 64
