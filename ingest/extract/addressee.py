"""Addressees: who a statement asks to act, normalised to the vocabulary, or explicitly unspecified."""

from __future__ import annotations

import re
from functools import cache

from gcmkg import registry
from ingest.extract.lexicon import cue_patterns, impersonal_cues
from ingest.extract.matching import Table, longest_hits, table
from ingest.extract.records import UNKNOWN_ADDRESSEE

_CLAUSE = re.compile(r"[.;:!?]\s")
_PASSIVE = re.compile(r"\s+(?:not\s+)?(?:also\s+)?be\s+(?:\w+ed|given|made|taken|seen|done|built|paid)\b")
_OBJECT = re.compile(r"\b(?:encourage|urge|call on|calls on|invite|exhorte|insta)\s+$", re.IGNORECASE)


@cache
def _patterns() -> Table:
    return table(
        (entry.key, alias, False)
        for entry in registry.addressees()
        for alias in entry.aliases
        if entry.key != UNKNOWN_ADDRESSEE
    )


def _keys(text: str) -> tuple[tuple[str, ...], str]:
    hits = longest_hits(text, _patterns())
    keys = tuple(dict.fromkeys(h.key for h in hits))
    return keys, " ; ".join(dict.fromkeys(h.text for h in hits))


def _cues(text: str) -> list[tuple[re.Match[str], str]]:
    """Return (cue match, cue file) of the priority and deontic cues of text, in text order."""
    names = ("priority_cues.tsv", "deontic.tsv")
    found = [(m, name) for name in names for _, pattern in cue_patterns(name) for m in pattern.finditer(text)]
    return sorted(found, key=lambda pair: pair[0].start())


def _impersonal(cue: re.Match[str]) -> bool:
    return any(pattern.fullmatch(cue.group(0)) for pattern in impersonal_cues())


def _subject(text: str, cue: re.Match[str], source: str) -> tuple[tuple[str, ...], str]:
    """Return the addressees named as the subject of one cue (or its object after 'encourage', 'urge' ...)."""
    if source == "priority_cues.tsv":
        return _keys(cue.group(0))  # the round table (or background paper) the cue itself names
    if _PASSIVE.match(text[cue.end() :]) or _impersonal(cue):
        return (), ""
    before = text[: cue.start()]
    clause = before[max((m.end() for m in _CLAUSE.finditer(before)), default=0) :]
    keys, evidence = _keys(clause + cue.group(0))
    if not keys and _OBJECT.search(text[: cue.end()]):
        keys, evidence = _keys(text[cue.end() : cue.end() + 60])
    return keys, evidence


def addressees(text: str) -> tuple[tuple[str, ...], str]:
    """Return (addressee keys, evidence) of a statement; (UNKNOWN_ADDRESSEE,) when the text does not say."""
    for cue, source in _cues(text):
        keys, evidence = _subject(text, cue, source)
        if keys:
            return keys, evidence
    return (UNKNOWN_ADDRESSEE,), ""


def header_addressees(text: str) -> tuple[tuple[str, ...], str]:
    """Return the addressees a short lead-in header names ('les autres acteurs'), anywhere in it."""
    keys, evidence = _keys(text)
    return (keys, evidence) if keys else ((UNKNOWN_ADDRESSEE,), "")


def statement_addressees(text: str, lead_in: str | None) -> tuple[tuple[str, ...], str]:
    """Return the addressees of a statement, inherited from its lead-in when the statement does not say."""
    keys, evidence = addressees(text)
    if keys != (UNKNOWN_ADDRESSEE,) or lead_in is None:
        return keys, evidence
    keys, evidence = addressees(lead_in)
    if keys == (UNKNOWN_ADDRESSEE,) and len(lead_in.split()) <= 5:
        keys, evidence = header_addressees(lead_in)
    return keys, (f"lead-in: {evidence}" if evidence else "")
