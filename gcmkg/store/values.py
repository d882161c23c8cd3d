"""Plain Python values of RDF terms (for JSON, CSV and the precomputed views)."""

from __future__ import annotations

import pyoxigraph as ox

from gcmkg.store.terms import OxTerm

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {f"{XSD}{name}" for name in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
FLOATS = {f"{XSD}{name}" for name in ("decimal", "double", "float")}

JsonValue = str | int | float | bool | None


def plain(term: OxTerm | None) -> JsonValue:
    """Return the JSON value of a term: IRIs and strings as str, numbers as numbers, booleans as bool."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value
    datatype = term.datatype.value
    try:
        if datatype in INTEGERS:
            return int(term.value)
        if datatype in FLOATS:
            return float(term.value)
    except ValueError:
        return term.value
    if datatype == f"{XSD}boolean":
        return term.value in ("true", "1")
    return term.value


def text(term: OxTerm | None) -> str:
    """Return the lexical value of a term ('' when unbound)."""
    return "" if term is None else term.value


def integer(term: OxTerm | None) -> int | None:
    """Return the integer value of a literal, None when unbound or not a number."""
    value = plain(term)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def number(term: OxTerm | None) -> float | None:
    """Return the numeric value of a literal, None when unbound or not a number."""
    value = plain(term)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
