"""Human-readable HTML documentation of the ontology, generated with pyLODE (OntPub profile).

pyLODE iterates over sets, so its output order varies between runs: `write_docs` renders in a child
process with PYTHONHASHSEED=0 (which also keeps pyLODE's root-logger set-up out of the caller), and
the members of each union ("A or B") are sorted afterwards, so the committed file is reproducible.
pyLODE 3.4.1 reads its own pyproject.toml at import time, a file its wheel does not ship;
`_import_ontpub` supplies the version from the installed metadata instead.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from gcmkg.errors import GcmkgError
from gcmkg.resources import DOCS_DIR, ontology_file

_CELL = re.compile(r"(<td>\n)(.*?)(\n\s*</td>)", re.S)
_OR = re.compile(r'\n\s*<span class="cardinality">or</span>\n')


class DocsError(GcmkgError):
    """The ontology documentation could not be generated."""


def docs_file() -> Path:
    """Return the path of the generated ontology documentation."""
    return DOCS_DIR / "ontology" / "index.html"


def _import_ontpub() -> Any:
    """Return pyLODE's OntPub class, working around pyLODE 3.4.1's import-time read of pyproject.toml."""
    try:
        return importlib.import_module("pylode").OntPub
    except FileNotFoundError:
        for name in [n for n in sys.modules if n == "pylode" or n.startswith("pylode.")]:
            del sys.modules[name]
        shim = types.ModuleType("pylode.version")
        shim.__dict__["__version__"] = importlib.metadata.version("pylode")
        sys.modules["pylode.version"] = shim
        return importlib.import_module("pylode").OntPub


def _sorted_cell(match: re.Match[str]) -> str:
    """Return a table cell with the members of its union in sorted order."""
    separators = _OR.findall(match.group(2))
    if not separators:
        return match.group(0)
    parts = sorted(_OR.split(match.group(2)), key=str.strip)
    body = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=True))
    return match.group(1) + body + match.group(3)


def sort_unions(html: str) -> str:
    """Return pyLODE's HTML with every "A or B" cell listed in a stable order."""
    return _CELL.sub(_sorted_cell, html)


def docs_graph(source: Path) -> Graph:
    """Return the ontology for display, French and Spanish labels moved into the English comment.

    pyLODE prints all rdfs:label values of a term run together ("StateEstadoÉtat").
    """
    graph = Graph().parse(source, format="turtle")
    foreign: dict[URIRef, list[Literal]] = {}
    for term, label in list(graph.subject_objects(RDFS.label)):
        if isinstance(term, URIRef) and isinstance(label, Literal) and label.language not in (None, "en"):
            graph.remove((term, RDFS.label, label))
            foreign.setdefault(term, []).append(label)
    for term, labels in foreign.items():
        ordered = sorted(labels, key=lambda label: (label.language or "", str(label)))
        _append_comment(graph, term, "Labels: " + "; ".join(f"{x.language} «{x}»" for x in ordered) + ".")
    return graph


def _append_comment(graph: Graph, term: URIRef, sentence: str) -> None:
    """Append `sentence` to the English rdfs:comment of `term` (or add one)."""
    english = [c for c in graph.objects(term, RDFS.comment) if isinstance(c, Literal) and c.language == "en"]
    for comment in english:
        graph.remove((term, RDFS.comment, comment))
    text = " ".join([*(str(c) for c in english), sentence])
    graph.add((term, RDFS.comment, Literal(text, lang="en")))


def render_html(source: Path) -> str:
    """Return the HTML documentation of the ontology in `source` (Turtle), rendered in this process."""
    ontpub = _import_ontpub()
    return sort_unions(str(ontpub(ontology=docs_graph(source)).make_html()))


def write_docs(destination: Path | None = None, source: Path | None = None) -> Path:
    """Render the documentation reproducibly (child process, fixed hash seed) and return the file written."""
    target = destination or docs_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "gcmkg.ontology_docs", str(source or ontology_file()), str(target)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0:
        raise DocsError(f"pyLODE failed on {source or ontology_file()}: {done.stderr.strip()[-2000:]}")
    return target


def main(argv: list[str]) -> int:
    """Render `argv[0]` (ontology Turtle) to `argv[1]` (HTML); the child-process entry of write_docs."""
    source, destination = Path(argv[0]), Path(argv[1])
    destination.write_text(render_html(source), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
