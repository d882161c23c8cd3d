"""The explorer's pure helpers: negotiation, marking, charts, Markdown escaping, the messages file."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.explorer import charts
from api.explorer.brief import md_text
from api.explorer.highlight import Segment, cut_quote, evidence_terms, mark_evidence
from api.explorer.i18n import LANGS, MissingMessage, messages, pick_lang, translate
from api.explorer.negotiate import prefers_html
from api.explorer.sparql_page import link_of
from api.explorer.templating import View, with_query
from gcmkg.resources import explorer_file


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (None, False),
        ("*/*", False),
        ("application/json", False),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
        ("text/html", True),
        ("application/json;q=0.5, text/html", True),
        ("text/csv", False),
    ],
)
def test_prefers_html(accept: str | None, html: bool) -> None:
    assert prefers_html(accept) is html


def test_mark_evidence_marks_every_term_case_insensitively() -> None:
    text = "Regular migration and safe and regular routes"
    segments = mark_evidence(text, "regular migration ; safe and regular")
    assert [s.text for s in segments if s.marked] == ["Regular migration", "safe and regular"]
    assert "".join(s.text for s in segments) == text
    assert mark_evidence("abc", None) == [Segment("abc", False)]
    assert evidence_terms(" a ; bb ; bb ;ccc") == ["ccc", "bb"]


@given(st.text(max_size=80), st.text(max_size=30))
def test_marking_never_changes_the_text(text: str, evidence: str) -> None:
    assert "".join(s.text for s in mark_evidence(text, evidence)) == text


@given(st.text(max_size=60), st.integers(-5, 70), st.integers(-5, 70))
def test_cut_quote_keeps_the_comment(content: str, start: int, end: int) -> None:
    segments = cut_quote(content, start, end)
    assert "".join(s.text for s in segments) == content
    assert sum(s.marked for s in segments) <= 1


def test_cut_quote_marks_the_span() -> None:
    assert cut_quote("abcdef", 2, 4) == [Segment("ab", False), Segment("cd", True), Segment("ef", False)]
    assert cut_quote("abc", 2, 9) == [Segment("abc", False)]


def test_heat_cells_and_shades() -> None:
    cells = charts.heat_cells({(1, "State"): 4, (2, "Network"): 1}, [1, 2], ["State", "Network"])
    assert [(c.objective, c.actor_type, c.count) for c in cells] == [
        (1, "State", 4), (1, "Network", 0), (2, "State", 0), (2, "Network", 1),
    ]  # fmt: skip
    assert cells[1].fill == "#ffffff" and cells[0].fill != cells[3].fill
    assert re.fullmatch(r"#[0-9a-f]{6}", charts.shade(3, 4))


def test_bars_are_sorted_and_scaled() -> None:
    bars = charts.bars([("b", 1, "/b"), ("a", 4, "/a"), ("c", 2, "/c")], limit=2)
    assert [(b.label, b.count) for b in bars] == [("a", 4), ("c", 2)]
    assert bars[0].width == charts.BAR_WIDTH and bars[1].width == charts.BAR_WIDTH // 2


def test_network_layout_and_edges() -> None:
    nodes = charts.circle_layout([("a", "A", 4), ("b", "B", 1)])
    assert nodes[0].r > nodes[1].r
    edges = charts.edges_between(nodes, [("a", "b", 2), ("a", "zz", 1), ("b", "b", 1)])
    assert len(edges) == 1 and edges[0].title == "A → B (2)"


def test_markdown_text_is_escaped_and_on_one_line() -> None:
    assert md_text("a *b*\n[c](d) <e> #f") == "a \\*b\\* \\[c\\](d) \\<e\\> \\#f"


def test_messages_are_complete_and_every_template_key_exists() -> None:
    table = messages()
    assert set(table) == set(LANGS)
    assert set(table["en"]) == set(table["fr"]) == set(table["es"])
    templates = "".join(p.read_text(encoding="utf-8") for p in explorer_file("templates").glob("*.html"))
    used = set(re.findall(r"\bt\('([a-z_]+)'\)", templates))
    assert used and used <= set(table["en"]), used - set(table["en"])
    with pytest.raises(MissingMessage):
        translate("en", "no_such_key")
    assert translate("fr", "objective") == "Objectif" and pick_lang("de") == "en"


def test_view_urls_keep_the_language() -> None:
    view = View(lang="es", path="/objectives/5", query=(("actor_type", "State"), ("lang", "es")))
    assert view.url("/actors") == "/actors?lang=es"
    assert view.switch("en") == "/objectives/5?actor_type=State"
    assert view.switch("fr") == "/objectives/5?actor_type=State&lang=fr"
    assert with_query("/x", {"a": None, "b": "", "c": "1 2"}) == "/x?c=1+2"


def test_result_links_go_to_explorer_pages() -> None:
    base = "https://w3id.org/gcmkg/id/"
    assert link_of(base + "objective/5", base) == "/objectives/5"
    assert link_of(base + "instrument/gcm", base) == "/instruments/instrument/gcm"
    assert link_of(base + "comment/abc", base) == "/id/comment/abc"
    assert link_of("http://example.org/x", base) == "http://example.org/x"
    assert link_of("plain text", base) is None
