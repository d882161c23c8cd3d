"""Typed access to the project's registries (TSV files in ontology/registry/), the source of the vocabularies.

Each table is tab-separated with a header row; list cells are separated by " ; ". Columns:

- objectives.tsv: number, paragraph, action_count, action_count_status, title_en, title_fr, title_es,
  title_status, short_en, short_fr, short_es, hub_taxonomy_term, roundtable_2022
- organizations.tsv: key, acronym, name, org_class (gkg class local name, e.g. UNEntity), aliases,
  status, note
- instruments.tsv: key, identifier, kind, title, date, aliases, status, note
- countries.tsv: iso2, iso3, name_en, name_fr, name_es, aliases (demonyms and other names in EN/FR/ES)
- addressees.tsv: key, label_en, label_fr, label_es, aliases
- principles.tsv: letter, label_en, status (the ten guiding principles, GCM paragraph 15 (a)-(j))
- sections.tsv: key, first_paragraph, last_paragraph, label_en, status, note (the GCM's parts)
- forums.tsv: key, label_en, start, end, place, status (International Migration Review Forums)
- roundtables.tsv: forum, number, title_en, status, note (the objectives each reviewed: objectives.tsv)

Statuses: verified (official or primary text), secondary (secondary source only), unverified (a candidate),
project (added by the project from general knowledge: names and acronyms, never identifiers).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gcmkg.errors import GcmkgError
from gcmkg.resources import ONTOLOGY_DIR


class RegistryError(GcmkgError):
    """A registry table is missing, malformed or holds a bad value; the message names the table and row."""


def registry_file(name: str) -> Path:
    """Return the path of registry table `name` (file stem)."""
    return ONTOLOGY_DIR / "registry" / f"{name}.tsv"


def has_table(name: str) -> bool:
    """Return whether registry table `name` exists (countries and addressees are optional)."""
    return registry_file(name).is_file()


def _rows(name: str) -> list[dict[str, str]]:
    path = registry_file(name)
    if not path.is_file():
        raise RegistryError(f"{path}: registry table not found")
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: (v or "").strip() for k, v in row.items() if k is not None}
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def _int(name: str, row: dict[str, str], column: str) -> int:
    """Return the integer in `column` of a row of table `name`, or raise RegistryError naming it."""
    value = row.get(column, "")
    try:
        return int(value)
    except ValueError:
        raise RegistryError(f"{name}.tsv: column {column!r} is not an integer: {value!r} in {row}") from None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(" ; ") if part.strip() and part.strip() != "-")


@dataclass(frozen=True)
class ObjectiveEntry:
    number: int
    paragraph: int
    action_count: int
    action_count_status: str
    titles: dict[str, str]
    title_status: str
    short_labels: dict[str, str]
    hub_taxonomy_term: str
    roundtable_2022: int


@dataclass(frozen=True)
class OrganizationEntry:
    key: str
    acronym: str
    name: str
    org_class: str
    aliases: tuple[str, ...]
    status: str
    note: str


@dataclass(frozen=True)
class InstrumentEntry:
    key: str
    identifier: str
    kind: str
    title: str
    date: str
    aliases: tuple[str, ...]
    status: str
    note: str


@dataclass(frozen=True)
class CountryEntry:
    iso2: str
    iso3: str
    names: dict[str, str]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class AddresseeEntry:
    key: str
    labels: dict[str, str]
    aliases: tuple[str, ...]


def _langs(row: dict[str, str], prefix: str) -> dict[str, str]:
    return {lang: row[f"{prefix}_{lang}"] for lang in ("en", "fr", "es") if row.get(f"{prefix}_{lang}")}


@cache
def objectives() -> tuple[ObjectiveEntry, ...]:
    """Return the 23 GCM objectives, by number."""
    return tuple(
        ObjectiveEntry(
            number=_int("objectives", r, "number"),
            paragraph=_int("objectives", r, "paragraph"),
            action_count=_int("objectives", r, "action_count"),
            action_count_status=r["action_count_status"],
            titles=_langs(r, "title"),
            title_status=r["title_status"],
            short_labels=_langs(r, "short"),
            hub_taxonomy_term=r["hub_taxonomy_term"],
            roundtable_2022=_int("objectives", r, "roundtable_2022"),
        )
        for r in _rows("objectives")
    )


@cache
def organizations() -> tuple[OrganizationEntry, ...]:
    """Return the organisation registry."""
    return tuple(
        OrganizationEntry(
            key=r["key"],
            acronym=r["acronym"],
            name=r["name"],
            org_class=r["org_class"],
            aliases=_split(r["aliases"]),
            status=r["status"],
            note=r.get("note", ""),
        )
        for r in _rows("organizations")
    )


@cache
def instruments() -> tuple[InstrumentEntry, ...]:
    """Return the instrument registry."""
    return tuple(
        InstrumentEntry(
            key=r["key"],
            identifier=r["identifier"],
            kind=r["kind"],
            title=r["title"],
            date=r["date"],
            aliases=_split(r["aliases"]),
            status=r["status"],
            note=r.get("note", ""),
        )
        for r in _rows("instruments")
    )


@cache
def countries() -> tuple[CountryEntry, ...]:
    """Return the country registry (ISO 3166-1)."""
    return tuple(
        CountryEntry(iso2=r["iso2"], iso3=r["iso3"], names=_langs(r, "name"), aliases=_split(r["aliases"]))
        for r in _rows("countries")
    )


@cache
def addressees() -> tuple[AddresseeEntry, ...]:
    """Return the addressee vocabulary (who a recommendation asks to act)."""
    return tuple(
        AddresseeEntry(key=r["key"], labels=_langs(r, "label"), aliases=_split(r["aliases"]))
        for r in _rows("addressees")
    )


@dataclass(frozen=True)
class PrincipleEntry:
    letter: str
    label_en: str
    status: str


@dataclass(frozen=True)
class SectionEntry:
    key: str
    first_paragraph: int
    last_paragraph: int
    label_en: str
    status: str
    note: str


@dataclass(frozen=True)
class ForumEntry:
    key: str
    label_en: str
    start: str
    end: str
    place: str
    status: str


@dataclass(frozen=True)
class RoundTableEntry:
    forum: str
    number: int
    title_en: str
    status: str
    note: str


@cache
def principles() -> tuple[PrincipleEntry, ...]:
    """Return the ten guiding principles (paragraph 15 (a)-(j))."""
    return tuple(PrincipleEntry(r["letter"], r["label_en"], r["status"]) for r in _rows("principles"))


@cache
def sections() -> tuple[SectionEntry, ...]:
    """Return the GCM's sections with their paragraph ranges."""
    return tuple(
        SectionEntry(
            key=r["key"],
            first_paragraph=_int("sections", r, "first_paragraph"),
            last_paragraph=_int("sections", r, "last_paragraph"),
            label_en=r["label_en"],
            status=r["status"],
            note=r.get("note", ""),
        )
        for r in _rows("sections")
    )


@cache
def forums() -> tuple[ForumEntry, ...]:
    """Return the International Migration Review Forums."""
    return tuple(
        ForumEntry(r["key"], r["label_en"], r["start"], r["end"], r["place"], r["status"])
        for r in _rows("forums")
    )


@cache
def roundtables() -> tuple[RoundTableEntry, ...]:
    """Return the review forums' round tables."""
    return tuple(
        RoundTableEntry(
            r["forum"], _int("roundtables", r, "number"), r["title_en"], r["status"], r.get("note", "")
        )
        for r in _rows("roundtables")
    )
