"""Bad input gives a Page or a ParseError naming the source, the line and the reason; text is made safe."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph

from gcmkg.errors import ParseError
from ingest.parse import parse_page, read_page
from ingest.rdf_threads import threads_to_graph
from ingest.records import Page
from tests.ingest.parse_support import FIXTURE_DIR, seed_page, seed_path


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


def summary(page: Page) -> list[tuple[str, str, str, str | None, str | None]]:
    """Return what identifies each comment, whatever the encoding of the input."""
    return [
        (c.author_display, c.date.isoformat(), c.body, c.in_reply_to_name, c.parent) for c in page.comments
    ]


@pytest.mark.parametrize("data", [b"", b"   \n\n\t ", "", "\ufeff\n"])
def test_empty_input_is_refused(data: bytes | str) -> None:
    with pytest.raises(ParseError) as error:
        parse_page(data, "empty.txt")
    assert error.value.source == "empty.txt"
    assert "empty" in error.value.reason


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", bytes(range(256)) * 4, b"PK\x03\x04" + b"\x00\x14" * 50],
)
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(ParseError) as error:
        parse_page(data, "image.png")
    assert "binary" in error.value.reason


def test_utf16_without_bom_is_refused_with_what_to_do() -> None:
    with pytest.raises(ParseError) as error:
        parse_page(seed_text().encode("utf-16-le"), "page.txt")
    assert "UTF-16 without a byte order mark" in error.value.reason


def test_html_page_is_refused_with_what_to_do() -> None:
    html = "<!DOCTYPE html>\n<html><head><title>Hub</title></head><body><div><p>Hi</p></div></body></html>"
    with pytest.raises(ParseError) as error:
        parse_page(html.encode(), "page.html")
    assert "this is HTML" in error.value.reason
    assert "save the page as text" in error.value.reason
    assert error.value.line >= 1


def test_html_fragment_without_doctype_is_refused() -> None:
    fragment = "Title\n" + "<div class='c'><p>text</p></div>\n" * 4
    with pytest.raises(ParseError, match="this is HTML"):
        parse_page(fragment, "fragment.txt")


def test_page_without_questions_or_comments_is_refused() -> None:
    with pytest.raises(ParseError) as error:
        parse_page("Skip to main content\n\nJust some notes.\nNothing posted here.\n", "notes.txt")
    assert "no questions or comments" in error.value.reason
    assert str(error.value).startswith("notes.txt")


def test_utf16_with_bom_is_decoded() -> None:
    data = codecs.BOM_UTF16_LE + seed_text().encode("utf-16-le")
    page = parse_page(data, seed_path().name)
    assert page.metadata["encoding"] == "utf-16"
    assert summary(page) == summary(seed_page())


def test_utf8_bom_is_dropped() -> None:
    page = parse_page(codecs.BOM_UTF8 + seed_path().read_bytes(), seed_path().name)
    assert page.metadata["encoding"] == "utf-8"
    assert summary(page) == summary(seed_page())


def test_cp1252_page_is_decoded_and_says_so() -> None:
    text = (FIXTURE_DIR / "general_only.txt").read_text(encoding="utf-8")
    page = parse_page(text.encode("cp1252"), "general_only.txt")
    assert page.metadata["encoding"] == "cp1252"
    assert [c.author_display for c in page.comments][1] == "Tomás Ruiz OIM"


def test_latin1_fallback_when_cp1252_cannot_decode() -> None:
    text = (FIXTURE_DIR / "general_only.txt").read_text(encoding="utf-8")
    data = text.encode("latin-1").replace(b"Cities", b"Cit\x81ies")
    page = parse_page(data, "general_only.txt")
    assert page.metadata["encoding"] == "latin-1"
    assert page.metadata["replaced_characters"] == "0"
    assert len(page.comments) == 4


def test_crlf_and_cr_newlines_give_the_same_records() -> None:
    for newline in ("\r\n", "\r"):
        page = parse_page(seed_text().replace("\n", newline), seed_path().name)
        assert summary(page) == summary(seed_page())


def test_decomposed_text_is_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", seed_text())
    page = parse_page(decomposed, seed_path().name)
    assert page.text == unicodedata.normalize("NFC", page.text)
    assert [c.body for c in page.comments] == [c.body for c in seed_page().comments]


def test_characters_rdf_xml_cannot_carry_are_replaced_and_counted() -> None:
    text = seed_text().replace("Governments should", "Govern\x0bments\x00 sho\ud800uld\ufffe", 1)
    page = parse_page(text, seed_path().name)
    assert page.metadata["replaced_characters"] == "4"
    assert not any(ch in page.text for ch in "\x0b\x00\ud800\ufffe")
    body = page.comments[1].body
    assert body.startswith("Govern\ufffdments\ufffd sho\ufffduld\ufffd")
    Graph().parse(data=threads_to_graph(page).serialize(format="xml"), format="xml")


def test_truncated_page_parses_what_is_there_and_says_the_footer_is_missing() -> None:
    text = seed_text()
    page = parse_page(text[: len(text) // 2], seed_path().name)
    assert 0 < len(page.comments) < 49
    assert page.metadata["footer"].startswith("missing")
    for comment in page.comments:
        assert page.text[comment.body_span.start : comment.body_span.end] == comment.body


def test_page_cut_right_after_an_author_line_skips_the_bodiless_post() -> None:
    text = seed_text()
    cut = text[: text.index("Kate Barth\n") + len("Kate Barth\n")]
    page = parse_page(cut, "cut.txt")
    assert [c.author_display for c in page.comments] == ["Spanish Commis…"]
    assert any("has no body" in note for note in page.completeness.skipped)


def test_unreadable_file_is_a_parse_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(ParseError) as error:
        read_page(missing)
    assert error.value.source == "missing.txt" and "cannot read" in error.value.reason
