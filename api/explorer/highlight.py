"""Pure text helpers for the pages: evidence words to mark in a text, a quote cut out of its comment."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A run of text, marked (evidence, quote) or not."""

    text: str
    marked: bool


def evidence_terms(evidence: str | None) -> list[str]:
    """Return the evidence words of an objective link (separated by ';' in the graph), longest first."""
    terms = {part.strip() for part in (evidence or "").split(";") if len(part.strip()) > 1}
    return sorted(terms, key=lambda term: (-len(term), term))


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Return the merged, sorted character spans where any term occurs in text (case-insensitive)."""
    found = sorted(
        (match.start(), match.end())
        for term in terms
        for match in re.finditer(re.escape(term), text, flags=re.IGNORECASE)
    )
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_evidence(text: str, evidence: str | None) -> list[Segment]:
    """Return text cut into segments, the evidence words of the link marked."""
    segments, position = [], 0
    for start, end in spans(text, evidence_terms(evidence)):
        if start > position:
            segments.append(Segment(text[position:start], False))
        segments.append(Segment(text[start:end], True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments


def cut_quote(content: str, start: int | None, end: int | None) -> list[Segment]:
    """Return the comment cut around the quoted span [start, end) (one unmarked segment when invalid)."""
    if start is None or end is None or not 0 <= start < end <= len(content):
        return [Segment(content, False)]
    before, quote, after = content[:start], content[start:end], content[end:]
    parts = [Segment(before, False), Segment(quote, True), Segment(after, False)]
    return [part for part in parts if part.text]
