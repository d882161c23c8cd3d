"""SHACL validation of a graph against the project's shapes (pyshacl).

The data graph is validated together with a context graph: the ontology's class hierarchy (so that
`sh:targetClass`/`sh:class` see subclasses, without running RDFS inference) and the committed
vocabularies (so that links to objectives, registry organisations, instruments, countries and
addressees can be checked with `sh:class`). Shapes marked `gkgsh:scope "vocabulary"` describe the
vocabularies only: they run in `validate_vocabularies()` (by `gcmkg check` and the tests), not per page.
Only results about the data graph's own subjects are kept (the vocabularies are not the page's fault).
The graph-wide blank node check (`gkgsh:scope "graph"`) runs on the data graph alone.
pyshacl's `focus_nodes` option is not used: it also filters the value nodes of nested shapes
(sh:or, sh:not, ...), which silently passes them.

Speed (issue 7, ADR 0013): a page is validated with only the context it can reach (`needed_context`: the
class hierarchy and the vocabulary triples of the nodes the page mentions and of the nodes those link to),
not the whole vocabularies; pyshacl checks each sh:property shape once per focus node, building its
constraint components each time; `gcmkg.shacl_batch` makes it check each property shape once for all the
focus nodes of its parent shape (same results, ~3x faster).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from gcmkg.errors import ShapeViolation
from gcmkg.namespaces import DEFAULT_BASE
from gcmkg.resources import ontology_file, shape_files, vocabulary_files
from gcmkg.shacl_batch import batch_property_shapes, share_shapes
from gcmkg.shape_reach import read_predicates
from gcmkg.vocabularies import build_all, load_files

DEFAULT_BASE_PATTERN = "^" + re.escape(DEFAULT_BASE)
SHAPES_NS = "https://w3id.org/gcmkg/shapes#"
SCOPE = URIRef(f"{SHAPES_NS}scope")
NO_BLANK_NODE_SHAPE = URIRef(f"{SHAPES_NS}NoBlankNodeShape")
_PYSHACL = threading.Lock()


@dataclass(frozen=True)
class Violation:
    """One result of a SHACL report."""

    focus_node: str
    path: str
    component: str  # local name, e.g. "MinCountConstraintComponent"
    message: str
    severity: str  # local name, e.g. "Violation"
    value: str = ""  # the value node the result is about, when the report names one


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


def _without(shapes: Graph, shape: URIRef) -> Graph:
    """Return a copy of `shapes` without `shape` and the blank nodes it owns."""
    kept = Graph() + shapes
    pending: list[URIRef | BNode] = [shape]
    while pending:
        node = pending.pop()
        for _, predicate, value in list(kept.triples((node, None, None))):
            kept.remove((node, predicate, value))
            if isinstance(value, BNode):
                pending.append(value)
    return kept


@cache
def page_shapes(base: str = DEFAULT_BASE) -> Graph:
    """Return the page-data shapes: all but those scoped to vocabularies or the whole graph, cached."""
    shapes = shapes_graph(base)
    for shape in sorted(s for s in shapes.subjects(SCOPE, None) if isinstance(s, URIRef)):
        shapes = _without(shapes, shape)
    return share_shapes(shapes)  # parsed once per process (always validated whole, never changed)


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
def context_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the class hierarchy plus the vocabularies (committed files, or generated for another base)."""
    if base == DEFAULT_BASE:
        context = load_files(vocabulary_files())
    else:
        context = Graph()
        for part in build_all(base).values():
            context += part
    context += class_hierarchy()
    return context


def _violations(report: Graph) -> tuple[Violation, ...]:
    """Return the results of a pyshacl report graph, sorted for stable output."""
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        found.append(
            Violation(
                focus_node=str(report.value(result, SH.focusNode) or ""),
                path=_path_text(report, report.value(result, SH.resultPath)),
                component=_local(report.value(result, SH.sourceConstraintComponent)),
                message=str(report.value(result, SH.resultMessage) or ""),
                severity=_local(report.value(result, SH.resultSeverity)),
                value=_value_text(report.value(result, SH.value)),
            )
        )
    return tuple(sorted(found, key=_order))


def _path_text(report: Graph, path: Node | None) -> str:
    """Return a result path as text: its IRI, or a sequence path's IRIs joined by " / " (no blank node id)."""
    if isinstance(path, BNode) and report.value(path, RDF.first) is not None:
        return " / ".join(_path_text(report, step) for step in Collection(report, path))
    return str(path or "")


def _value_text(value: Node | None) -> str:
    """Return the value node of a result as text (IRIs and literals; a blank node says nothing stable)."""
    return "" if value is None or isinstance(value, BNode) else str(value)


def _value_note(violation: Violation) -> str:
    """Return " (value: ...)" for a result about a value node, else nothing."""
    return f" (value: {violation.value})" if violation.value else ""


def _local(term: object) -> str:
    """Return the local name of an IRI (after # or the last /)."""
    text = str(term or "")
    return re.split(r"[#/]", text)[-1]


@cache
def _speedups() -> bool:
    """Switch on the batched property shapes and shared parsed shapes once per process (gcmkg.shacl_batch)."""
    return batch_property_shapes()


