"""SPARQL 1.1 Protocol conformance: the W3C negative cases and positive content negotiation."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from tests.store.helpers import GKG

SELECT = f"SELECT ?i ?l WHERE {{ ?i a <{GKG}Instrument> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
ASK = "ASK { ?s ?p ?o }"
CONSTRUCT = f"CONSTRUCT {{ ?i a <{GKG}Instrument> }} WHERE {{ ?i a <{GKG}Instrument> }}"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
NT_LITERAL = re.compile(r'(?P<text>"(?:[^"\\]|\\.)*")(?:@[A-Za-z-]+|\^\^<[^>]*>)?')


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method_is_405(sec_client: TestClient, method: str) -> None:
    response = sec_client.request(method, "/sparql", params={"query": ASK}, content=ASK)
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"params": [("query", ASK), ("query", ASK)]}, 400),
        ({"data": {"query": [ASK, ASK]}}, 400),
        ({"data": {"other": "x"}}, 400),
        ({"data": {"update": "CLEAR ALL"}}, 400),
        ({"content": "", "headers": {"Content-Type": DIRECT}}, 400),
        ({"content": ASK, "headers": {"Content-Type": "text/plain"}}, 415),
        ({"content": ASK, "headers": {"Content-Type": "application/sparql-update"}}, 415),
        ({"content": ASK, "headers": {}}, 415),
        ({"content": ASK.encode("utf-16"), "headers": {"Content-Type": DIRECT}}, 400),
        ({"content": ASK, "params": {"query": ASK}, "headers": {"Content-Type": DIRECT}}, 400),
        ({"content": "query=" + "&x=1" * 40, "headers": {"Content-Type": FORM}}, 400),
    ],
    ids=[
        "get-duplicate-query",
        "post-duplicate-query",
        "post-missing-query",
        "post-update-field-only",
        "post-direct-empty",
        "post-wrong-type",
        "post-update-type",
        "post-no-type",
        "post-not-utf8",
        "post-direct-and-url-query",
        "post-too-many-fields",
    ],
)
def test_protocol_negative_cases(sec_client: TestClient, kwargs: dict[str, object], status: int) -> None:
    method = "GET" if "params" in kwargs and "content" not in kwargs else "POST"
    response = sec_client.request(method, "/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert response.json()["error"]


@pytest.mark.parametrize(
    "query",
    ["SELECT * WHERE { ?s ?p }", "SELECT * WHERE { ?s ?p ?o", "ASK {} extra", "SELECT ?x WHERE {} GROUP"],
)
def test_syntax_errors_are_400_in_every_channel(sec_client: TestClient, query: str) -> None:
    for response in (
        sec_client.get("/sparql", params={"query": query}),
        sec_client.post("/sparql", data={"query": query}),
        sec_client.post("/sparql", content=query, headers={"Content-Type": DIRECT}),
    ):
        assert response.status_code == 400, response.text
        assert "syntax" in response.json()["detail"].lower()


def parse_select(media: str, body: bytes) -> set[str]:
    """Return the ?l values of a SELECT result in any results format."""
    text = body.decode("utf-8")
    if media == "application/sparql-results+json":
        return {b["l"]["value"] for b in json.loads(text)["results"]["bindings"]}
    if media == "application/sparql-results+xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ET.fromstring(body)
        return {b.findtext(f"{ns}literal") or "" for b in root.iter(f"{ns}binding") if b.get("name") == "l"}
    if media == "text/csv":
        return {row["l"] for row in csv.DictReader(io.StringIO(text, newline=""))}
    cells = [line.split("\t")[1] for line in text.splitlines()[1:]]
    return {json.loads(NT_LITERAL.fullmatch(cell)["text"]) for cell in cells}  # type: ignore[index]


@pytest.mark.parametrize(
    "media",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_select_content_negotiation(sec_client: TestClient, media: str) -> None:
    response = sec_client.get("/sparql", params={"query": SELECT}, headers={"Accept": f"{media}, */*;q=0.1"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    labels = parse_select(media, response.content)
    default = sec_client.get("/sparql", params={"query": SELECT})
    reference = parse_select("application/sparql-results+json", default.content)
    assert labels == reference and len(labels) >= 2


@pytest.mark.parametrize(
    ("media", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")],
)
def test_construct_content_negotiation(sec_client: TestClient, media: str, rdflib_format: str) -> None:
    response = sec_client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": media})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert len(Graph().parse(data=response.text, format=rdflib_format)) >= 2


def test_ask_and_quality_values(sec_client: TestClient) -> None:
    accept = "application/sparql-results+json;q=0.5, application/sparql-results+xml;q=0.9"
    response = sec_client.get("/sparql", params={"query": ASK}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<boolean>true</boolean>" in response.text


def test_unacceptable_types_are_406(sec_client: TestClient) -> None:
    assert (
        sec_client.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"}).status_code
        == 406
    )
    construct_as_results = {"Accept": "application/sparql-results+json"}
    assert (
        sec_client.get("/sparql", params={"query": CONSTRUCT}, headers=construct_as_results).status_code
        == 406
    )


def test_cors_is_open_for_reading_without_credentials(sec_client: TestClient) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    simple = sec_client.get("/sparql", params={"query": ASK}, headers=origin)
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in simple.headers
    preflight = sec_client.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    refused = sec_client.get("/sparql", params={"query": "CLEAR ALL"}, headers=origin)
    assert refused.status_code == 403 and refused.headers["access-control-allow-origin"] == "*"
