"""Instrument citations: UN document symbols with pinpoints, registry names and aliases, and cited URLs."""

from __future__ import annotations

import re
from functools import cache

from gcmkg import registry
from ingest.extract.matching import Table, longest_hits, table
from ingest.extract.records import InstrumentCitation

_SYMBOL = re.compile(r"(?<![\w/])(?:A|E|S|WT|FCCC)(?:/[A-Z0-9][A-Za-z0-9.]*){2,5}")
_PINPOINT = re.compile(r"^,?\s*(paras?\.?\s*\d+(?:\s*[-–]\s*\d+)?)")
_ARTICLE = re.compile(r"(?:\bart(?:icle|ículo|\.)?\s*)(\d{1,3})\b[^.]{0,25}$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s)\]>\"]+")
_SKIP_KEYS = frozenset({"gcm-paragraph"})


def _symbol_key(symbol: str) -> tuple[str, str]:
    for entry in registry.instruments():
        first = re.split(r"[;(]| para", entry.identifier)[0].strip()
        if first == symbol:
            return entry.key, entry.title
    return f"symbol:{symbol}", symbol


@cache
def _name_patterns() -> Table:
    patterns = []
    for entry in registry.instruments():
        if entry.key in _SKIP_KEYS:
            continue
        for name in {entry.title, *entry.aliases}:
            if len(name) >= 3 and not _SYMBOL.fullmatch(name) and not name.startswith("UN Doc"):
                patterns.append((entry.key, name, False))
    return table(patterns)


@cache
def _titles() -> dict[str, str]:
    return {entry.key: entry.title for entry in registry.instruments()}


def symbols(text: str) -> list[InstrumentCitation]:
    """Return the UN document symbols cited in text, each with its pinpoint when one follows."""
    found = []
    for match in _SYMBOL.finditer(text):
        symbol = match.group(0).rstrip(".")
        key, label = _symbol_key(symbol)
        pin = _PINPOINT.match(text[match.start() + len(symbol) :])
        pinpoint = pin.group(1) if pin else None
        kind = "symbol" if key.startswith("symbol:") else "registry"
        found.append(
            InstrumentCitation(
                key, kind, label, symbol, pinpoint, symbol, match.start(), match.start() + len(symbol)
            )
        )
    return found


def named(text: str) -> list[InstrumentCitation]:
    """Return the registry instruments named in text by title or alias (EN/FR/ES), longest match first."""
    found = []
    for hit in longest_hits(text, _name_patterns()):
        article = _ARTICLE.search(text[max(0, hit.start - 40) : hit.start])
        pinpoint = f"article {article.group(1)}" if article else None
        found.append(
            InstrumentCitation(
                hit.key, "registry", _titles()[hit.key], "", pinpoint, hit.text, hit.start, hit.end
            )
        )
    return found


def urls(text: str) -> list[InstrumentCitation]:
    """Return the URLs cited in text as web resources, keeping cut URLs as shown and flagged."""
    found = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:")
        cut = url.endswith("…")
        found.append(
            InstrumentCitation(
                f"url:{url}", "url", url, "", None, url, match.start(), match.start() + len(url), cut
            )
        )
    return found


def citations(text: str, offset: int = 0) -> tuple[InstrumentCitation, ...]:
    """Return every citation in text (symbols, named instruments, URLs), offsets shifted by offset."""
    found = symbols(text)
    taken = [(c.start, c.end) for c in found]
    found += [c for c in named(text) if all(c.end <= s or c.start >= e for s, e in taken)]
    found += urls(text)
    found.sort(key=lambda c: (c.start, c.key))
    return tuple(_shift(c, offset) for c in found)


def _shift(c: InstrumentCitation, offset: int) -> InstrumentCitation:
    return InstrumentCitation(
        c.key,
        c.kind,
        c.label,
        c.identifier,
        c.pinpoint,
        c.evidence,
        c.start + offset,
        c.end + offset,
        c.truncated,
    )
