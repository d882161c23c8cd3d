"""Who recommends: accounts resolved on evidence, signatures, self-identification, name suffixes."""

from __future__ import annotations

import re
from functools import cache

from gcmkg import registry
from gcmkg.registry import OrganizationEntry
from ingest.extract.matching import TOKEN, first_token, name_regex

_ORG_WORDS = re.compile(
    r"\b(?:Commis\w*|Council|Network|Netw\w*|Organi[sz]ation|Union|Cent(?:re|er)|Institute|University|Federation|"
    r"Association|Committee|Foundation|Ministry|Office|Agency|Programme|Secretariat|Mechanism|Comisión|Comité)",
    re.IGNORECASE,
)
_TITLES = re.compile(r"^(?:Professor|Prof\.|Dr\.?|Mr\.?|Ms\.?|Mrs\.?)\s+")
_SELF_VERBS = (
    r"(?:developed|worked|is committed|emphasi[sz]es|believes|contributes|supports|submits|collaborated|"
    r"offers|"
    r"has built|develops|increased|is a non-profit|is an? \w+ organi[sz]ation)"
)
_THANKS = re.compile(
    r"^(?:Muchas gracias|Gracias|Thank you|Thanks|Merci)\s+(?:a\s+)?"
    r"([A-ZÀ-Ý][\w-]+(?:\s+[A-ZÀ-Ý][\w-]+){1,3})"
)
_STATE_OFFICIAL = re.compile(r"\b(?:our|nuestro|notre)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@cache
def _org_names() -> tuple[tuple[OrganizationEntry, re.Pattern[str], str], ...]:
    """Return (organisation, name pattern, first word of the name) for every name, longest pattern first."""
    found = []
    for entry in registry.organizations():
        for name in {entry.acronym, entry.name, *entry.aliases}:
            if len(name) >= 2 and "…" not in name:
                found.append((entry, name_regex(name), first_token(name)))
    found.sort(key=lambda item: -len(item[1].pattern))
    return tuple(found)


@cache
def _org_patterns() -> tuple[tuple[OrganizationEntry, re.Pattern[str]], ...]:
    return tuple((entry, pattern) for entry, pattern, _token in _org_names())


def _org_candidates(sentence: str) -> list[tuple[OrganizationEntry, re.Pattern[str]]]:
    """Return the organisation patterns, in order, whose name's first word is a word of the sentence.

    A name matches only where its first word stands as a whole token, so the others cannot match: the same
    first hit as trying every pattern, without searching the sentence ~500 times.
    """
    tokens = set(TOKEN.findall(sentence.casefold()))
    tokens.add("")
    return [(entry, pattern) for entry, pattern, token in _org_names() if token in tokens]


def organization_named(text: str) -> OrganizationEntry | None:
    """Return the registry organisation whose acronym, name or alias is exactly text."""
    stripped = text.strip()
    first = first_token(stripped)  # a name equal to the text starts with the text's first word
    for entry, pattern, token in _org_names():
        if token in (first, "") and pattern.fullmatch(stripped):
            return entry
    return None


def _org_at_start(sentence: str) -> tuple[OrganizationEntry, str] | None:
    """Return the organisation that is the subject of a self-identifying sentence, with the sentence."""
    for entry, pattern in _org_candidates(sentence):
        match = pattern.search(sentence)
        if match is None or match.start() > 60:
            continue
        rest = sentence[match.end() :]
        if re.match(
            r"(?:\s*\([^)]*\))?(?:\s*[–—-][^–—]{0,200}[–—-])?\s+(?:also\s+)?" + _SELF_VERBS, rest
        ) or re.match(r"^\W*As\s*$", sentence[: match.start()]):
            return entry, sentence.strip()
    return None


def self_identification(body: str) -> tuple[OrganizationEntry, str] | None:
    """Return the organisation a body speaks for ('<org> developed ...', 'As <org> ...') with evidence."""
    for match in _SENTENCE.finditer(body):
        found = _org_at_start(match.group(0).lstrip(" •-\t"))
        if found:
            return found
    return _url_self_identification(body)


def _url_self_identification(body: str) -> tuple[OrganizationEntry, str] | None:
    """Return the organisation of a sentence 'Our <document> ... https://<acronym>.org/...'."""
    for sentence in body.splitlines():
        url = re.search(r"https?://(?:www\.)?([a-z0-9-]+)\.", sentence)
        if url and re.match(r"\s*Our\b", sentence):
            entry = organization_named(url.group(1).upper())
            if entry:
                return entry, sentence.strip()
    return None


def name_suffix(display_name: str) -> tuple[str, OrganizationEntry] | None:
    """Return (person, organisation) for names such as 'Kristin Eitel, IOM' or 'Monika Peruffo UNDP'."""
    match = re.match(r"^(.+?)(?:,\s*|\s+)([A-Z][A-Za-z-]{1,9})$", display_name.strip())
    if match:
        entry = organization_named(match.group(2))
        if entry and len(match.group(1).split()) >= 2:
            return match.group(1).strip(), entry
    return None


def is_organization_name(display_name: str) -> bool:
    """Return True when a display name is an organisation's (registry match or organisation word)."""
    return organization_named(display_name) is not None or bool(_ORG_WORDS.search(display_name))


def signature(body: str) -> list[tuple[str, str]]:
    """Return (person, organisation) pairs of a signature line '--Prof. A (Org X) and Prof. B (Org Y)'."""
    for line in reversed(body.splitlines()):
        if re.match(r"\s*(?:--|—)", line):
            parts = re.findall(r"([^()&]+?)\s*\(([^()]+)\)", line.strip().lstrip("-— "))
            return [(_TITLES.sub("", re.sub(r"^(?:and|&)\s+", "", p.strip())), o.strip()) for p, o in parts]
    return []


def _org_of(name: str) -> OrganizationEntry | None:
    entry = organization_named(name)
    if entry is None and "," in name:
        entry = organization_named(name.split(",")[0])
    return entry
