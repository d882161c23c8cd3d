"""The query gate: every SPARQL text from a client passes these checks before any store sees it.

Two stages. `screen` runs in the server process and never calls a parser: emptiness, size in UTF-8 bytes
(8 KiB for GET, 64 KiB for POST), the protocol's dataset parameters, and bracket nesting counted by a
character scan after undoing the escapes a parser would honour (`\\u0028`, `\\U0000007B`, `%28`...).
`inspect_query` parses (rdflib's SPARQL grammar) and walks the parse tree, rejecting updates, LOAD,
SERVICE and FROM / FROM NAMED; rdflib's parser can take tens of seconds or exhaust the recursion limit on
hostile input, so the server runs it in a killable worker process (api/execution.py) under the time limit.
Add a check by appending a function to `TEXT_CHECKS` or `TREE_CHECKS`.
"""

from __future__ import annotations

import functools
import re
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
MAX_GET_BYTES = 8 * 1024
MAX_POST_BYTES = 64 * 1024
MAX_NESTING = 32
OPENERS, CLOSERS = "({[", ")}]"
PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UNESCAPE_ROUNDS = 4
FORBIDDEN_NODES = {
    "ServiceGraphPattern": "SERVICE (federated queries) is not allowed on this endpoint",
    "DatasetClause": "FROM / FROM NAMED are not allowed: the dataset is fixed",
    "Load": "LOAD is not allowed: the endpoint is read-only",
}


@dataclass(frozen=True)
class GatedQuery:
    """A query that passed the gate: its text and form."""

    text: str
    form: QueryForm


def check_not_empty(text: str, _max_bytes: int) -> None:
    """Reject an empty query."""
    if not text.strip():
        raise QueryRejected("the query is empty")


def check_size(text: str, max_bytes: int) -> None:
    """Reject queries longer than max_bytes in UTF-8 (414 for the GET limit, 413 otherwise)."""
    if len(text) > max_bytes or len(text.encode("utf-8", errors="surrogatepass")) > max_bytes:
        status = 414 if max_bytes <= MAX_GET_BYTES else 413
        raise QueryRejected(f"the query is longer than {max_bytes} bytes", status)


def _codepoint(match: re.Match[str]) -> str:
    value = int(match.group(1) or match.group(2), 16)
    return chr(value) if value <= 0x10FFFF else "\ufffd"


def unescape(text: str) -> str:
    """Return text with percent escapes and SPARQL codepoint escapes undone (repeatedly, bounded rounds)."""
    for _round in range(UNESCAPE_ROUNDS):
        decoded = CODEPOINT.sub(_codepoint, PERCENT.sub(lambda m: chr(int(m.group(1), 16)), text))
        if decoded == text:
            break
        text = decoded
    return text


def nesting_depth(text: str) -> int:
    """Return the deepest bracket nesting of text, escaped brackets included (unbalanced closers ignored)."""
    depth = deepest = 0
    for char in unescape(text):
        if char in OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif char in CLOSERS:
            depth = max(depth - 1, 0)
    return deepest


def check_nesting(text: str, _max_bytes: int) -> None:
    """Reject queries whose brackets nest deeper than MAX_NESTING (before any recursive parser runs)."""
    if nesting_depth(text) > MAX_NESTING:
        raise QueryRejected(f"the query nests brackets deeper than {MAX_NESTING} levels")


TEXT_CHECKS: list[Callable[[str, int], None]] = [check_not_empty, check_size, check_nesting]


def screen(
    text: str,
    default_graph_uris: Sequence[str] = (),
    named_graph_uris: Sequence[str] = (),
    max_bytes: int = MAX_POST_BYTES,
) -> str:
    """Return the text if it passes the parser-free checks; raise QueryRejected otherwise."""
    for check in TEXT_CHECKS:
        check(text, max_bytes)
    if default_graph_uris or named_graph_uris:
        raise QueryRejected("default-graph-uri / named-graph-uri are not allowed: the dataset is fixed", 403)
    return text


def nodes(tree: object) -> Iterator[CompValue]:
    """Yield every CompValue node of an rdflib SPARQL parse tree, depth first."""
    if isinstance(tree, CompValue):
        yield tree
        for value in tree.values():
            yield from nodes(value)
    elif isinstance(tree, ParseResults | list | tuple):
        for item in tree:
            yield from nodes(item)


def check_forbidden_nodes(tree: object) -> None:
    """Reject SERVICE (any endpoint, variables included), FROM / FROM NAMED and LOAD anywhere in the tree."""
    for node in nodes(tree):
        reason = FORBIDDEN_NODES.get(node.name)
        if reason:
            raise QueryRejected(reason, 403)


TREE_CHECKS: list[Callable[[object], None]] = [check_forbidden_nodes]


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


@functools.lru_cache(maxsize=1024)
def inspect_query(text: str) -> QueryForm:
    """Return the form of a screened query after parsing it and walking the tree; raise QueryRejected.

    Accepted verdicts are cached by query text: parsing with rdflib cost a third of a cheap /sparql request
    (docs/benchmarks.md), and clients repeat the same queries. Rejections raise, so they are never cached.
    """
    tree = parse(text)
    for tree_check in TREE_CHECKS:
        tree_check(tree)
    return query_form(tree)


def gate(
    text: str,
    default_graph_uris: Sequence[str] = (),
    named_graph_uris: Sequence[str] = (),
    max_bytes: int = MAX_POST_BYTES,
) -> GatedQuery:
    """Return the query if it passes every check (screen, then parse and walk); raise QueryRejected."""
    screen(text, default_graph_uris, named_graph_uris, max_bytes)
    return GatedQuery(text=text, form=inspect_query(text))