def _run(data: Graph, shapes: Graph, use_shapes: list[str | URIRef] | None = None) -> tuple[Violation, ...]:
    """Run pyshacl (no inference, SHACL-AF on) and return its results."""
    _speedups()
    with _PYSHACL:  # shared parsed shapes: one validation at a time per process
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            inplace=True,
            use_shapes=use_shapes,
            allow_warnings=False,
        )
    if not isinstance(report, Graph):
        raise TypeError("pyshacl returned no report graph")
    return _violations(report)


def _result(violations: tuple[Violation, ...]) -> ValidationResult:
    """Return a ValidationResult with a short, deterministic text report."""
    lines = [f"Conforms: {not violations}", f"Results ({len(violations)}):"]
    lines += [
        f"- {v.component} on <{v.focus_node}> path <{v.path}>: {v.message}"
        + (f" (value: {v.value})" if v.value else "")
        for v in violations
    ]
    return ValidationResult(conforms=not violations, report="\n".join(lines), violations=violations)


def _has_blank_node(triples: Iterable[Triple]) -> bool:
    """Return whether any of the triples has a blank node."""
    return any(isinstance(node, BNode) for triple in triples for node in triple)


Triple = tuple[Node, Node, Node]


@cache
def _context_index(base: str) -> tuple[dict[Node, tuple[Triple, ...]], tuple[Triple, ...]]:
    """Return the context's triples by subject, and its rdfs:subClassOf triples (what sh:class walks).

    Only the triples whose predicate the page shapes can read (`gcmkg.shape_reach`): the others cannot
    change a result.
    """
    readable = read_predicates(page_shapes(base))
    by_subject: dict[Node, list[Triple]] = {}
    for triple in context_graph(base):
        if readable is None or triple[1] in readable:
            by_subject.setdefault(triple[0], []).append(triple)
    hierarchy = tuple(triple for triple in context_graph(base) if triple[1] == RDFS.subClassOf)
    return {node: tuple(triples) for node, triples in by_subject.items()}, hierarchy


def needed_context(data: Iterable[Triple], base: str = DEFAULT_BASE) -> list[Triple]:
    """Return the context triples that a validation of `data` can read about the page's own nodes.

    The page shapes follow at most two links from a focus node (a value, then e.g. its rdf:type, its
    skos:broader or an objective link's gkg:objective), and results are kept only for the page's own
    subjects. So the class hierarchy, the context triples of every node the page mentions and those of the
    nodes they link to give the same results as the whole context, without validating its ~400 countries,
    organisations and instruments for every page (tests/shapes compare both ways).
    """
    by_subject, hierarchy = _context_index(base)
    mentioned = {node for s, _p, o in data for node in (s, o)}
    first = [triple for node in mentioned for triple in by_subject.get(node, ())]
    second = {o for _s, _p, o in first} - mentioned
    return [*hierarchy, *first, *(triple for node in second for triple in by_subject.get(node, ()))]


def validate(data: Graph, base: str = DEFAULT_BASE, in_place: bool = False) -> ValidationResult:
    """Validate `data` (e.g. one page graph) against the page shapes, in the context of the vocabularies.

    `in_place`: for a caller that owns `data` and does not read it meanwhile (the pipeline's page graph): the
    context triples are added to it for the validation and removed afterwards, instead of copying the page
    into a new graph (a page's ~6k triples cost ~10 % of its validation to copy). `data` ends unchanged.
    """
    triples = list(data)  # read the graph once (an rdflib Memory store is slow to iterate)
    own = {str(s) for s, _p, _o in triples}
    context = needed_context(triples, base)
    if in_place:
        present = set(triples)
        missing = [triple for triple in dict.fromkeys(context) if triple not in present]
        found = [v for v in _run_with_context(data, missing, base) if v.focus_node in own]
    else:
        combined = Graph()
        combined.addN((s, p, o, combined) for s, p, o in triples)
        combined.addN((s, p, o, combined) for s, p, o in context)
        found = [v for v in _run(combined, page_shapes(base)) if v.focus_node in own]
    if _has_blank_node(triples):
        found += _run(Graph() + data, shapes_graph(base), [str(NO_BLANK_NODE_SHAPE)])
    return _result(tuple(sorted(set(found), key=_order)))


def _run_with_context(data: Graph, missing: list[Triple], base: str) -> tuple[Violation, ...]:
    """Run the page shapes on `data` with the (distinct) context triples it lacks added, then removed."""
    data.addN((s, p, o, data) for s, p, o in missing)
    try:
        return _run(data, page_shapes(base))
    finally:
        for triple in missing:
            data.remove(triple)


def _order(violation: Violation) -> tuple[str, str, str, str]:
    """Return the sort key of a violation."""
    return (violation.focus_node, violation.path, violation.component, violation.message)


def validate_vocabularies(vocabularies: Graph | None = None, base: str = DEFAULT_BASE) -> ValidationResult:
    """Validate vocabularies (default: the committed files) with the class hierarchy against every shape."""
    combined = Graph()
    combined += load_files(vocabulary_files()) if vocabularies is None else vocabularies
    combined += class_hierarchy()
    return _result(_run(combined, shapes_graph(base)))
