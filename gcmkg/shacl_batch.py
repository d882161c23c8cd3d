"""Make pyshacl check each sh:property shape once for all focus nodes, not once per focus node (same results).

pyshacl 0.40's `PropertyConstraintComponent._evaluate_property_shape` calls `Shape.validate(focus=v)` for
every value node v of the parent shape, and each call rebuilds the property shape's constraint components:
with ~400 statements and eleven property shapes per page that is ~4,000 setups. `Shape.validate` takes a
list of focus nodes and evaluates each one independently (it is how top-level shapes run), so one call with
all the value nodes gives the same validation results. Applied only to the pyshacl version it was checked
against (the shape tests compare both ways); any other version runs unchanged. Also: rdflib parses and
translates each SPARQL text pyshacl runs (targets, constraints) once per process, not once per page.
Why: decisions/0013-parallel-build.md.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pyshacl
import pyshacl.validator
from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent
from rdflib import Graph
from rdflib.plugins.sparql import processor as sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

CHECKED_VERSIONS = frozenset({"0.40.1"})
_ORIGINAL: Any = PropertyConstraintComponent._evaluate_property_shape
_SHAPES_GRAPH: Any = getattr(pyshacl.validator, "ShapesGraph")  # noqa: B009  # the name Validator uses
_ORIGINAL_QUERY: Any = sparql_processor.SPARQLProcessor.query
QUERY_CACHE_SIZE = 256  # distinct query texts kept translated: the page shapes use a handful
_shared: dict[int, tuple[Graph, Any]] = {}  # id of a shapes graph -> (the graph, its parsed ShapesGraph)


def _batched(
    self: Any,
    executor: Any,
    prop_shape: Any,
    target_graph: Any,
    focus_value_nodes: dict[Any, Any],
    potentially_recursive: Any,
    evaluation_path: list[Any],
) -> tuple[bool, list[Any]]:
    """Return (non-conformant, reports) of one property shape over all value nodes in one pyshacl call."""
    found = self.shape.get_other_shape(prop_shape)
    if not found or not found.is_property_shape or (potentially_recursive and found in potentially_recursive):
        args = (executor, prop_shape, target_graph, focus_value_nodes, potentially_recursive, evaluation_path)
        return _ORIGINAL(self, *args)  # type: ignore[no-any-return]
    values = list(dict.fromkeys(v for nodes in focus_value_nodes.values() for v in nodes))
    if not values:
        return False, []
    path = evaluation_path[:]
    conforms, reports = found.validate(executor, target_graph, focus=values, _evaluation_path=path)
    return (not conforms), list(reports)


def share_shapes(graph: Graph) -> Graph:
    """Mark a shapes graph whose parsed shapes (and prepared SPARQL queries) every validation may reuse.

    Only for a graph that is always validated whole (never with `use_shapes`: pyshacl would then keep only
    the shapes of the first call) and never changed afterwards.
    """
    _shared.setdefault(id(graph), (graph, None))
    return graph


def _shapes_graph(graph: Graph, debug: bool = False, logger: Any = None) -> Any:
    """Return pyshacl's ShapesGraph for graph: the one parsed before when the graph is shared."""
    graph_and_parsed = _shared.get(id(graph))
    if graph_and_parsed is None or graph_and_parsed[0] is not graph or debug:
        return _SHAPES_GRAPH(graph, debug, logger)
    if graph_and_parsed[1] is None:
        _shared[id(graph)] = (graph, _SHAPES_GRAPH(graph, debug, logger))
    return _shared[id(graph)][1]


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...] | None) -> Query:
    """Return a SPARQL text parsed and translated once (what rdflib's prepareQuery returns, reusable)."""
    return translateQuery(parseQuery(text), base, dict(namespaces) if namespaces else None)


def _query_translated_once(  # rdflib's parameter names
    self: Any, query: str | Query, initBindings: Any = None, initNs: Any = None, base: str | None = None,
    DEBUG: bool = False,
) -> Any:  # fmt: skip
    """rdflib's SPARQLProcessor.query, a query text translated once per process, not once per call.

    pyshacl runs the same SPARQL target and constraint texts for every page; parsing them (pyparsing) cost
    ~10 % of a page's validation. Translation does not depend on the graph or the bindings.
    """
    if isinstance(query, str):
        namespaces = tuple(sorted(initNs.items())) if initNs else None
        query = _translated(query, base, namespaces)
    return _ORIGINAL_QUERY(self, query, initBindings, initNs, base, DEBUG)


def batch_property_shapes(enabled: bool = True) -> bool:
    """Switch batched property shapes, shared shapes, translated-once queries on (or off); return whether on.

    On only for the pyshacl version checked against (the shape tests compare both ways).
    """
    on = enabled and pyshacl.__version__ in CHECKED_VERSIONS
    setattr(PropertyConstraintComponent, "_evaluate_property_shape", _batched if on else _ORIGINAL)  # noqa: B010
    setattr(pyshacl.validator, "ShapesGraph", _shapes_graph if on else _SHAPES_GRAPH)  # noqa: B010
    query = _query_translated_once if on else _ORIGINAL_QUERY
    setattr(sparql_processor.SPARQLProcessor, "query", query)  # noqa: B010
    return on
