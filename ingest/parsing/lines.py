"""Lines of a page with their offsets, and what each line can be (date, reply, counters, badge, chrome)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ingest.parsing.rules import page_rules

_DATE = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})$")
_NUMBER = re.compile(r"^\d{1,7}$")
ELLIPSES = ("…", "...")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the page text
    start: int  # offset of the first character of the line in the page text
    raw: str  # the line without its newline

    @property
    def text(self) -> str:
        """Return the line without surrounding whitespace."""
        return self.raw.strip()

    @property
    def content_start(self) -> int:
        """Return the offset of the first non-whitespace character."""
        return self.start + len(self.raw) - len(self.raw.lstrip())

    @property
    def content_end(self) -> int:
        """Return the offset just after the last non-whitespace character."""
        return self.start + len(self.raw.rstrip())


def split_lines(text: str) -> list[Line]:
    """Return every line of text with its 1-based number and start offset ("\\n" separated)."""
    lines: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(Line(number, offset, raw))
        offset += len(raw) + 1
    return lines


def parse_date(text: str) -> dt.date | None:
    """Return the date of a "Dec 03, 2021" line, or None when the line is not a valid date."""
    match = _DATE.match(text)
    if not match:
        return None
    month = page_rules().months.get(match.group(1)[:3].casefold())
    if month is None:
        return None
    try:
        return dt.date(int(match.group(3)), month, int(match.group(2)))
    except ValueError:
        return None


def reply_name(text: str) -> str | None:
    """Return NAME of an "In reply to by NAME" line, or None."""
    prefix = page_rules().reply_prefix
    if text.startswith(prefix) and text[len(prefix) :].strip():
        return text[len(prefix) :].strip()
    return None


def is_badge(text: str) -> bool:
    """Return whether the line is a "Moderator" badge."""
    return text in page_rules().moderator_badges


def is_chrome(text: str) -> bool:
    """Return whether the line is page chrome (navigation, login prompts), not content."""
    return text in page_rules().chrome_lines


def is_footer(text: str) -> bool:
    """Return whether the line starts the site footer."""
    return text in page_rules().footer_starts


def is_organiser(text: str) -> bool:
    """Return whether a name is the organiser account (e.g. "Migration Netw…")."""
    return len(text) <= page_rules().max_author_length and text.startswith(page_rules().organiser_prefixes)


def counters_at(sig: list[Line], k: int) -> tuple[int, int] | None:
    """Return (members, comments) when sig[k:k+4] is a "N / Members / N / Comments" block."""
    if k + 4 > len(sig):
        return None
    members_label, comments_label = page_rules().counter_labels
    a, label_a, b, label_b = (line.text for line in sig[k : k + 4])
    if _NUMBER.match(a) and _NUMBER.match(b) and label_a == members_label and label_b == comments_label:
        return int(a), int(b)
    return None


def is_author_like(text: str) -> bool:
    """Return whether a line can be an author name (short, not a date, reply, badge or number)."""
    rules = page_rules()
    if not text or len(text) > rules.max_author_length or len(text.split()) > rules.max_author_words:
        return False
    if parse_date(text) or reply_name(text) or is_badge(text) or _NUMBER.match(text):
        return False
    return not text.endswith((".", ":", ";", "?", "!")) or text.endswith(ELLIPSES)


def is_truncated_name(text: str) -> bool:
    """Return whether a displayed name is cut with an ellipsis."""
    return text.endswith(ELLIPSES)


def name_stem(text: str) -> str:
    """Return a name without its ellipsis, whitespace-collapsed and casefolded, for comparisons."""
    for ellipsis in ELLIPSES:
        text = text.removesuffix(ellipsis)
    return " ".join(text.split()).casefold()
