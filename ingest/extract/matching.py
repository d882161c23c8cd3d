"""Shared matching helpers: name patterns with case rules, and longest-first non-overlapping search."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Hit:
    key: str
    start: int
    end: int
    text: str


def _word(word: str) -> str:
    return "".join("['’]" if ch in "'’" else re.escape(ch) for ch in word)


def name_regex(name: str, inflect: bool = False) -> re.Pattern[str]:
    """Return a regex for a name: exact case for one capitalised word, else any case; apostrophes folded."""
    body = r"\s+".join(_word(word) for word in name.split())
    suffix = r"(?:e|s|es|a|as|os)?" if inflect else ""
    exact = any(ch.isupper() for ch in name) and " " not in name and "'" not in name
    flags = 0 if exact else re.IGNORECASE
    return re.compile(r"(?<![\w/])" + body + suffix + r"(?![\w/])", flags)


TOKEN = re.compile(r"\w+")
_SUFFIXES = ("e", "s", "es", "a", "as", "os")


Entry = tuple[str, re.Pattern[str], frozenset[str]]  # key, pattern, the word tokens a match must contain


@dataclass(frozen=True)
class Table:
    """Name patterns indexed by the first word of the name, so a text only tries the names it could hold."""

    index: dict[str, tuple[Entry, ...]]


def first_token(name: str) -> str:
    """Return the first word token of a name, casefolded ("" when it has none)."""
    tokens = TOKEN.findall(name.casefold())
    return tokens[0] if tokens else ""


def required_tokens(name: str, inflect: bool) -> frozenset[str]:
    """Return the word tokens every match of the name's pattern contains (casefolded), as a cheap pre-test.

    A match spells the name's words between non-word characters, so the text's tokens include the name's;
    an inflected name's last word may carry a suffix, so it is not required.
    """
    words = name.split()
    kept = words[:-1] if inflect else words
    return frozenset(token for word in kept for token in TOKEN.findall(word.casefold()))


def table(pairs: Iterable[tuple[str, str, bool]]) -> Table:
    """Return a searchable table of (key, name, inflect) triples (patterns built by `name_regex`)."""
    index: dict[str, list[Entry]] = {}
    for key, name, inflect in sorted(set(pairs)):
        entry = (key, name_regex(name, inflect), required_tokens(name, inflect))
        index.setdefault(first_token(name), []).append(entry)
    return Table({token: tuple(found) for token, found in index.items()})


@lru_cache(maxsize=64)
def _text_tokens(text: str) -> frozenset[str]:
    """Return the word tokens of text (casefolded) and their stems without an inflection suffix.

    Cached: every table (countries, instruments, addressees, actors...) looks up the same statement text.
    """
    tokens = set(TOKEN.findall(text.casefold()))
    tokens |= {t[: -len(s)] for t in tokens for s in _SUFFIXES if t.endswith(s) and len(t) > len(s) + 2}
    return frozenset(tokens)


def _candidates(text: str, names: Table) -> list[tuple[str, re.Pattern[str]]]:
    """Return the names whose words all occur in text (the only ones whose pattern can match), in order."""
    tokens = _text_tokens(text)
    return [
        (key, pattern)
        for token in sorted(tokens & names.index.keys())  # tokens no name starts with add nothing
        for key, pattern, required in names.index[token]
        if required <= tokens
    ]


def longest_hits(text: str, names: Table) -> list[Hit]:
    """Return the non-overlapping matches of a table's names in text, longest first, in text order."""
    hits = [
        Hit(key, m.start(), m.end(), m.group(0))
        for key, pattern in _candidates(text, names)
        for m in pattern.finditer(text)
    ]
    hits.sort(key=lambda h: (-(h.end - h.start), h.start, h.key))
    kept: list[Hit] = []
    for hit in hits:
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.key))
