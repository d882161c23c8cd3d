"""The SPARQL 1.1 Service Description of the endpoint, in Turtle."""

from __future__ import annotations

from api import formats

TEMPLATE = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
    formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML .
"""


def service_description(endpoint: str) -> bytes:
    """Return the service description of the endpoint at the given absolute URL."""
    safe = endpoint.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    return TEMPLATE.format(endpoint=safe).encode("utf-8")


__all__ = ["formats", "service_description"]
