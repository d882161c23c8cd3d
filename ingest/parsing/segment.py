"""Cut a page's lines into preamble, posts (date, author, badge, body, reply line, counters) and footer."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from ingest.parsing.lines import (
    Line,
    counters_at,
    is_author_like,
    is_badge,
    is_chrome,
    is_footer,
    is_organiser,
    parse_date,
    reply_name,
)

_QUESTION_START = re.compile(r"^\d{1,2}\s*[.)]\s*\S")
_MAX_DATE_AUTHOR_GAP = 2  # the author line follows the date line, at most one blank line between


@dataclass(frozen=True)
class RawPost:
    date: dt.date | None
    date_line: Line | None
    author: Line
    badge: bool
    body: tuple[Line, ...]  # non-blank lines of the body, page order
    reply: str | None  # NAME of the trailing "In reply to by NAME" line
    counters: tuple[int, int] | None  # (members, comments) shown after the post

    @property
    def first_line(self) -> int:
        """Return the 1-based number of the post's first line."""
        return (self.date_line or self.author).number


@dataclass(frozen=True)
class Segments:
    preamble: tuple[Line, ...]  # non-blank, non-chrome lines before the first post
    posts: tuple[RawPost, ...]
    skipped: tuple[str, ...]  # "line N: why"
    footer_found: bool


def question_like(text: str) -> bool:
    """Return whether a line reads as a discussion question ("4. What ..." or ending with "?")."""
    return bool(_QUESTION_START.match(text)) or text.rstrip().endswith("?")


def cut_footer(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Return the lines before the site footer, and the skipped note for the footer (if any)."""
    for index, line in enumerate(lines):
        if is_footer(line.text):
            last = max(other.number for other in lines[index:] if other.text)
            where = f"lines {line.number}-{last}" if last > line.number else f"line {line.number}"
            return lines[:index], [f"{where}: site footer"]
    return lines, []


def _date_start(sig: list[Line], k: int) -> bool:
    """Return whether sig[k] is a date line directly followed by an author line."""
    if k + 1 >= len(sig) or parse_date(sig[k].text) is None:
        return False
    gap = sig[k + 1].number - sig[k].number
    return gap <= _MAX_DATE_AUTHOR_GAP and is_author_like(sig[k + 1].text)


def _organiser_start(sig: list[Line], k: int) -> bool:
    """Return whether sig[k] is an undated organiser line followed by a question (maybe after a badge)."""
    if not is_organiser(sig[k].text):
        return False
    k += 1
    if k < len(sig) and is_badge(sig[k].text):
        k += 1
    return k < len(sig) and question_like(sig[k].text)


def post_starts(sig: list[Line]) -> list[int]:
    """Return the indexes in sig where posts start (a dated author line, or an undated question post)."""
    starts: list[int] = []
    k = 0
    while k < len(sig):
        if _date_start(sig, k):
            starts.append(k)
            k += 2
            continue
        if _organiser_start(sig, k):
            starts.append(k)
        k += 1
    return starts


def _skip(line: Line, why: str) -> str:
    """Return a skipped-line note."""
    return f"line {line.number}: {why}"


def _why_leftover(line: Line) -> str:
    """Return why a line outside any body was not used."""
    if is_chrome(line.text):
        return "page chrome"
    if parse_date(line.text):
        return "stray date without an author line"
    return "unexpected line after the post's reply line or counters"


def _trim_body(body: list[Line], skipped: list[str]) -> list[Line]:
    """Return body without chrome at either end and without a trailing stray date."""
    while body and is_chrome(body[0].text):
        skipped.append(_skip(body.pop(0), "page chrome"))
    while body and (is_chrome(body[-1].text) or parse_date(body[-1].text)):
        skipped.append(_skip(body[-1], _why_leftover(body[-1])))
        body.pop()
    return body


def _body_end(sig: list[Line], k: int, end: int) -> int:
    """Return the index of the first reply line or counters block in sig[k:end], or end."""
    for j in range(k, end):
        if reply_name(sig[j].text) or (j + 4 <= end and counters_at(sig, j)):
            return j
    return end


def read_post(sig: list[Line], start: int, end: int, skipped: list[str]) -> RawPost:
    """Return the post held by sig[start:end]; lines it does not use go to skipped."""
    date = parse_date(sig[start].text)
    k = start + 1 if date and _date_start(sig, start) else start
    date_line = sig[start] if k > start else None
    author = sig[k]
    k += 1
    badge = k < end and is_badge(sig[k].text)
    k += int(badge)
    j = _body_end(sig, k, end)
    body = _trim_body(list(sig[k:j]), skipped)
    name = reply_name(sig[j].text) if j < end else None
    j += int(name is not None)
    counters = counters_at(sig, j) if j + 4 <= end else None
    j += 4 if counters else 0
    skipped.extend(_skip(line, _why_leftover(line)) for line in sig[j:end])
    return RawPost(date if date_line else None, date_line, author, badge, tuple(body), name, counters)


def segment(lines: list[Line]) -> Segments:
    """Return the page cut into preamble, posts and skipped-line notes."""
    content, skipped = cut_footer(lines)
    footer_found = bool(skipped)
    sig = [line for line in content if line.text]
    starts = post_starts(sig)
    first = starts[0] if starts else len(sig)
    notes: list[str] = []
    preamble = []
    for line in sig[:first]:
        if is_chrome(line.text):
            notes.append(_skip(line, "page chrome"))
        else:
            preamble.append(line)
    bounds = [*starts, len(sig)]
    posts = [read_post(sig, a, b, notes) for a, b in itertools.pairwise(bounds)]
    return Segments(tuple(preamble), tuple(posts), tuple(notes + skipped), footer_found)
