"""Statement kinds (recommendation, practice, priority, context) from EN/FR/ES cues kept in lexicon files."""

from __future__ import annotations

import re
from functools import cache

from gcmkg import registry
from ingest.extract.lexicon import any_cue, imperative_words, question_types
from ingest.extract.matching import Table, longest_hits, table
from ingest.extract.records import CONTEXT, PRACTICE, PRIORITY, RECOMMENDATION

_FIRST_WORD = re.compile(r"[^\w’']*([\w’']+)")
_GERUND = re.compile(r"[A-Z][a-z]+ing\b")
_SELF = re.compile(
    r"\b(?:we|our|us|nous|nuestr[oa]s?)\b|\bthe (?:project|programme|program|joint programme)\b",
    re.IGNORECASE,
)


def question_type(question_text: str | None) -> str | None:
    """Return the type of the Hub question answered ('priority', 'trend', 'action'), or None."""
    if not question_text:
        return None
    for pattern, kind in question_types():
        if pattern.search(question_text):
            return kind
    return None


def first_cue(name: str, text: str) -> re.Match[str] | None:
    """Return the earliest match in text of the cues in lexicon file `name` (the file's order breaks ties)."""
    return any_cue(name).search(text)


def imperative(text: str) -> str | None:
    """Return the first word of text when it is an imperative verb of the lexicon (EN/FR/ES)."""
    match = _FIRST_WORD.match(text)
    word = match.group(1).lower().replace("’", "'") if match else ""
    return word if word in imperative_words() else None


@cache
def _actor_patterns() -> Table:
    names = {n for e in registry.organizations() for n in (e.acronym, e.name) if len(n) >= 2}
    names |= {n for e in registry.countries() for n in e.names.values() if "," not in n}
    return table(("actor", n, False) for n in sorted(names))


def _reports_practice(text: str) -> str | None:
    cue = first_cue("practice_cues.tsv", text)
    if cue is None:
        return None
    actor = _SELF.search(text) or bool(longest_hits(text, _actor_patterns()))
    return cue.group(0) if actor else None


def classify(text: str, unit: str, lead_in: str | None, qtype: str | None) -> tuple[str, str]:
    """Return (kind, evidence cue) of a statement, from its own cues first and its lead-in second."""
    own = _own_kind(text, unit, qtype)
    if own is not None:
        return own
    if lead_in is not None and unit == "item":
        inherited = _own_kind(lead_in, "sentence", qtype)
        if inherited is not None and inherited[0] in (RECOMMENDATION, PRIORITY):
            return inherited[0], f"lead-in: {inherited[1]}"
    if unit == "item" and qtype == "priority":
        return PRIORITY, "answers a priority question"
    return CONTEXT, ""


def _own_kind(text: str, unit: str, qtype: str | None) -> tuple[str, str] | None:
    priority = first_cue("priority_cues.tsv", text)
    if priority is not None:
        return PRIORITY, priority.group(0)
    if unit == "item" and qtype == "priority" and _GERUND.match(text.lstrip()):
        return PRIORITY, "gerund item answering a priority question"
    if text.rstrip().endswith("?"):
        return (PRIORITY, "question in a priority list") if unit == "item" and qtype == "priority" else None
    deontic = first_cue("deontic.tsv", text)
    if deontic is not None:
        return RECOMMENDATION, deontic.group(0)
    verb = imperative(text)
    if verb is not None:
        return RECOMMENDATION, f"imperative: {verb}"
    practice = _reports_practice(text)
    if practice is not None:
        return PRACTICE, practice
    if unit == "item" and _GERUND.match(text.lstrip()):
        return (PRIORITY if qtype in ("priority", "trend") else RECOMMENDATION), "gerund list item"
    return None
