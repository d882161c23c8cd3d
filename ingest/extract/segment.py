"""Split a comment body into statements (list items and prose sentences) with character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.extract.lexicon import abbreviations, cue_patterns

ITEM = "item"
SENTENCE = "sentence"

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bullet", re.compile(r"[•●▪◦·]\s*")),
    ("dash", re.compile(r"[-–*]\s+")),
    ("numparen", re.compile(r"\d{1,2}\s*\)\s*\.?\s*")),
    ("letter", re.compile(r"\(?[a-z]\)\s*")),
    ("num", re.compile(r"\d{1,2}\s*\.(?!\d)\s*")),
    ("num", re.compile(r"\d{1,2}\s+(?=[a-zà-ÿ])")),
)
_FOOTNOTE = re.compile(r"\[\d{1,3}\]\s")
_SIGNATURE = re.compile(r"(?:--|—|–\s)")
_HEADING = re.compile(r"(?:Objective|Objectif|Objetivo)\s+(\d{1,2})\s*[.:]\s*\S", re.IGNORECASE)
_BREAK = re.compile(r"[.!?…][\"”’)\]]*(?:\[\d{1,3}\])?\s+")
_STARTER = re.compile(r"[A-ZÀ-Ý0-9\"“‘'¿¡]")
_LOWER = re.compile(r"[a-zà-ÿ]")


@dataclass(frozen=True)
class Block:
    start: int  # offset of the first character after the marker (or of the line content)
    end: int
    text: str
    indent: int
    marker: str | None  # marker type for list items, None for prose
    role: str  # "item", "prose", "footnote", "signature", "heading", "mention"


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    unit: str  # ITEM or SENTENCE
    lead_in: str | None  # the lead-in text the statement inherits from
    heading: str | None  # the heading ("Objective 2. Minimize ...") the statement sits under


def _lines(body: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in body.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _marker(content: str) -> tuple[str, int] | None:
    for name, pattern in _MARKERS:
        match = pattern.match(content)
        if match and match.end() < len(content):
            return name, match.end()
    return None


def _role(content: str, mentions: tuple[str, ...]) -> str:
    if _FOOTNOTE.match(content):
        return "footnote"
    if _SIGNATURE.match(content) and not content.startswith("- "):
        return "signature"
    if content.strip() in mentions:
        return "mention"
    if _HEADING.match(content) and not content.rstrip().endswith("."):
        return "heading"
    return "prose"


def blocks(body: str, mentions: tuple[str, ...] = ()) -> list[Block]:
    """Return the non-empty lines of a body as blocks, with list markers recognised and stripped."""
    found = []
    for offset, line in _lines(body):
        content = line.strip()
        if not content:
            continue
        lead = len(line) - len(line.lstrip())
        role = _role(content, mentions)
        marker = _marker(content) if role == "prose" else None
        skip = marker[1] if marker else 0
        text = content[skip:]
        start = offset + lead + skip
        found.append(
            Block(
                start,
                start + len(text),
                text,
                lead,
                marker[0] if marker else None,
                "item" if marker else role,
            )
        )
    return _first_indent(found)


def _first_indent(found: list[Block]) -> list[Block]:
    """Return blocks with a list item that opens the body given the indent of its next sibling marker."""
    if not found or found[0].role != "item" or found[0].indent:
        return found
    siblings = [b for b in found[1:] if b.role == "item" and b.marker == found[0].marker]
    if not siblings or siblings[0].indent > 4:
        return found
    first = found[0]
    fixed = Block(first.start, first.end, first.text, siblings[0].indent, first.marker, first.role)
    return [fixed, *found[1:]]


def _is_break(text: str, match: re.Match[str]) -> bool:
    after = text[match.end() : match.end() + 1]
    token = re.search(r"(\S+)$", text[: match.start()])
    word = token.group(1).lstrip('("“') if token else ""
    lower = (
        bool(_LOWER.match(after))
        and not text.startswith("http", match.end())
        and match.group(0)[0] == "."
        and bool(re.fullmatch(r"\w{3,}", word))
    )
    if not after or not (_STARTER.match(after) or lower):
        return False
    if text[match.start()] != ".":
        return True
    if word in abbreviations() or (len(word) == 1 and word.isupper()):
        return False
    return not re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)


def sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of a prose text, abbreviation-aware, shifted by offset."""
    spans, start = [], 0
    for match in _BREAK.finditer(text):
        if _is_break(text, match):
            end = len(text[: match.end()].rstrip())
            spans.append((offset + start, offset + end))
            start = match.end()
    rest = text[start:].rstrip()
    if rest:
        spans.append((offset + start, offset + start + len(rest)))
    return spans


def _is_lead_in(block: Block, following: Block | None) -> bool:
    if block.role != "prose" or following is None or following.role != "item":
        return False
    text = block.text.rstrip()
    return text.endswith(":") or (len(text.split()) <= 5 and text[-1:] not in ".!?")


def lead_in_is_statement(text: str) -> bool:
    """Return True when a lead-in says something of its own ('Governments should implement X, including:')."""
    body = text.rstrip().rstrip(":").strip()
    cues = [m for _, pattern in cue_patterns("deontic.tsv") for m in [pattern.search(body)] if m]
    if cues:
        return len(body[min(m.end() for m in cues) :].split()) >= 3
    return len(body.split()) >= 8


def segment(body: str, mentions: tuple[str, ...] = ()) -> list[Segment]:
    """Return the statements of a comment body, in order, with lead-ins and headings attached."""
    found: list[Segment] = []
    items = blocks(body, mentions)
    lead_in: str | None = None
    heading: str | None = None
    stack: list[tuple[Block, str | None]] = []  # open list levels: (item, lead-in of that level)
    for i, block in enumerate(items):
        following = items[i + 1] if i + 1 < len(items) else None
        if block.role == "heading":
            heading, lead_in, stack = block.text, None, []
        elif block.role == "item":
            level_lead = _item_lead_in(block, stack, lead_in)
            found.append(Segment(block.start, block.end, block.text, ITEM, level_lead, heading))
        elif block.role == "prose":
            lead = _is_lead_in(block, following)
            stack = []
            sentences_found = _prose(body, block, heading)
            if lead and sentences_found and not lead_in_is_statement(sentences_found[-1].text):
                sentences_found = sentences_found[:-1]
            found.extend(sentences_found)
            lead_in = _lead_text(body, block) if lead else None
    return found


def _item_lead_in(block: Block, stack: list[tuple[Block, str | None]], lead_in: str | None) -> str | None:
    """Update the open list levels with an item and return the lead-in it inherits."""
    while stack and not _same_level(stack[-1][0], block) and _known_level(stack, block):
        stack.pop()
    if stack and _same_level(stack[-1][0], block):
        inherited = stack[-1][1]
        stack[-1] = (block, inherited)
        return inherited
    inherited = stack[-1][0].text if stack else lead_in
    stack.append((block, inherited))
    return inherited


def _same_level(open_item: Block, block: Block) -> bool:
    return open_item.marker == block.marker and abs(open_item.indent - block.indent) <= 1


def _known_level(stack: list[tuple[Block, str | None]], block: Block) -> bool:
    return any(_same_level(item, block) for item, _ in stack)


def _prose(body: str, block: Block, heading: str | None) -> list[Segment]:
    return [
        Segment(start, end, body[start:end], SENTENCE, None, heading)
        for start, end in sentences(block.text, block.start)
    ]


def _lead_text(body: str, block: Block) -> str:
    spans = sentences(block.text, block.start)
    start, end = spans[-1] if spans else (block.start, block.end)
    return body[start:end]
