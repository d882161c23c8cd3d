"""Recommenders and affiliations of each comment, each with method, confidence and evidence."""

from __future__ import annotations

import re

from gcmkg import registry
from ingest.extract.actors import (
    _THANKS,
    _org_of,
    is_organization_name,
    name_suffix,
    organization_named,
    self_identification,
    signature,
)
from ingest.extract.countries import countries
from ingest.extract.records import ActorResolution, Affiliation
from ingest.records import Comment, Page

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_OURS = re.compile(r"\b(?:our|nuestro|notre)\b", re.IGNORECASE)
_PRACTICE_VERB = re.compile(r"\b(?:has|have) (?:established|implemented|adopted|launched|introduced)\b")


def _resolve_truncated(comment: Comment, page: Page) -> ActorResolution | None:
    """Return the organisation a truncated account name stands for, when the account's own comments say it."""
    prefix = comment.author_display.rstrip("…").strip()
    own = [c for c in page.comments if c.author_display == comment.author_display]
    pattern = re.compile(re.escape(prefix) + r"[\w ]{0,60}?\s*\(([A-Z][A-Za-z.]{1,10})\)[^.]*\.?")
    for other in own:
        match = pattern.search(other.body)
        entry = organization_named(match.group(1)) if match else None
        if match and entry:
            name = match.group(0).split("(")[0].strip()
            return ActorResolution(
                name,
                comment.author_display,
                "Organization",
                entry.org_class,
                entry.key,
                False,
                "body-self-identification",
                0.9,
                match.group(0).strip(),
            )
    return None


def account_actor(comment: Comment, page: Page) -> ActorResolution:
    """Return the comment's author account, typed and resolved only on the page's evidence."""
    display = comment.author_display
    if comment.author_truncated:
        resolved = _resolve_truncated(comment, page)
        if resolved:
            return resolved
        kind = "Organization" if is_organization_name(display) else "Person"
        return ActorResolution(
            display, display, kind, None, None, True, "account", 0.5, "name as shown (truncated)"
        )
    entry = organization_named(display)
    if entry:
        return ActorResolution(
            entry.name, display, "Organization", entry.org_class, entry.key, False, "account", 1.0, display
        )
    suffix = name_suffix(display)
    person = suffix[0] if suffix else display
    kind = "Organization" if is_organization_name(person) else "Person"
    return ActorResolution(person, display, kind, None, None, False, "account", 1.0, display)


def _org_affiliation(
    person: str, entry_key: str, method: str, confidence: float, evidence: str
) -> Affiliation:
    entry = next(e for e in registry.organizations() if e.key == entry_key)
    return Affiliation(person, entry.name, entry.key, entry.org_class, method, confidence, evidence)


def _state(comment: Comment) -> tuple[str, str] | None:
    """Return (ISO2, sentence) when a writer speaks for a State ('Australia has established ... our ...')."""
    for match in _SENTENCE.finditer(comment.body):
        sentence = match.group(0).strip()
        if not _OURS.search(sentence) or not _PRACTICE_VERB.search(sentence):
            continue
        found = countries(sentence)
        if found and found[0].start < 5:
            return found[0].iso2, sentence
    return None


def _state_name(iso2: str) -> str:
    return next(e.names.get("en", iso2) for e in registry.countries() if e.iso2 == iso2)


def _may_be_person(name: str, account: ActorResolution) -> bool:
    """Return whether a signature name may be a person: not an organisation, not an organisation account."""
    if organization_named(name) is not None:
        return False
    return not (account.actor_type != "Person" and name in (account.name, account.display_name))


def comment_actors(
    comment: Comment, page: Page
) -> tuple[tuple[ActorResolution, ...], tuple[Affiliation, ...]]:
    """Return the recommenders (account first) and the affiliations the page gives evidence for."""
    account = account_actor(comment, page)
    actors, affiliations = [account], []
    person = account.name if account.actor_type == "Person" else None
    suffix = name_suffix(comment.author_display)
    if person and suffix:
        affiliations.append(
            _org_affiliation(person, suffix[1].key, "name-suffix", 0.95, comment.author_display)
        )
    signed = [(name, org) for name, org in signature(comment.body) if _may_be_person(name, account)]
    for name, org in signed:
        entry = _org_of(org)
        if name != person:
            actors.append(ActorResolution(name, "", "Person", None, None, False, "signature", 0.9, org))
        if entry:
            affiliations.append(_org_affiliation(name, entry.key, "signature", 0.9, f"{name} ({org})"))
        else:
            affiliations.append(
                Affiliation(name, org.split(",")[0].strip(), None, None, "signature", 0.9, f"{name} ({org})")
            )
    if person and not suffix and not signed:
        found = self_identification(comment.body)
        if found:
            affiliations.append(_org_affiliation(person, found[0].key, "self-identification", 0.8, found[1]))
    state = _state(comment) if person else None
    if state and person:
        iso2, sentence = state
        actors.append(
            ActorResolution(
                _state_name(iso2), "", "State", "State", iso2, False, "state-official", 0.7, sentence
            )
        )
        affiliations.append(
            Affiliation(person, _state_name(iso2), iso2, "State", "state-official", 0.7, sentence)
        )
    return tuple(actors), tuple(affiliations)


def reply_namings(
    page: Page, accounts: dict[str, ActorResolution]
) -> dict[str, tuple[ActorResolution, Affiliation]]:
    """Return parent key -> (person, affiliation) when a reply names the person behind an org account."""
    found = {}
    for comment in page.comments:
        parent = accounts.get(comment.parent or "")
        match = _THANKS.match(comment.body.strip())
        if (
            parent is None
            or match is None
            or parent.actor_type != "Organization"
            or parent.registry_key is None
        ):
            continue
        name = match.group(1)
        evidence = match.group(0)
        person = ActorResolution(name, "", "Person", None, None, False, "reply-naming", 0.6, evidence)
        affiliation = _org_affiliation(name, parent.registry_key, "reply-naming", 0.6, evidence)
        found[comment.parent or ""] = (person, affiliation)
    return found
