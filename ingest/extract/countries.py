"""Country mentions (names and demonyms in EN/FR/ES) resolved to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re
from functools import cache

from gcmkg import registry
from ingest.extract.matching import Hit, longest_hits, name_regex
from ingest.extract.records import CountryMention


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    for entry in registry.countries():
        names = {*entry.names.values()}
        for name in names:
            if "," not in name:
                patterns.append((entry.iso2, name_regex(name)))
        for alias in entry.aliases:
            if "," not in alias:
                patterns.append((entry.iso2, name_regex(alias, inflect=alias.islower())))
    return tuple(patterns)


@cache
def _organization_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    names = {n for e in registry.organizations() for n in (e.name, *e.aliases) if len(n) > 8 and "…" not in n}
    return tuple(("org", name_regex(n)) for n in names)


def countries(text: str, offset: int = 0) -> tuple[CountryMention, ...]:
    """Return the countries named in text, outside organisation names, offsets shifted by offset."""
    organisations = longest_hits(text, _organization_patterns())
    hits = [h for h in longest_hits(text, _patterns()) if not _inside(h, organisations)]
    return tuple(CountryMention(h.key, h.text, h.start + offset, h.end + offset) for h in hits)


def _inside(hit: Hit, spans: list[Hit]) -> bool:
    """Return True when hit lies in an organisation name proper (a ', Country' qualifier is not the name)."""
    return any(span.start <= hit.start and hit.end <= span.start + len(span.text.split(",")[0]) for span in spans)
