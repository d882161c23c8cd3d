"""Plain Python values of RDF terms, for JSON and CSV output (defined in gcmkg.store.values)."""

from __future__ import annotations

from gcmkg.store.values import FLOATS, INTEGERS, XSD, JsonValue, integer, number, plain, text

__all__ = ["FLOATS", "INTEGERS", "XSD", "JsonValue", "integer", "number", "plain", "text"]
