"""Shared matching helpers: name patterns with case rules, and longest-first non-overlapping search."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    key: str
    start: int
    end: int
    text: str


def _word(word: str) -> str:
    return "".join("['’]" if ch in "'’" else re.escape(ch) for ch in word)


def name_regex(name: str, inflect: bool = False) -> re.Pattern[str]:
    """Return a regex for a name: exact case for one capitalised word, any case otherwise; apostrophes folded."""
    body = r"\s+".join(_word(word) for word in name.split())
    suffix = r"(?:e|s|es|a|as|os)?" if inflect else ""
    exact = any(ch.isupper() for ch in name) and " " not in name and "'" not in name
    flags = 0 if exact else re.IGNORECASE
    return re.compile(r"(?<![\w/])" + body + suffix + r"(?![\w/])", flags)


def longest_hits(text: str, patterns: Iterable[tuple[str, re.Pattern[str]]]) -> list[Hit]:
    """Return the non-overlapping matches of (key, pattern) pairs in text, longest first, in text order."""
    hits = [
        Hit(key, m.start(), m.end(), m.group(0)) for key, pattern in patterns for m in pattern.finditer(text)
    ]
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    kept: list[Hit] = []
    for hit in hits:
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.key))
