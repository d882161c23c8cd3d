"""The SPARQL 1.1 Protocol endpoint: methods, every result format parsed back, rejections and limits."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.app import create_app
from gcmkg.config import Settings
from tests.store.helpers import GKG

SELECT = f"SELECT ?r ?t WHERE {{ ?r a <{GKG}Recommendation> ; <{GKG}text> ?t }} ORDER BY ?r"
CONSTRUCT = f"CONSTRUCT {{ ?i ?p ?o }} WHERE {{ ?i a <{GKG}Instrument> ; ?p ?o }}"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def get(client: TestClient, query: str, accept: str | None = None) -> tuple[int, str, bytes]:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": query}, headers=headers)
    return response.status_code, response.headers.get("content-type", ""), response.content


def test_select_json_is_the_default(client: TestClient) -> None:
    status, media, body = get(client, SELECT)
    assert (status, media) == (200, "application/sparql-results+json")
    document = json.loads(body)
    assert document["head"]["vars"] == ["r", "t"]
    texts = {b["t"]["value"]: b["t"].get("xml:lang") for b in document["results"]["bindings"]}
    assert len(texts) == 5 and set(texts.values()) == {"en", "fr", "es"}


def test_select_xml_parses_with_etree(client: TestClient) -> None:
    status, _media, body = get(client, SELECT, "application/sparql-results+xml")
    root = ET.fromstring(body)
    results = root.findall(f"{RESULTS_NS}results/{RESULTS_NS}result")
    assert status == 200 and len(results) == 5
    langs = {
        lit.get("{http://www.w3.org/XML/1998/namespace}lang") for lit in root.iter(f"{RESULTS_NS}literal")
    }
    assert langs == {"en", "fr", "es"}


def test_select_csv_parses_with_csv_module(client: TestClient) -> None:
    status, media, body = get(client, SELECT, "text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert status == 200 and media.startswith("text/csv")
    assert rows[0] == ["r", "t"] and len(rows) == 6
    assert any("États" in row[1] for row in rows[1:])


def test_select_tsv_has_terms_in_ntriples_syntax(client: TestClient) -> None:
    status, _media, body = get(client, SELECT, "text/tab-separated-values")
    lines = body.decode("utf-8").splitlines()
    assert status == 200 and lines[0].split("\t") == ["?r", "?t"]
    assert all(line.split("\t")[0].startswith("<https://") for line in lines[1:])
    assert any(line.endswith('"@fr') for line in lines[1:])


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # rdflib's JSON-LD parser
def test_construct_formats_parse_with_rdflib(client: TestClient, accept: str, rdflib_format: str) -> None:
    status, media, body = get(client, CONSTRUCT, accept)
    graph = Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    assert status == 200 and media.startswith(accept)
    assert len(graph) == 8
    assert (URIRef("https://w3id.org/gcmkg/id/instrument/ilo-c181"), None, None) in graph


def test_ask_in_json_and_xml(client: TestClient) -> None:
    assert json.loads(get(client, "ASK { ?s ?p ?o }")[2])["boolean"] is True
    root = ET.fromstring(get(client, "ASK { <urn:x> ?p ?o }", "application/sparql-results+xml")[2])
    assert root.find(f"{RESULTS_NS}boolean").text == "false"  # type: ignore[union-attr]


def test_post_form_and_post_body(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": SELECT})
    body = client.post("/sparql", content=SELECT, headers={"Content-Type": "application/sparql-query"})
    assert form.status_code == body.status_code == 200
    assert form.json() == body.json()
    assert form.headers["vary"] == "Accept"


def test_service_description_on_get_without_query(client: TestClient) -> None:
    response = client.get("/sparql")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert response.status_code == 200
    assert (None, URIRef(f"{sd}supportedLanguage"), URIRef(f"{sd}SPARQL11Query")) in graph


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403),
        ("DELETE WHERE { ?s ?p ?o }", 403),
        ("LOAD <http://127.0.0.1:9/x.ttl>", 403),
        ("CLEAR ALL", 403),
        ("DROP GRAPH <urn:g>", 403),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403),
        ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", 403),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 403),
        ("SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }", 403),
        ("SELEKT * WHERE { ?s ?p ?o }", 400),
        ("", 400),
        ("SELECT * WHERE " + "{" * 500 + "}" * 500, 400),
    ],
)
def test_rejections_after_parsing(client: TestClient, query: str, status: int) -> None:
    for response in (
        client.get("/sparql", params={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == status, response.text
        assert response.json()["error"] == "query_rejected"


def test_a_comment_mentioning_service_is_not_rejected(client: TestClient) -> None:
    query = "# SERVICE <http://x> and FROM <y> and INSERT are only words here\nASK { ?s ?p 'SERVICE' }"
    assert get(client, query)[0] == 200


def test_dataset_parameters_are_rejected(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT, "default-graph-uri": "http://127.0.0.1:9/g"})
    assert response.status_code == 403


def test_protocol_errors(client: TestClient) -> None:
    assert get(client, SELECT, "image/png")[0] == 406
    assert get(client, CONSTRUCT, "application/sparql-results+json")[0] == 406
    wrong_type = client.post("/sparql", content=SELECT, headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    twice = client.get("/sparql", params=[("query", SELECT), ("query", SELECT)])
    assert twice.status_code == 400


def test_result_limit_is_reported(tmp_path: Path, settings: Settings) -> None:
    limited = settings.model_copy(update={"max_results": 3})
    with TestClient(create_app(limited)) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 413
    assert response.json()["error"] == "result_too_large"


def test_time_limit_is_reported(settings: Settings) -> None:
    limited = settings.model_copy(update={"query_timeout_s": 0.2, "max_results": 10**9})
    with TestClient(create_app(limited)) as client:
        response = client.get(
            "/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
        )
    assert response.status_code == 504
    assert response.json()["error"] == "timeout"
