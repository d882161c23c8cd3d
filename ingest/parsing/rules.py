"""Layout rules of Hub discussion pages, loaded once from data/parsing/hub_page.json."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from gcmkg.resources import parsing_rules_file


@dataclass(frozen=True)
class PageRules:
    chrome_lines: frozenset[str]
    footer_starts: frozenset[str]
    organiser_prefixes: tuple[str, ...]
    moderator_badges: frozenset[str]
    reply_prefix: str
    read_more: str
    counter_labels: tuple[str, str]
    months: dict[str, int]
    max_author_length: int
    max_author_words: int
    max_title_length: int


@functools.cache
def page_rules() -> PageRules:
    """Return the Hub page layout rules (read from the data file on first use)."""
    raw = json.loads(parsing_rules_file().read_text(encoding="utf-8"))
    members, comments = raw["counter_labels"]
    return PageRules(
        chrome_lines=frozenset(raw["chrome_lines"]),
        footer_starts=frozenset(raw["footer_starts"]),
        organiser_prefixes=tuple(raw["organiser_prefixes"]),
        moderator_badges=frozenset(raw["moderator_badges"]),
        reply_prefix=raw["reply_prefix"],
        read_more=raw["read_more"].casefold(),
        counter_labels=(members, comments),
        months={k: int(v) for k, v in raw["months"].items()},
        max_author_length=int(raw["max_author_length"]),
        max_author_words=int(raw["max_author_words"]),
        max_title_length=int(raw["max_title_length"]),
    )
