"""Deterministic IRIs minted from stable keys: the same input gives the same graph, byte for byte."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from gcmkg.namespaces import DEFAULT_BASE


def stable_hash(*keys: object, length: int = 16) -> str:
    """Return a hex digest of the keys, joined unambiguously (length hex characters)."""
    joined = "\x1f".join(unicodedata.normalize("NFC", str(k)) for k in keys)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def slug(text: str, max_length: int = 48) -> str:
    """Return a lowercase ASCII slug of text (accents folded), for readable IRI segments."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return cleaned[:max_length].strip("-") or "x"


def mint(kind: str, local: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI base + kind/local, e.g. mint('objective', '5')."""
    return URIRef(f"{base}{kind}/{local}")


def objective_iri(number: int, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of GCM objective `number` (1..23)."""
    return mint("objective", str(number), base)


def objective_scheme_iri(base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the GCM objectives concept scheme."""
    return URIRef(f"{base}objective")


def action_iri(objective: int, letter: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of lettered action `letter` of objective `objective` (paragraph objective+16)."""
    return mint("objective", f"{objective}/action/{letter.lower()}", base)


def paragraph_iri(paragraph: int, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of GCM paragraph `paragraph`."""
    return mint("gcm/paragraph", str(paragraph), base)


def principle_iri(letter: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of guiding principle 15(letter)."""
    return mint("principle", letter.lower(), base)


def source_key(source: str) -> str:
    """Return the stable key of a source page, from its name (not its content, so edits replace it)."""
    return stable_hash("source", source)


def page_graph_iri(source: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the named graph IRI that holds everything ingested from one source page."""
    return mint("graph", source_key(source), base)


def vocabulary_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """Return the named graph IRI of the ontology and vocabularies."""
    return mint("graph", "vocabularies", base)


def gcm_scheme_iri(base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the concept scheme of the GCM's structure (paragraphs, sections, principles)."""
    return URIRef(f"{base}gcm")


def section_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of GCM section `key` (e.g. 'preamble')."""
    return mint("gcm/section", key, base)


def forum_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of International Migration Review Forum `key` (e.g. 'imrf-2022')."""
    return mint("forum", key, base)


def roundtable_iri(forum: str, number: int, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of round table `number` of review forum `forum`."""
    return mint(f"forum/{forum}/roundtable", str(number), base)


def instrument_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of registry instrument `key` (ontology/registry/instruments.tsv)."""
    return mint("instrument", key, base)


def organization_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of registry organisation `key` (ontology/registry/organizations.tsv)."""
    return mint("org", key, base)


def country_iri(iso2: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the country with ISO 3166-1 alpha-2 code `iso2`."""
    return mint("country", iso2.upper(), base)


def addressee_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of addressee concept `key` (ontology/registry/addressees.tsv)."""
    return mint("addressee", key, base)


def addressee_scheme_iri(base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the addressee concept scheme."""
    return URIRef(f"{base}addressee")
