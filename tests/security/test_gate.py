"""The gate's parser-free screen: escaped nesting, byte sizes, and no parser call before it passes."""

from __future__ import annotations

import pytest

from api import query_gate
from api.query_gate import MAX_GET_BYTES, MAX_NESTING, gate, inspect_query, nesting_depth, screen, unescape
from gcmkg.errors import QueryRejected


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", 1),
        ("((()))", 3),
        ("%28%28%28", 3),
        ("%2528%2528", 2),  # double percent-encoding
        ("\\u0028\\u007B\\u005B", 3),
        ("\\U00000028\\U0000007b", 2),
        ("%5Cu0028%5Cu0028", 2),  # a percent-encoded codepoint escape
        (")))(((", 3),  # unbalanced closers do not hide later openers
    ],
)
def test_nesting_counts_escaped_forms(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_unescape_is_bounded_and_total() -> None:
    assert unescape("%2525252528") in ("%28", "(")
    assert unescape("\\UFFFFFFFF") == "\ufffd"
    assert unescape("plain") == "plain"


def test_screen_rejects_before_any_parser_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(_text: str) -> None:
        raise AssertionError("a parser ran before the screen")

    monkeypatch.setattr(query_gate, "parseQuery", forbidden)
    monkeypatch.setattr(query_gate, "parseUpdate", forbidden)
    deep = (
        "SELECT * WHERE { FILTER("
        + "\\u0028" * (MAX_NESTING + 1)
        + "1"
        + "\\u0029" * (MAX_NESTING + 1)
        + ") }"
    )
    cases = [("", 400), ("   \n", 400), (deep, 400), ("ASK {} #" + "é" * MAX_GET_BYTES, 414)]
    for text, status in cases:
        with pytest.raises(QueryRejected) as raised:
            screen(text, max_bytes=MAX_GET_BYTES)
        assert raised.value.status == status
    with pytest.raises(QueryRejected) as dataset:
        screen("ASK {}", ["http://127.0.0.1:9/g"])
    assert dataset.value.status == 403


def test_size_is_counted_in_utf8_bytes() -> None:
    text = "ASK {} #" + "é" * ((MAX_GET_BYTES - 8) // 2)
    assert len(text.encode()) <= MAX_GET_BYTES
    screen(text, max_bytes=MAX_GET_BYTES)
    with pytest.raises(QueryRejected):
        screen(text + "é", max_bytes=MAX_GET_BYTES)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("ASK {}", "ask"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("DESCRIBE <urn:x>", "describe"),
        ("# SERVICE <http://x/> LOAD <y>\nASK { ?s ?p 'SERVICE <http://x/> {}' }", "ask"),
    ],
)
def test_gate_accepts_plain_reads(text: str, form: str) -> None:
    assert gate(text).form == form


def test_accepted_verdicts_are_cached_and_rejections_stay_rejected() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 7"
    before = inspect_query.cache_info().hits
    assert inspect_query(text) == inspect_query(text) == "select"
    assert inspect_query.cache_info().hits >= before + 1
    update = "INSERT DATA { <http://e/s> <http://e/p> 1 }"
    for _ in range(2):
        with pytest.raises(QueryRejected):
            inspect_query(update)
