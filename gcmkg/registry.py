"""Typed access to the project's registries (TSV files in ontology/registry/), the source of the vocabularies.

Each table is tab-separated with a header row; list cells are separated by " ; ". Columns:

- objectives.tsv: number, paragraph, action_count, action_count_status, title_en, title_fr, title_es,
  title_status, short_en, short_fr, short_es, hub_taxonomy_term, roundtable_2022
- organizations.tsv: key, acronym, name, org_class (gkg class local name, e.g. UNEntity), aliases,
  status, note
- instruments.tsv: key, identifier, kind, title, date, aliases, status, note
- countries.tsv: iso2, iso3, name_en, name_fr, name_es, aliases (demonyms and other names in EN/FR/ES)
- addressees.tsv: key, label_en, label_fr, label_es, aliases
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gcmkg.resources import ONTOLOGY_DIR


def registry_file(name: str) -> Path:
    """Return the path of registry table `name` (file stem)."""
    return ONTOLOGY_DIR / "registry" / f"{name}.tsv"


def _rows(name: str) -> list[dict[str, str]]:
    with registry_file(name).open(encoding="utf-8", newline="") as handle:
        return [
            {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle, delimiter="\t")
        ]


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
            number=int(r["number"]),
            paragraph=int(r["paragraph"]),
            action_count=int(r["action_count"]),
            action_count_status=r["action_count_status"],
            titles=_langs(r, "title"),
            title_status=r["title_status"],
            short_labels=_langs(r, "short"),
            hub_taxonomy_term=r["hub_taxonomy_term"],
            roundtable_2022=int(r["roundtable_2022"]),
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
