"""Fixtures for the shape tests: the valid example page graph and a mutation helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

EXAMPLES = Path(__file__).parent / "examples"
PREFIXES = """
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX gkg: <https://w3id.org/gcmkg/ontology#>
PREFIX s1link: <https://w3id.org/gcmkg/id/statement/s1/objective/>
PREFIX o5action: <https://w3id.org/gcmkg/id/objective/5/action/>
PREFIX o6action: <https://w3id.org/gcmkg/id/objective/6/action/>
PREFIX consultation: <https://w3id.org/gcmkg/id/consultation/>
PREFIX question: <https://w3id.org/gcmkg/id/question/>
PREFIX comment: <https://w3id.org/gcmkg/id/comment/>
PREFIX statement: <https://w3id.org/gcmkg/id/statement/>
PREFIX actor: <https://w3id.org/gcmkg/id/actor/>
PREFIX affiliation: <https://w3id.org/gcmkg/id/affiliation/>
PREFIX run: <https://w3id.org/gcmkg/id/run/>
PREFIX source: <https://w3id.org/gcmkg/id/source/>
PREFIX objective: <https://w3id.org/gcmkg/id/objective/>
PREFIX instrument: <https://w3id.org/gcmkg/id/instrument/>
PREFIX country: <https://w3id.org/gcmkg/id/country/>
PREFIX addressee: <https://w3id.org/gcmkg/id/addressee/>
PREFIX principle: <https://w3id.org/gcmkg/id/principle/>
PREFIX paragraph: <https://w3id.org/gcmkg/id/gcm/paragraph/>
PREFIX rt: <https://w3id.org/gcmkg/id/forum/imrf-2022/roundtable/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sioc: <http://rdfs.org/sioc/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="session")
def valid_page() -> Graph:
    return Graph().parse(EXAMPLES / "valid_page.ttl", format="turtle")


def mutated(graph: Graph, update: str) -> Graph:
    """Return a copy of `graph` changed by a SPARQL Update (the project's prefixes declared)."""
    copy = Graph() + graph
    copy.update(PREFIXES + update)
    return copy
