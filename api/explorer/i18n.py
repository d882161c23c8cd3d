"""Interface labels in English, French and Spanish, read from messages.tsv; the language comes from ?lang=."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache

from gcmkg.errors import GcmkgError
from gcmkg.resources import explorer_file

LANGS = ("en", "fr", "es")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


class MissingMessage(GcmkgError):
    """A template asked for a label the messages file does not define."""


@cache
def messages() -> Mapping[str, Mapping[str, str]]:
    """Return the labels by language then key (read once from messages.tsv)."""
    path = explorer_file("messages.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    table = {lang: {row["key"]: row[lang] for row in rows} for lang in LANGS}
    empty = [f"{row['key']}/{lang}" for row in rows for lang in LANGS if not (row.get(lang) or "").strip()]
    if empty:
        raise MissingMessage(f"{path}: empty labels {empty}")
    return table


def pick_lang(value: str | None) -> str:
    """Return the interface language asked for (en, fr or es), English when absent or unknown."""
    return value if value in LANGS else DEFAULT_LANG


def translate(lang: str, key: str) -> str:
    """Return the label `key` in `lang`; raise MissingMessage when the key is not defined."""
    table = messages()[pick_lang(lang)]
    if key not in table:
        raise MissingMessage(f"messages.tsv has no key {key!r}")
    return table[key]
