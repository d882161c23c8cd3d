"""Serialisers for query outcomes: SPARQL results (JSON, XML, CSV, TSV) and RDF graphs (Turtle...)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from gcmkg.namespaces import PREFIXES
from gcmkg.store.base import QueryOutcome
from gcmkg.store.terms import OxTerm

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
TRIG = "application/trig"
NQUADS = "application/n-quads"
JSON = "application/json"
HTML = "text/html"

RESULT_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV, JSON)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
RDF_FORMATS = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    JSONLD: ox.RdfFormat.JSON_LD,
    RDFXML: ox.RdfFormat.RDF_XML,
    TRIG: ox.RdfFormat.TRIG,
    NQUADS: ox.RdfFormat.N_QUADS,
}
FORMAT_NAMES = {
    "json": SPARQL_JSON,
    "xml": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "jsonld": JSONLD,
    "rdfxml": RDFXML,
}
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def json_term(term: OxTerm) -> dict[str, str]:
    """Return the SPARQL JSON results form of a term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_sparql_json(outcome: QueryOutcome) -> bytes:
    """Return SPARQL 1.1 Query Results JSON."""
    if outcome.kind == "ask":
        return json.dumps({"head": {}, "boolean": outcome.boolean}).encode()
    bindings = [
        {name: json_term(term) for name, term in zip(outcome.variables, row, strict=True) if term is not None}
        for row in outcome.rows
    ]
    document = {"head": {"vars": list(outcome.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _xml_text(text: str) -> str:
    # A bare CR would be read back as LF (XML end-of-line handling): write it as a character reference.
    return escape(XML_ILLEGAL.sub("\ufffd", text), {"\r": "&#13;"})


def xml_safe_triple(triple: ox.Triple) -> ox.Triple:
    """Return the triple with characters XML 1.0 cannot carry in its literal replaced by U+FFFD."""
    obj = triple.object
    if not isinstance(obj, ox.Literal) or not XML_ILLEGAL.search(obj.value):
        return triple
    value = XML_ILLEGAL.sub("\ufffd", obj.value)
    if obj.language:
        return ox.Triple(triple.subject, triple.predicate, ox.Literal(value, language=obj.language))
    safe = ox.Literal(value, datatype=obj.datatype)
    return ox.Triple(triple.subject, triple.predicate, safe)


def xml_term(term: OxTerm) -> str:
    """Return the SPARQL XML results element of a term."""
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(term.value)}</literal>"


def to_sparql_xml(outcome: QueryOutcome) -> bytes:
    """Return SPARQL Query Results XML."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    ]
    parts.append(
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in outcome.variables) + "</head>"
    )
    if outcome.kind == "ask":
        parts.append(f"<boolean>{'true' if outcome.boolean else 'false'}</boolean>")
    else:
        parts.append("<results>")
        for row in outcome.rows:
            cells = "".join(
                f"<binding name={quoteattr(name)}>{xml_term(term)}</binding>"
                for name, term in zip(outcome.variables, row, strict=True)
                if term is not None
            )
            parts.append(f"<result>{cells}</result>")
        parts.append("</results>")
    parts.append("</sparql>\n")
    return "\n".join(parts).encode("utf-8")


def to_csv(outcome: QueryOutcome) -> bytes:
    """Return SPARQL 1.1 CSV results (plain values, CRLF lines, quoted when needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if outcome.kind == "ask":
        writer.writerows([["_askResult"], ["true" if outcome.boolean else "false"]])
    else:
        writer.writerow(outcome.variables)
        writer.writerows(["" if term is None else term.value for term in row] for row in outcome.rows)
    return buffer.getvalue().encode("utf-8")


def to_tsv(outcome: QueryOutcome) -> bytes:
    """Return SPARQL 1.1 TSV results (terms in N-Triples syntax, so tabs and newlines are escaped)."""
    if outcome.kind == "ask":
        return f"?_askResult\n{'true' if outcome.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in outcome.variables)]
    lines.extend("\t".join("" if term is None else str(term) for term in row) for row in outcome.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


RESULT_WRITERS = {
    SPARQL_JSON: to_sparql_json,
    JSON: to_sparql_json,
    SPARQL_XML: to_sparql_xml,
    CSV: to_csv,
    TSV: to_tsv,
}


def serialize_results(outcome: QueryOutcome, media: str) -> bytes:
    """Return a SELECT/ASK outcome in the given results media type."""
    return RESULT_WRITERS[media](outcome)


def serialize_triples(triples: Iterable[ox.Triple], media: str) -> bytes:
    """Return triples in an RDF media type, sorted so the output is stable."""
    ordered = sorted(triples, key=str)
    if media == RDFXML:  # pyoxigraph writes control characters raw, which no XML parser accepts
        ordered = [xml_safe_triple(triple) for triple in ordered]
    data = ox.serialize(ordered, format=RDF_FORMATS[media], prefixes=_prefixes(media))
    if media == RDFXML and isinstance(data, bytes):
        return data.replace(b"\r", b"&#13;")  # a raw CR only comes from a literal; keep it through parsing
    return data if isinstance(data, bytes) else b""


def _prefixes(media: str) -> dict[str, str] | None:
    return PREFIXES if media in (TURTLE, TRIG, RDFXML, JSONLD) else None


def content_type(media: str) -> str:
    """Return the Content-Type header for a media type (charset added to textual types)."""
    if media.endswith("json"):
        return media
    return f"{media}; charset=utf-8"
