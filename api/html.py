"""A plain, escaped HTML view of a resource's triples (the explorer restyles it)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import pyoxigraph as ox

from gcmkg.namespaces import ONTOLOGY_IRI

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
<p>Also as <a href="?format=turtle">Turtle</a>, <a href="?format=jsonld">JSON-LD</a>,
<a href="?format=nt">N-Triples</a>.</p>
<table><thead><tr><th>subject</th><th>property</th><th>value</th></tr></thead><tbody>
{rows}
</tbody></table></body></html>
"""


def local_href(iri: str, base: str) -> str:
    """Return the local path an IRI dereferences at (itself when it is not ours)."""
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    if iri.startswith(ONTOLOGY_IRI):
        return "/ontology#" + iri[len(ONTOLOGY_IRI) :]
    return iri


def cell(term: object, base: str) -> str:
    """Return the escaped HTML of one term (IRIs as links, literals with their language)."""
    if isinstance(term, ox.NamedNode):
        return f'<a href="{escape(local_href(term.value, base))}">{escape(term.value)}</a>'
    if isinstance(term, ox.Literal) and term.language:
        lang = escape(term.language)
        return f'{escape(term.value)} <small lang="{lang}">@{lang}</small>'
    if isinstance(term, ox.Literal):
        return escape(term.value)
    return escape(str(term))


def triples_page(title: str, triples: Iterable[ox.Triple], base: str) -> str:
    """Return the HTML page listing triples."""
    rows = "\n".join(
        "<tr>"
        + "".join(f"<td>{cell(term, base)}</td>" for term in (t.subject, t.predicate, t.object))
        + "</tr>"
        for t in triples
    )
    return PAGE.format(title=escape(title), rows=rows)


def row_html(triple: ox.Triple, base: str) -> str:
    """Return one table row of a triple."""
    cells = (cell(triple.subject, base), cell(triple.predicate, base), cell(triple.object, base))
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
