"""The query gate: every SPARQL text from a client passes these checks before any store sees it.

Checks run in order, cheapest first: size, nesting depth (a character scan), protocol dataset parameters,
then a real parse (rdflib's SPARQL grammar) and a walk of the parse tree that rejects updates, LOAD,
SERVICE and FROM / FROM NAMED. Add a check by appending a function to `TEXT_CHECKS` or `TREE_CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from gcmkg.errors import QueryRejected

QueryForm = Literal["select", "ask", "construct", "describe"]
FORMS: dict[str, QueryForm] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}
MAX_QUERY_CHARS = 64 * 1024
MAX_NESTING = 64
OPENERS, CLOSERS = "({[", ")}]"


@dataclass(frozen=True)
class GatedQuery:
    """A query that passed the gate: its text and form."""

    text: str
    form: QueryForm


def check_size(text: str) -> None:
    """Reject queries longer than MAX_QUERY_CHARS."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRejected(f"the query is longer than {MAX_QUERY_CHARS} characters", 413)


def check_nesting(text: str) -> None:
    """Reject queries whose brackets nest deeper than MAX_NESTING (before any recursive parser runs)."""
    depth = 0
    for char in text:
        if char in OPENERS:
            depth += 1
            if depth > MAX_NESTING:
                raise QueryRejected(f"the query nests brackets deeper than {MAX_NESTING} levels")
        elif char in CLOSERS:
            depth = max(depth - 1, 0)


def check_not_empty(text: str) -> None:
    """Reject an empty query."""
    if not text.strip():
        raise QueryRejected("the query is empty")


TEXT_CHECKS: list[Callable[[str], None]] = [check_not_empty, check_size, check_nesting]


def nodes(tree: object) -> Iterator[CompValue]:
    """Yield every CompValue node of an rdflib SPARQL parse tree, depth first."""
    if isinstance(tree, CompValue):
        yield tree
        for value in tree.values():
            yield from nodes(value)
    elif isinstance(tree, ParseResults | list | tuple):
        for item in tree:
            yield from nodes(item)


def check_no_service(tree: object) -> None:
    """Reject federation: any SERVICE pattern, whatever its endpoint."""
    if any(node.name == "ServiceGraphPattern" for node in nodes(tree)):
        raise QueryRejected("SERVICE (federated queries) is not allowed on this endpoint", 403)


def check_no_dataset_clause(tree: object) -> None:
    """Reject FROM and FROM NAMED: the dataset is fixed."""
    if any(node.name == "DatasetClause" for node in nodes(tree)):
        raise QueryRejected("FROM / FROM NAMED are not allowed: the dataset is fixed", 403)


TREE_CHECKS: list[Callable[[object], None]] = [check_no_service, check_no_dataset_clause]


def parse(text: str) -> ParseResults:
    """Return rdflib's parse tree of a query; reject updates and unparsable text."""
    try:
        return parseQuery(text)
    except ParseException as query_error:
        if _is_update(text):
            raise QueryRejected(
                "updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are not allowed", 403
            ) from None
        raise QueryRejected(f"SPARQL syntax error: {query_error.msg} at line {query_error.lineno}") from None
    except RecursionError:
        raise QueryRejected("the query is nested too deeply to parse") from None


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseException, RecursionError):
        return False
    return True


def query_form(tree: ParseResults) -> QueryForm:
    """Return the form (select, ask, construct, describe) of a parsed query."""
    for node in tree:
        if isinstance(node, CompValue) and node.name in FORMS:
            return FORMS[node.name]
    raise QueryRejected("unsupported query form")


def gate(
    text: str, default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = ()
) -> GatedQuery:
    """Return the query if it passes every check; raise QueryRejected (with an HTTP status) otherwise."""
    for check in TEXT_CHECKS:
        check(text)
    if default_graph_uris or named_graph_uris:
        raise QueryRejected("default-graph-uri / named-graph-uri are not allowed: the dataset is fixed", 403)
    tree = parse(text)
    for tree_check in TREE_CHECKS:
        tree_check(tree)
    return GatedQuery(text=text, form=query_form(tree))
