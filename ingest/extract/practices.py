"""Named programmes and practices (quoted titles, 'X Programme', 'X Pilot Program') with their acronyms."""

from __future__ import annotations

import re

from ingest.extract.records import PracticeMention

_QUOTED = re.compile(r"[“«‘\"]\s*([^”»’\"]{6,160}?)\s*[”»’\"](?:\s*\(([A-Z][A-Za-z]{1,9})\))?")
_NAMED = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){1,8}?(?:\([A-Z]{2,9}\)\s+)?"
    r"(?:Pilot\s+Program(?:me)?|Joint\s+Programme|Programme|Program|Project|Call\s+to\s+Action))\b"
)
_CONTEXT = re.compile(r"\b(?:programm?e?s?|projects?|initiative|pilot|mechanism)\b", re.IGNORECASE)
_STOP = frozenset({"The", "This", "A", "An", "These", "Those", "Our", "Its", "Such"})


def practices(text: str, reporter: str, offset: int = 0) -> tuple[PracticeMention, ...]:
    """Return the programmes named in text, reported by `reporter`, with offsets shifted by offset."""
    found: list[PracticeMention] = []
    for match in _QUOTED.finditer(text):
        window = text[max(0, match.start() - 80) : match.end() + 40]
        if _CONTEXT.search(window) and not match.group(1).endswith(("?", ".")):
            name = match.group(1) + (f" ({match.group(2)})" if match.group(2) else "")
            found.append(PracticeMention(name, match.start() + offset, match.end() + offset, reporter))
    for match in _NAMED.finditer(text):
        words = match.group(1).split()
        while words and words[0] in _STOP:
            words = words[1:]
        start = match.start() + match.group(1).find(words[0]) if words else match.start()
        if len(words) >= 2 and all(p.end - offset <= start or p.start - offset >= match.end() for p in found):
            found.append(PracticeMention(" ".join(words), start + offset, match.end() + offset, reporter))
    return tuple(sorted(found, key=lambda p: p.start))
