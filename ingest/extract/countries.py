"""Country mentions (names and demonyms in EN/FR/ES) resolved to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

from functools import cache

from gcmkg import registry
from ingest.extract.matching import Hit, Table, longest_hits, table
from ingest.extract.records import CountryMention


@cache
def _patterns() -> Table:
    patterns = []
    for entry in registry.countries():
        names = {*entry.names.values()}
        for name in names:
            if "," not in name:
                patterns.append((entry.iso2, name, False))
        for alias in entry.aliases:
            if "," not in alias:
                patterns.append((entry.iso2, alias, alias.islower()))
    return table(patterns)


@cache
def _organization_patterns() -> Table:
    names = {n for e in registry.organizations() for n in (e.name, *e.aliases) if len(n) > 8 and "…" not in n}
    return table(("org", n, False) for n in names)


def countries(text: str, offset: int = 0) -> tuple[CountryMention, ...]:
    """Return the countries named in text, outside organisation names, offsets shifted by offset."""
    organisations = longest_hits(text, _organization_patterns())
    hits = [h for h in longest_hits(text, _patterns()) if not _inside(h, organisations)]
    return tuple(CountryMention(h.key, h.text, h.start + offset, h.end + offset) for h in hits)


def _inside(hit: Hit, spans: list[Hit]) -> bool:
    """Return True when hit lies in an organisation name proper (a ', Country' qualifier is not the name)."""
    return any(
        span.start <= hit.start and hit.end <= span.start + len(span.text.split(",")[0]) for span in spans
    )
