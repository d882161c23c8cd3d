"""Comment posts: author name parts, body span (minus "read more"), footnotes and addressee mentions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.language import detect_language
from ingest.parsing.lines import Line, is_truncated_name
from ingest.parsing.rules import page_rules
from ingest.parsing.segment import RawPost
from ingest.records import CONSULTATION_CONTAINER, Comment, Span

_FOOTNOTE = re.compile(r"^\[\d{1,3}\]\s*\S")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,11}$")
_MENTION_SEPARATOR = re.compile(r"^\s*(?:,|and|&|et|y)?\s*")
_AFTER_NAME = re.compile(r"(?:$|[\s,:;!.])")


def split_author(display: str) -> tuple[str, str | None]:
    """Return (name, organisation or None) of "Name, ORG" or "Name ORG" (a trailing acronym)."""
    if "," in display:
        name, _, org = display.rpartition(",")
        if name.strip() and org.strip():
            return name.strip(), org.strip()
    words = display.split()
    if len(words) >= 3 and _ACRONYM.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return display, None


def body_span(text: str, body: tuple[Line, ...]) -> tuple[Span, bool]:
    """Return the span of a body without a trailing "read more" cut, and whether it was cut."""
    start, end = body[0].content_start, body[-1].content_end
    marker = page_rules().read_more
    truncated = text[start:end].casefold().endswith(marker)
    if truncated:
        end -= len(marker)
        while end > start and text[end - 1].isspace():
            end -= 1
    return Span(start, end), truncated


def footnotes(body: tuple[Line, ...], end: int) -> tuple[str, ...]:
    """Return the footnote lines ("[1] ...") that close the body (before offset end)."""
    notes: list[str] = []
    for line in reversed(body):
        if line.content_start >= end:
            continue
        if not _FOOTNOTE.match(line.text):
            break
        notes.append(line.text)
    return tuple(reversed(notes))


def mentions(body: str, names: Iterable[str]) -> tuple[str, ...]:
    """Return the names addressed at the very start of body ("Kate Barth Thanks ..."), in order."""
    candidates = sorted({n for n in names if n}, key=len, reverse=True)
    found: list[str] = []
    rest = body
    while True:
        match = next((n for n in candidates if rest.startswith(n) and _AFTER_NAME.match(rest, len(n))), None)
        if match is None or match in found:
            return tuple(found)
        found.append(match)
        rest = rest[len(match) :]
        separator = _MENTION_SEPARATOR.match(rest)
        rest = rest[separator.end() :] if separator else rest


def build_comment(post: RawPost, text: str, position: int, container: str) -> Comment | None:
    """Return the Comment of a post (parent, mentions unset); None without a body (kept if cut to nothing)."""
    if not post.body or post.date is None:
        return None
    span, truncated = body_span(text, post.body)
    body = text[span.start : span.end]
    if not body and not truncated:
        return None
    name, org = split_author(post.author.text)
    members, comments = post.counters if post.counters else (None, None)
    return Comment(
        key=f"c{position:03d}",
        position=position,
        author_display=post.author.text,
        author_truncated=is_truncated_name(post.author.text),
        date=post.date,
        moderator=post.badge,
        body=body,
        body_span=span,
        body_truncated=truncated,
        language=detect_language(body),
        container=container or CONSULTATION_CONTAINER,
        in_reply_to_name=post.reply,
        parent=None,
        addressee_mentions=(),
        declared_members=members,
        declared_comments=comments,
        footnotes=footnotes(post.body, span.end),
        author_name=name,
        author_affiliation=org,
    )
