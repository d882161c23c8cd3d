"""Helpers shared by the resource services: run a stored query as records, IRIs to local ids."""

from __future__ import annotations

from collections.abc import Mapping

from api.services.stored import run_stored
from api.services.values import text
from gcmkg.config import Settings
from gcmkg.store import GraphStore
from gcmkg.store.terms import OxTerm

Record = dict[str, OxTerm]


def records(
    store: GraphStore, settings: Settings, name: str, raw: Mapping[str, str | None] | None = None
) -> list[Record]:
    """Return the rows of stored query `name` as dicts of bound terms."""
    return run_stored(store, settings, name, raw or {}).records()


def local_id(iri: str, base: str) -> str:
    """Return the part of an IRI after the id base (the whole IRI when it is not under the base)."""
    return iri[len(base) :] if iri.startswith(base) else iri


def iri_list(record: Record, key: str) -> list[str]:
    """Return the space-separated IRIs of a GROUP_CONCAT column, sorted."""
    return sorted(part for part in text(record.get(key)).split(" ") if part)


def int_list(record: Record, key: str) -> list[int]:
    """Return the space-separated integers of a GROUP_CONCAT column, sorted."""
    return sorted({int(part) for part in text(record.get(key)).split() if part.isdigit()})
