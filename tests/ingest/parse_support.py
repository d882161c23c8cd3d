"""Shared helpers of the parser tests: the seed page parsed once, gold views of records."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from gcmkg.resources import PROJECT_ROOT, seed_pages
from ingest.parse import parse_page, read_page
from ingest.records import Comment, Page

GOLD_DIR = PROJECT_ROOT / "tests" / "gold" / "threads"
FIXTURE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "pages"
SEED_NAME = "000_22250b8f33848101.txt"


def seed_path() -> Path:
    """Return the path of the seed page."""
    return next(p for p in seed_pages() if p.name == SEED_NAME)


@functools.cache
def seed_page() -> Page:
    """Return the seed page, parsed once per test session."""
    return read_page(seed_path())


@functools.cache
def fixture_page(name: str) -> Page:
    """Return a fixture page parsed from tests/fixtures/pages/<name>.txt."""
    path = FIXTURE_DIR / f"{name}.txt"
    return parse_page(path.read_bytes(), path.name)


def load_json(path: Path) -> Any:
    """Return the JSON document at path."""
    return json.loads(path.read_text(encoding="utf-8"))


def collapse(text: str) -> str:
    """Return text with every whitespace run (NBSP and newlines included) as one space."""
    return " ".join(text.split())


def thread_of(comment: Comment, page: Page) -> int | str:
    """Return the gold thread label: the question number, "question-<n>" if unnumbered, or the container."""
    for index, question in enumerate(page.questions, start=1):
        if question.key == comment.container:
            return question.number if question.number is not None else f"question-{index}"
    return comment.container


def parent_ref(comment: Comment, page: Page, start_length: int) -> dict[str, str] | None:
    """Return the gold reference of a comment's parent (author, date, body start), or None."""
    if comment.parent is None:
        return None
    parent = next(c for c in page.comments if c.key == comment.parent)
    return {
        "author": parent.author_display,
        "date": parent.date.isoformat(),
        "body_start": collapse(parent.body)[:start_length],
    }


def gold_view(comment: Comment, page: Page, gold: dict[str, Any]) -> dict[str, Any]:
    """Return the parsed comment in the gold file's shape (body starts cut to the gold's lengths)."""
    parent_gold = gold.get("parent")
    view: dict[str, Any] = {
        "author": comment.author_display,
        "truncated": comment.author_truncated,
        "date": comment.date.isoformat(),
        "moderator": comment.moderator,
        "thread": thread_of(comment, page),
        "in_reply_to": comment.in_reply_to_name,
        "parent": parent_ref(comment, page, len(parent_gold["body_start"]) if parent_gold else 0),
        "language": comment.language,
        "body_start": collapse(comment.body)[: len(gold["body_start"])],
        "declared": [comment.declared_members, comment.declared_comments]
        if comment.declared_comments is not None
        else None,
        "mentions": list(comment.addressee_mentions),
    }
    if "footnotes" in gold:
        view["footnotes"] = len(comment.footnotes)
    if "truncated_body" in gold:
        view["truncated_body"] = comment.body_truncated
    if "body_end" in gold:
        view["body_end"] = collapse(comment.body)[-len(gold["body_end"]) :]
    if "author_name" in gold:
        view["author_name"] = comment.author_name
        view["author_affiliation"] = comment.author_affiliation
    return view
