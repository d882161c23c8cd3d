"""The parser on fixture pages for variants the seed lacks, compared with their hand-written expectations."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ingest.parse_support import FIXTURE_DIR, collapse, fixture_page, gold_view, load_json

FIXTURES = sorted(p.stem for p in FIXTURE_DIR.glob("*.json"))


def expected(name: str) -> dict[str, Any]:
    """Return the expected records of a fixture page."""
    data: dict[str, Any] = load_json(FIXTURE_DIR / f"{name}.json")
    return data


def test_fixture_pages_exist() -> None:
    assert {"titled_roundtable", "general_only"} <= set(FIXTURES)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_comments_match_expected(name: str) -> None:
    page, gold = fixture_page(name), expected(name)
    assert len(page.comments) == len(gold["comments"])
    for comment, want in zip(page.comments, gold["comments"], strict=True):
        assert gold_view(comment, page, want) == want


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_consultation_matches_expected(name: str) -> None:
    page, gold = fixture_page(name), expected(name)["consultation"]
    assert page.consultation.title == gold["title"]
    assert list(page.consultation.objectives_under_review) == gold["objectives_under_review"]
    for words in gold["introduction_contains"]:
        assert words in collapse(page.consultation.introduction or "")


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_questions_match_expected(name: str) -> None:
    page, gold = fixture_page(name), expected(name)["questions"]
    assert len(page.questions) == len(gold)
    for question, want in zip(page.questions, gold, strict=True):
        assert question.number == want["number"]
        assert (question.date.isoformat() if question.date else None) == want["date"]
        assert question.author_display == want["author"]
        assert (question.declared_members, question.declared_comments) == (
            want["declared_members"],
            want["declared_comments"],
        )
        texts = {t.lang: collapse(t.text)[: len(want["texts"].get(t.lang, ""))] for t in question.texts}
        assert texts == want["texts"]
        notes = {
            e.lang: collapse(e.text)[: len(want["explanations"].get(e.lang, ""))]
            for e in question.explanations
        }
        assert notes == want["explanations"]


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_completeness_matches_expected(name: str) -> None:
    page, gold = fixture_page(name), expected(name)
    report = page.completeness
    unresolved = [c for c in page.comments if c.key in report.unresolved_parents]
    assert [{"author": c.author_display, "date": c.date.isoformat()} for c in unresolved] == gold[
        "unresolved_parents"
    ]
    assert list(report.truncated_names) == gold["truncated_names"]
    lines = [int(s.split()[1].rstrip(":")) for s in report.skipped if s.startswith("line ")]
    assert lines == gold["skipped_lines"]
    labels = {q.key: thread_of_label(page, q.key) for q in page.questions}
    found = {labels.get(t.container, t.container): t.found_comments for t in report.threads}
    assert {k: found[k] for k in gold["found"]} == gold["found"]
    assert tuple(c.key for c in page.comments if c.body_truncated) == report.truncated_bodies


def thread_of_label(page: Any, key: str) -> str:
    """Return the expectation label of a question key ("q2", or "question-<n>" when unnumbered)."""
    for index, question in enumerate(page.questions, start=1):
        if question.key == key:
            return f"q{question.number}" if question.number is not None else f"question-{index}"
    return key


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_spans_index_the_page_text(name: str) -> None:
    page = fixture_page(name)
    for comment in page.comments:
        assert page.text[comment.body_span.start : comment.body_span.end] == comment.body
    for question in page.questions:
        for text in (*question.texts, *question.explanations):
            assert page.text[text.span.start : text.span.end] == text.text
