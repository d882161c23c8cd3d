"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against uvicorn on loopback."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.store.helpers import BASE, GKG

pytestmark = pytest.mark.slow
SELECT = f"SELECT ?r WHERE {{ ?r a <{GKG}Recommendation> }} ORDER BY ?r"


def wrapper(server_url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server_url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_json(server_url: str) -> None:
    result = wrapper(server_url, SELECT, JSON).queryAndConvert()
    values = [b["r"]["value"] for b in result["results"]["bindings"]]  # type: ignore[index]
    assert values == [f"{BASE}recommendation/r{n}" for n in range(1, 6)]


def test_sparqlwrapper_select_xml_csv_and_post(server_url: str) -> None:
    xml = wrapper(server_url, SELECT, XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 5  # type: ignore[union-attr]
    csv_client = wrapper(server_url, SELECT, CSV)
    csv_client.setMethod("POST")
    assert csv_client.queryAndConvert().decode().count("\n") == 6  # type: ignore[union-attr]


def test_sparqlwrapper_construct_and_ask(server_url: str) -> None:
    query = f"CONSTRUCT {{ ?i a <{GKG}Instrument> }} WHERE {{ ?i a <{GKG}Instrument> }}"
    graph = wrapper(server_url, query, TURTLE).queryAndConvert()
    assert len(Graph().parse(data=graph, format="turtle")) == 2  # type: ignore[arg-type]
    assert wrapper(server_url, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore(server_url: str) -> None:
    store = SPARQLStore(f"{server_url}/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(SELECT))
    assert [row[0] for row in rows] == [URIRef(f"{BASE}recommendation/r{n}") for n in range(1, 6)]  # type: ignore[index]
    assert (URIRef(f"{BASE}org/ilo"), None, None) in graph
    store.close()
