"""Question posts: number, the question text per language and the explanatory paragraphs."""

from __future__ import annotations

import re

from gcmkg.iris import stable_hash
from ingest.language import OTHER, detect_language
from ingest.parsing.lines import Line, is_organiser, is_truncated_name
from ingest.parsing.segment import RawPost, question_like
from ingest.records import LocalizedText, Question, Span

_NUMBERED = re.compile(r"^(\d{1,2})\s*[.)]\s*(?=\S)")


def is_question_post(post: RawPost) -> bool:
    """Return whether a post is a discussion question (organiser account, no reply line, question text)."""
    return (
        is_organiser(post.author.text)
        and post.reply is None
        and bool(post.body)
        and question_like(post.body[0].text)
    )


def question_number(post: RawPost) -> int | None:
    """Return the number of a numbered question ("4. What ..."), else None."""
    match = _NUMBERED.match(post.body[0].text)
    return int(match.group(1)) if match else None


def _span_text(text: str, lines: list[Line]) -> tuple[str, Span]:
    """Return the page text covering lines (first to last non-blank character) and its span."""
    span = Span(lines[0].content_start, lines[-1].content_end)
    return text[span.start : span.end], span


def _paragraphs(lines: tuple[Line, ...]) -> list[list[Line]]:
    """Return lines grouped in paragraphs (runs of adjacent non-blank lines)."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and line.number == groups[-1][-1].number + 1:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _versions_by_number(lines: tuple[Line, ...], number: int) -> list[list[Line]]:
    """Return lines split into language versions, each starting with "N." (the question's number)."""
    start = re.compile(rf"^{number}\s*[.)]\s*\S")
    groups: list[list[Line]] = []
    for line in lines:
        if start.match(line.text) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _versions_by_language(text: str, lines: tuple[Line, ...]) -> list[list[Line]]:
    """Return paragraphs merged into versions: a paragraph in a new language starts a new version."""
    groups: list[list[Line]] = []
    current = ""
    for paragraph in _paragraphs(lines):
        lang = detect_language(_span_text(text, paragraph)[0])
        if groups and lang in (current, OTHER):
            groups[-1].extend(paragraph)
        else:
            groups.append(list(paragraph))
            current = lang
    return groups


def _head(text: str, line: Line) -> tuple[str, Span]:
    """Return the question text of a version's first line without its number, and its span."""
    match = _NUMBERED.match(line.text)
    start = line.content_start + (match.end() if match else 0)
    return text[start : line.content_end], Span(start, line.content_end)


def _localized(text: str, version: list[Line]) -> tuple[LocalizedText, LocalizedText | None]:
    """Return the question text and the explanation (None when absent) of one language version."""
    head, span = _head(text, version[0])
    lang = detect_language(head)
    if lang == OTHER:
        lang = detect_language(_span_text(text, version)[0])
    question = LocalizedText(lang, head, span)
    if len(version) == 1:
        return question, None
    rest, rest_span = _span_text(text, version[1:])
    return question, LocalizedText(detect_language(rest), rest, rest_span)


def question_key(number: int | None, texts: tuple[LocalizedText, ...]) -> str:
    """Return "q<number>", or "q-<hash of the first text>" for an unnumbered question."""
    if number is not None:
        return f"q{number}"
    first = " ".join(texts[0].text.split()).casefold() if texts else ""
    return f"q-{stable_hash('question', first, length=8)}"


def build_question(post: RawPost, text: str) -> Question:
    """Return the Question record of a question post."""
    number = question_number(post)
    if number is not None:
        versions = _versions_by_number(post.body, number)
    else:
        versions = _versions_by_language(text, post.body)
    pairs = [_localized(text, version) for version in versions]
    texts = tuple(q for q, _ in pairs)
    explanations = tuple(e for _, e in pairs if e is not None)
    members, comments = post.counters if post.counters else (None, None)
    return Question(
        key=question_key(number, texts),
        number=number,
        texts=texts,
        explanations=explanations,
        author_display=post.author.text,
        author_truncated=is_truncated_name(post.author.text),
        date=post.date,
        declared_members=members,
        declared_comments=comments,
        span=Span(post.body[0].content_start, post.body[-1].content_end),
    )
