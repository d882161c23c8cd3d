"""SHACL validation of a graph against the project's shapes (pyshacl).

The data graph is validated together with a context graph: the ontology's class hierarchy (so that
`sh:targetClass`/`sh:class` see subclasses, without running RDFS inference) and the committed
vocabularies (so that links to objectives, registry organisations, instruments, countries and
addressees can be checked with `sh:class`). Only the data graph's own nodes are focus nodes: the
vocabularies are validated once, by `validate_vocabularies()` (run by `gcmkg check` and the tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from gcmkg.errors import ShapeViolation
from gcmkg.namespaces import DEFAULT_BASE
from gcmkg.resources import ontology_file, shape_files, vocabulary_files
from gcmkg.vocabularies import load_files

DEFAULT_BASE_PATTERN = "^" + re.escape(DEFAULT_BASE)
NO_BLANK_NODE_SHAPE = URIRef("https://w3id.org/gcmkg/shapes#NoBlankNodeShape")


@dataclass(frozen=True)
class Violation:
    """One result of a SHACL report."""

    focus_node: str
    path: str
    component: str  # local name, e.g. "MinCountConstraintComponent"
    message: str
    severity: str  # local name, e.g. "Violation"


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validating one graph."""

    conforms: bool
    report: str
    violations: tuple[Violation, ...]

    def raise_if_invalid(self, source: str) -> None:
        """Raise ShapeViolation naming `source` when the graph does not conform."""
        if not self.conforms:
            raise ShapeViolation(source, self.report)


def _rebase(shapes: Graph, base: str) -> Graph:
    """Return the shapes with every sh:pattern anchored on the default base re-anchored on `base`."""
    if base == DEFAULT_BASE:
        return shapes
    new_prefix = "^" + re.escape(base)
    for node, pattern in list(shapes.subject_objects(SH.pattern)):
        text = str(pattern)
        if text.startswith(DEFAULT_BASE_PATTERN):
            shapes.remove((node, SH.pattern, pattern))
            shapes.add((node, SH.pattern, Literal(new_prefix + text[len(DEFAULT_BASE_PATTERN) :])))
    return shapes


@cache
def shapes_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the union of the SHACL shape files (patterns re-anchored on `base`), cached."""
    return _rebase(load_files(shape_files()), base)


@cache
def class_hierarchy() -> Graph:
    """Return the ontology's named rdfs:subClassOf triples (what sh:class needs, without inference)."""
    ontology = Graph().parse(ontology_file(), format="turtle")
    hierarchy = Graph()
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            hierarchy.add((sub, RDFS.subClassOf, sup))
    return hierarchy


@cache
def context_graph() -> Graph:
    """Return the class hierarchy plus the committed vocabularies, cached."""
    context = load_files(vocabulary_files())
    context += class_hierarchy()
    return context


def _violations(report: Graph) -> tuple[Violation, ...]:
    """Return the results of a pyshacl report graph, sorted for stable output."""
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        found.append(
            Violation(
                focus_node=str(report.value(result, SH.focusNode) or ""),
                path=str(report.value(result, SH.resultPath) or ""),
                component=_local(report.value(result, SH.sourceConstraintComponent)),
                message=str(report.value(result, SH.resultMessage) or ""),
                severity=_local(report.value(result, SH.resultSeverity)),
            )
        )
    return tuple(sorted(found, key=lambda v: (v.focus_node, v.path, v.component, v.message)))


def _local(term: object) -> str:
    """Return the local name of an IRI (after # or the last /)."""
    text = str(term or "")
    return re.split(r"[#/]", text)[-1]


def _run(
    data: Graph, shapes: Graph, focus: list[str | URIRef] | None, use_shapes: list[str | URIRef] | None
) -> ValidationResult:
    """Run pyshacl (no inference, SHACL-AF on) and return the result."""
    conforms, report, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        focus_nodes=focus,
        use_shapes=use_shapes,
        allow_warnings=False,
    )
    if not isinstance(report, Graph):
        raise TypeError("pyshacl returned no report graph")
    return ValidationResult(conforms=bool(conforms), report=str(text), violations=_violations(report))


def _own_nodes(data: Graph) -> list[str | URIRef]:
    """Return the IRIs that are subjects in `data` (the nodes the graph describes), sorted."""
    return sorted({s for s in data.subjects() if isinstance(s, URIRef)})


def _merge(first: ValidationResult, second: ValidationResult) -> ValidationResult:
    """Return the combination of two validation results."""
    return ValidationResult(
        conforms=first.conforms and second.conforms,
        report="\n".join(r for r in (first.report, second.report) if r and "Conforms: True" not in r)
        or first.report,
        violations=tuple(
            sorted({*first.violations, *second.violations}, key=lambda v: (v.focus_node, v.path))
        ),
    )


def validate(data: Graph, base: str = DEFAULT_BASE) -> ValidationResult:
    """Validate `data` (e.g. one page graph) against every shape, in the context of the vocabularies."""
    shapes = shapes_graph(base)
    combined = Graph()
    combined += data
    combined += context_graph()
    own = _own_nodes(data)
    result = _run(combined, shapes, own, None) if own else ValidationResult(True, "Conforms: True", ())
    if any(isinstance(node, BNode) for triple in data for node in triple):
        blank = _run(Graph() + data, shapes, None, [str(NO_BLANK_NODE_SHAPE)])
        result = _merge(result, blank)
    return result


def validate_vocabularies(base: str = DEFAULT_BASE) -> ValidationResult:
    """Validate the committed vocabularies (with the class hierarchy) against every shape."""
    combined = Graph()
    combined += context_graph()
    return _run(combined, shapes_graph(base), None, None)
