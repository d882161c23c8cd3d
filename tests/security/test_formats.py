"""Every output format stays well-formed and exact for literals holding markup, formulas, quotes, controls."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import RDFS, Graph, Literal

from tests.security.support import NASTY, NASTY_GRAPH
from tests.store.helpers import BASE

SELECT = f"SELECT ?s ?l WHERE {{ GRAPH <{NASTY_GRAPH}> {{ ?s <{RDFS.label}> ?l }} }} ORDER BY ?s"
CONSTRUCT = (
    f"CONSTRUCT {{ ?s <{RDFS.label}> ?l }} WHERE {{ GRAPH <{NASTY_GRAPH}> {{ ?s <{RDFS.label}> ?l }} }}"
)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
NT_CELL = re.compile(r'"((?:[^"\\]|\\.)*)"')


def xml_safe(text: str) -> str:
    """Return text as an XML 1.0 document can carry it (illegal controls become U+FFFD)."""
    return XML_ILLEGAL.sub("\ufffd", text)


def nt_unescape(body: str) -> str:
    """Return the value of an N-Triples string body (ECHAR and UCHAR escapes undone)."""
    return json.loads('"' + body.replace("\\'", "'") + '"')


def fetch(client: TestClient, query: str, accept: str) -> bytes:
    """Return the body of a successful /sparql GET in the accepted format."""
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    return response.content


def test_sparql_json_is_exact(sec_client: TestClient) -> None:
    body = fetch(sec_client, SELECT, "application/sparql-results+json")
    values = [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert sorted(values) == sorted(NASTY)


def test_sparql_xml_parses_and_keeps_everything_xml_can_carry(sec_client: TestClient) -> None:
    body = fetch(sec_client, SELECT, "application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    values = [el.text or "" for el in ET.fromstring(body).iter(f"{ns}literal")]
    assert sorted(values) == sorted(xml_safe(text) for text in NASTY)


def test_csv_round_trips_every_value(sec_client: TestClient) -> None:
    body = fetch(sec_client, SELECT, "text/csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert sorted(row["l"] for row in rows) == sorted(NASTY)
    # Formula-like cells are data, written as-is (see decisions/0010): the reader gets the exact string.
    assert '=HYPERLINK("http://evil.example/","click")' in {row["l"] for row in rows}


def test_tsv_has_one_line_per_row_and_exact_values(sec_client: TestClient) -> None:
    lines = fetch(sec_client, SELECT, "text/tab-separated-values").decode("utf-8").split("\n")
    rows = [line.split("\t") for line in lines[1:] if line]
    assert len(rows) == len(NASTY) and all(len(row) == 2 for row in rows)
    assert sorted(nt_unescape(NT_CELL.match(row[1])[1]) for row in rows) == sorted(NASTY)  # type: ignore[index]


@pytest.mark.parametrize(
    ("accept", "rdflib_format", "exact"),
    [
        ("text/turtle", "turtle", True),
        ("application/n-triples", "nt", True),
        ("application/ld+json", "json-ld", True),
        ("application/rdf+xml", "xml", False),
    ],
)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_graph_formats_parse_back(
    sec_client: TestClient, accept: str, rdflib_format: str, exact: bool
) -> None:
    body = fetch(sec_client, CONSTRUCT, accept).decode("utf-8")
    graph = Graph().parse(data=body, format=rdflib_format)
    values = sorted(str(o) for o in graph.objects(None, RDFS.label))
    expected = sorted(NASTY if exact else (xml_safe(text) for text in NASTY))
    assert values == expected


@pytest.mark.parametrize("index", range(len(NASTY)))
def test_html_view_escapes_literals(sec_client: TestClient, index: int) -> None:
    response = sec_client.get(f"/id/nasty/{index}", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<script>alert" not in page and "<img src=x" not in page and "<![CDATA[" not in page
    assert str(Literal(NASTY[index])) not in page or not set(NASTY[index]) & set("<>&\"'")
    assert f"{BASE}nasty/{index}" in page
