"""The HTTP API: SPARQL 1.1 endpoint, stored queries, REST resources, linked data, exports and explorer."""
