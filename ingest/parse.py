"""Parse a scraped Migration Network Hub discussion page into typed records: `parse_page(data, source)`."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from gcmkg.errors import ParseError
from ingest.parsing.comments import build_comment, mentions
from ingest.parsing.lines import Line, is_organiser, is_truncated_name, split_lines
from ingest.parsing.questions import build_question, is_question_post
from ingest.parsing.rules import page_rules
from ingest.parsing.segment import RawPost, Segments, segment
from ingest.parsing.threads import completeness, resolve_parents
from ingest.records import CONSULTATION_CONTAINER, Comment, Consultation, Page, Question
from ingest.text import clean_text, raw_bytes

_OBJECTIVES = re.compile(r"\bobjectives?\s+((?:#?\d{1,2}(?:\s*(?:,|and|&|et|y)\s*)?)+)", re.IGNORECASE)
_GCM_OBJECTIVES = range(1, 24)


def objectives_in(text: str) -> tuple[int, ...]:
    """Return the GCM objective numbers an introduction lists ("objectives 14, 15 and 22"), sorted."""
    numbers = {int(n) for match in _OBJECTIVES.finditer(text) for n in re.findall(r"\d{1,2}", match.group(1))}
    return tuple(sorted(n for n in numbers if n in _GCM_OBJECTIVES))


def join_paragraphs(lines: Sequence[Line]) -> str:
    """Return the lines' text, a newline within a paragraph and a blank line between paragraphs."""
    parts: list[str] = []
    for previous, line in zip([None, *lines], lines, strict=False):
        if previous is not None:
            parts.append("\n" if line.number == previous.number + 1 else "\n\n")
        parts.append(line.text)
    return "".join(parts)


def consultation_of(preamble: Sequence[Line]) -> Consultation:
    """Return the consultation's title, introduction and objectives from the lines before the first post."""
    if not preamble:
        return Consultation(None, None, ())
    first = preamble[0].text
    title = first if len(first) <= page_rules().max_title_length else None
    rest = preamble[1:] if title else preamble
    intro = join_paragraphs(rest) or None
    return Consultation(title, intro, objectives_in(intro or ""))


def _dedupe_key(question: Question, seen: set[str]) -> Question:
    """Return question with a key made unique on the page ("q4", then "q4-2" for a repeated number)."""
    key, n = question.key, 1
    while key in seen:
        n += 1
        key = f"{question.key}-{n}"
    seen.add(key)
    return question if key == question.key else dataclasses.replace(question, key=key)


def build_records(
    posts: Sequence[RawPost], text: str, skipped: list[str]
) -> tuple[list[Question], list[Comment]]:
    """Return questions and comments (parents unresolved) of the posts, page order; skipped posts noted."""
    questions: list[Question] = []
    comments: list[Comment] = []
    seen: set[str] = set()
    container = CONSULTATION_CONTAINER
    for post in posts:
        if is_question_post(post):
            questions.append(_dedupe_key(build_question(post, text), seen))
            container = questions[-1].key
            continue
        if post.reply is None:
            container = CONSULTATION_CONTAINER
        comment = build_comment(post, text, len(comments), container)
        if comment is None:
            skipped.append(f"line {post.first_line}: post by {post.author.text!r} has no body or date")
        else:
            comments.append(comment)
    return questions, comments


def known_names(comments: Sequence[Comment]) -> set[str]:
    """Return the full (untruncated, non-organiser) author and replied-to names shown on the page."""
    names = {c.author_display for c in comments} | {c.in_reply_to_name or "" for c in comments}
    names |= {c.author_name for c in comments}
    return {n for n in names if n and not is_truncated_name(n) and not is_organiser(n)}


def with_mentions(comments: Sequence[Comment]) -> list[Comment]:
    """Return comments with the page's known names addressed at the start of their bodies."""
    names = known_names(comments)
    return [
        dataclasses.replace(c, addressee_mentions=mentions(c.body, names - {c.author_display}))
        for c in comments
    ]


def _line_of(skipped: str) -> int:
    """Return the line number a skipped note starts with, for sorting."""
    match = re.match(r"lines? (\d+)", skipped)
    return int(match.group(1)) if match else 0


def page_from_segments(source: str, sha256: str, text: str, segments: Segments) -> Page:
    """Return the Page built from a segmented page text."""
    skipped = list(segments.skipped)
    questions, comments = build_records(segments.posts, text, skipped)
    if not questions and not comments:
        raise ParseError(
            source, 0, "no questions or comments found: not a Hub discussion page (or an empty one)"
        )
    resolved, unresolved = resolve_parents(with_mentions(comments), questions)
    skipped.sort(key=_line_of)
    return Page(
        source=source,
        sha256=sha256,
        text=text,
        consultation=consultation_of(segments.preamble),
        questions=tuple(questions),
        comments=resolved,
        completeness=completeness(questions, resolved, unresolved, skipped),
        metadata={"footer": "found" if segments.footer_found else "missing (page may be truncated)"},
    )


def parse_page(data: bytes | str, source: str) -> Page:
    """Return the typed records of one Hub discussion page, or raise ParseError saying why not."""
    sha256 = hashlib.sha256(raw_bytes(data)).hexdigest()
    clean = clean_text(data, source)
    page = page_from_segments(source, sha256, clean.text, segment(split_lines(clean.text)))
    metadata = {**page.metadata, "encoding": clean.encoding, "replaced_characters": str(clean.replaced)}
    return dataclasses.replace(page, metadata=metadata)


def read_page(path: Path) -> Page:
    """Return the parsed page stored at path (the source is the file name)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ParseError(path.name, 0, f"cannot read the file: {err.strerror}") from err
    return parse_page(data, path.name)
