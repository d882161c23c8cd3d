"""Shared helpers of the extraction tests: the seed page extracted once, small hand-made comments."""

from __future__ import annotations

import datetime as dt
import functools

from gcmkg.resources import extraction_gold_file
from ingest.evaluate import load_gold
from ingest.extract import extract
from ingest.extract.records import Extraction
from ingest.records import Comment, CompletenessReport, Consultation, Page, Span
from tests.ingest.parse_support import seed_page


@functools.cache
def seed_extraction() -> Extraction:
    """Return the extraction of the seed page, computed once per test session."""
    return extract(seed_page())


@functools.cache
def seed_gold() -> dict[str, object]:
    """Return the gold annotation of the seed page."""
    return load_gold(extraction_gold_file())


def comment(
    key: str,
    author: str,
    body: str,
    *,
    parent: str | None = None,
    truncated: bool = False,
    language: str = "en",
    container: str = "consultation",
) -> Comment:
    """Return a hand-made comment record."""
    return Comment(
        key=key,
        position=int(key[1:]),
        author_display=author,
        author_truncated=truncated,
        date=dt.date(2022, 1, 1),
        moderator=False,
        body=body,
        body_span=Span(0, len(body)),
        body_truncated=False,
        language=language,
        container=container,
        in_reply_to_name=None,
        parent=parent,
        addressee_mentions=(),
        declared_members=None,
        declared_comments=None,
    )


def page(*comments: Comment) -> Page:
    """Return a hand-made page holding the given comments (no questions)."""
    return Page(
        source="hand-made.txt",
        sha256="0" * 64,
        text="\n".join(c.body for c in comments),
        consultation=Consultation(None, None, ()),
        questions=(),
        comments=comments,
        completeness=CompletenessReport((), (), (), (), ()),
    )
