"""Actor IRIs shared by the thread RDF and the extractor: one actor per display name, minted from the name."""

from __future__ import annotations

import unicodedata

from rdflib import URIRef

from gcmkg.iris import mint, slug, stable_hash
from gcmkg.namespaces import DEFAULT_BASE


def normalise_name(display_name: str) -> str:
    """Return a name NFC-normalised, whitespace-collapsed and casefolded (the actor's identity key)."""
    return " ".join(unicodedata.normalize("NFC", display_name).split()).casefold()


def author_iri(display_name: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the actor shown as display_name: actor/<slug>-<8 hex of the normalised name>."""
    key = normalise_name(display_name)
    return mint("actor", f"{slug(display_name)}-{stable_hash(key, length=8)}", base)
