"""Ingest: parse Migration Network Hub pages, extract recommendations, and turn both into RDF."""
