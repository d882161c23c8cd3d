"""GCM objective links: explicit references in every written form, and inferred links from term sets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.extract.lexicon import Term, objective_terms
from ingest.extract.matching import TOKEN
from ingest.extract.records import EXPLICIT, INFERRED, ObjectiveLink

PARAGRAPH_OFFSET = 16  # objective n is GCM paragraph n + 16
OBJECTIVE_COUNT = 23
INFER_THRESHOLD = 1.5  # minimum score (sum of term weights) for an inferred link; chosen on the seed gold
INFER_MAX = 2  # at most this many inferred links per statement (best F1 on the seed gold)
REVIEW_BONUS = 1.25  # score multiplier for the consultation's objectives under review
_SCALE = 2.0  # confidence = score / (score + _SCALE)

_NUM = r"(?:#\s?)?\d{1,2}\b"
_OBJECTIVE = re.compile(
    r"\b(?:objectives?|objectifs?|objetivos?|obj\.)\s*(?:#\s?|n(?:o|°|umber)\.?\s*)?(\d{1,2})\b(?!\.\d)"
    rf"((?:\s*(?:,|and|&|et|y|or|ou|o)\s*{_NUM})*)",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"\b(?:objectives?\s+)?(\d{1,2})\.(\d{2})\.([a-z])\b", re.IGNORECASE)
_PARAGRAPH = re.compile(
    r"\b(?:paragraphs?|paras?\.?|párrafos?|paragraphes?)\s*(\d{1,2})(?:\.|\()?([a-z])?\)?"
    r"(?:\s*[-–]\s*(?:(\d{1,2})(?:\.|\()?)?([a-z])\)?)?",
    re.IGNORECASE,
)
_HASH = re.compile(r"#\s?(\d{1,2})\b")
_SYMBOL_BEFORE = re.compile(r"[A-Z]{1,5}/[\w./]+,?\s*(?:\(?see\s+)?$")


@dataclass(frozen=True)
class Mention:
    link: ObjectiveLink
    start: int
    end: int


def _valid(number: int) -> bool:
    return 1 <= number <= OBJECTIVE_COUNT


def _link(objective: int, action: str | None, evidence: str) -> ObjectiveLink:
    return ObjectiveLink(objective, action.lower() if action else None, EXPLICIT, 1.0, evidence)


def _numbered(text: str) -> list[Mention]:
    found = []
    for match in _OBJECTIVE.finditer(text):
        numbers = [int(match.group(1))] + [int(n) for n in re.findall(r"\d{1,2}", match.group(2) or "")]
        found += [
            Mention(_link(n, None, match.group(0)), match.start(), match.end()) for n in numbers if _valid(n)
        ]
    for match in _HASH.finditer(text):
        if re.search(r"objectives?\b[^.]{0,40}$", text[: match.start()], re.IGNORECASE) and _valid(
            int(match.group(1))
        ):
            found.append(
                Mention(_link(int(match.group(1)), None, match.group(0)), match.start(), match.end())
            )
    return found


def _letters(first: str | None, last: str | None) -> list[str | None]:
    if not first:
        return [None]
    if not last or last < first:
        return [first.lower()]
    return [chr(c) for c in range(ord(first.lower()), ord(last.lower()) + 1)]


def _paragraphs(text: str) -> list[Mention]:
    found = []
    for match in _PARAGRAPH.finditer(text):
        if _SYMBOL_BEFORE.search(text[max(0, match.start() - 30) : match.start()]):
            continue  # a paragraph of another document (UN Doc. A/HRC/44/42, para 35)
        objective = int(match.group(1)) - PARAGRAPH_OFFSET
        if _valid(objective):
            for letter in _letters(match.group(2), match.group(4)):
                found.append(Mention(_link(objective, letter, match.group(0)), match.start(), match.end()))
    for match in _DOTTED.finditer(text):
        objective, paragraph = int(match.group(1)), int(match.group(2))
        if _valid(objective) and paragraph == objective + PARAGRAPH_OFFSET:
            found.append(
                Mention(_link(objective, match.group(3), match.group(0)), match.start(), match.end())
            )
    return found


def explicit_mentions(text: str) -> list[Mention]:
    """Return every explicit objective reference in text (numbers, hashes, GCM paragraphs and actions)."""
    mentions = _numbered(text) + _paragraphs(text)
    return sorted(mentions, key=lambda m: (m.start, m.link.objective, m.link.action or ""))


def heading_objective(heading: str) -> ObjectiveLink | None:
    """Return the explicit link a heading ('Objective 2. Minimize ...') gives the statements under it."""
    match = _OBJECTIVE.match(heading)
    if match and _valid(int(match.group(1))):
        return _link(int(match.group(1)), None, heading.strip())
    return None


def dedupe(links: list[ObjectiveLink]) -> tuple[ObjectiveLink, ...]:
    """Return links without repeats of (objective, action, method), keeping the first."""
    seen: set[tuple[int, str | None, str]] = set()
    kept = []
    for link in links:
        key = (link.objective, link.action, link.method)
        if key not in seen:
            seen.add(key)
            kept.append(link)
    return tuple(kept)


@cache
def _term_keys() -> tuple[tuple[Term, str, bool], ...]:
    """Return each objective term with its first token and whether that token is a prefix."""
    return tuple((term, *term.key) for term in objective_terms())


def _candidate_terms(text: str) -> list[Term]:
    """Return the terms, in lexicon order, whose first word occurs in text (the only ones that can match)."""
    tokens = set(TOKEN.findall(text.casefold()))
    prefixes = {token[:end] for token in tokens for end in range(1, len(token) + 1)}
    return [
        term
        for term, token, prefix in _term_keys()
        if token == "" or (token in prefixes if prefix else token in tokens)
    ]


def score_objectives(
    text: str, under_review: tuple[int, ...] = ()
) -> dict[int, tuple[float, tuple[str, ...]]]:
    """Return objective -> (score, matched terms) for the term sets that match text."""
    matched: dict[int, dict[str, float]] = {}
    for term in _candidate_terms(text):
        found = term.pattern.search(text)
        if found:
            terms = matched.setdefault(term.objective, {})
            terms[found.group(0).lower()] = max(terms.get(found.group(0).lower(), 0.0), term.weight)
    scores = {}
    for objective, terms in matched.items():
        score = sum(terms.values()) * (REVIEW_BONUS if objective in under_review else 1.0)
        scores[objective] = (score, tuple(sorted(terms)))
    return scores


def inferred_links(
    text: str, exclude: frozenset[int] = frozenset(), under_review: tuple[int, ...] = ()
) -> tuple[ObjectiveLink, ...]:
    """Return the inferred objective links of a statement: above threshold, best first, with evidence."""
    scored = [
        (score, objective, terms)
        for objective, (score, terms) in score_objectives(text, under_review).items()
        if score >= INFER_THRESHOLD and objective not in exclude
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple(
        ObjectiveLink(objective, None, INFERRED, round(score / (score + _SCALE), 2), " ; ".join(terms))
        for score, objective, terms in scored[:INFER_MAX]
    )
