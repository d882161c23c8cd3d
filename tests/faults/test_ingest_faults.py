"""Ingest never loses data: failing pages leave the store as it was, builds are idempotent, text is cleaned,
XML is refused and nothing is ever fetched by URL."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from gcmkg.config import Settings
from gcmkg.errors import IngestError, ParseError
from gcmkg.pipeline import build, process_page
from gcmkg.store import canonical_hash, open_store
from tests.security.support import canary_server

PAGES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "pages").glob("*.txt"))
XML_ILLEGAL = set(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
BODY = "Cities must be part of the national plans for the GCM"


def stored(settings: Settings) -> tuple[str, int]:
    """Return the canonical hash and quad count of the current store."""
    quads = list(open_store(settings).quads())
    return canonical_hash(quads), len(quads)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store was built from the fixture pages in their sorted order."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("built"))
    build(PAGES, settings)
    return settings


def test_builds_are_idempotent_in_any_order(built: Settings, tmp_path: Path) -> None:
    reference = stored(built)
    for order in (PAGES[::-1], [PAGES[1], PAGES[2], PAGES[0]]):
        settings = Settings(var_dir=tmp_path / f"var-{order[0].stem}")
        build(order, settings)
        assert stored(settings) == reference
    build(PAGES, built)  # the same sources again, over the existing store
    assert stored(built) == reference


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b"\x00\x01\x02binary\x00" * 50,
        b"<html><body><p>page</p></body></html>",
        b"<?xml version='1.0'?><a/>",
    ],
    ids=["empty", "binary", "html", "xml"],
)
def test_a_bad_page_halfway_leaves_the_store_unchanged(built: Settings, tmp_path: Path, bad: bytes) -> None:
    before = stored(built)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(bad)
    with pytest.raises(ParseError, match=r"broken\.txt"):
        build([PAGES[0], broken, PAGES[1]], built)
    assert stored(built) == before


def test_an_exception_in_a_later_stage_leaves_the_store_unchanged(
    built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored(built)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise IngestError("injected: the store write failed")

    monkeypatch.setattr("gcmkg.store._fill_generation", explode)
    with pytest.raises(IngestError, match="injected"):
        build(PAGES, built)
    assert stored(built) == before


def dirty_page() -> str:
    """Return a fixture page whose first comment holds decomposed accents, controls and a lone surrogate."""
    text = PAGES[0].read_text(encoding="utf-8")
    assert BODY in text
    dirty = "Cafe\u0301 re\u0301sume\u0301 \x01\x0b\x0c\ufffe\uffff \ud800 end. " + BODY
    return text.replace(BODY, dirty, 1)


def test_text_hygiene_at_ingest(tmp_path: Path) -> None:
    graph = process_page(dirty_page(), "dirty.txt").graph
    literals = [str(o) for o in graph.objects() if isinstance(o, Literal)]
    assert any("Café résumé" in text for text in literals)
    for text in literals:
        assert unicodedata.is_normalized("NFC", text), text
        assert not set(text) & XML_ILLEGAL, repr(text)
        assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text), repr(text)
    xml = graph.serialize(format="xml")
    assert len(Graph().parse(data=xml, format="xml")) == len(graph)


def xml_attacks(canary_url: str) -> dict[str, str]:
    """Return XML documents that expand entities, read files or fetch URLs if parsed naively."""
    return {
        "billion-laughs": '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]><l>&i;</l>",
        "external-file": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        "external-url": f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{canary_url}/e">]><x>&e;</x>',
        "external-dtd": f'<?xml version="1.0"?><!DOCTYPE x SYSTEM "{canary_url}/dtd"><x/>',
    }


def test_xml_input_is_refused_and_never_expanded(tmp_path: Path) -> None:
    with canary_server() as canary:
        for name, document in xml_attacks(canary.url).items():
            with pytest.raises(ParseError):
                process_page(document, f"{name}.xml")
            # The same markup inside a comment is only text: kept verbatim, never expanded.
            page = (
                PAGES[0].read_text(encoding="utf-8").replace(BODY, document.replace("<?xml", "xml") + BODY, 1)
            )
            graph = process_page(page, f"{name}.txt").graph
            texts = " ".join(str(o) for o in graph.objects() if isinstance(o, Literal))
            assert "root:x:0:0" not in texts and "aaaaaaaaaaaaaaaaaaaa" not in texts
        assert canary.connections == []


def test_no_source_or_link_is_ever_fetched(built: Settings, tmp_path: Path) -> None:
    before = stored(built)
    with canary_server() as canary:
        with pytest.raises(IngestError):
            build([Path(f"{canary.url}/page.txt")], built)
        linked = tmp_path / "linked.txt"
        linked.write_text(
            PAGES[0].read_text(encoding="utf-8").replace(BODY, f"See {canary.url}/report. {BODY}")
        )
        process_page(linked.read_bytes(), linked.name)
        assert canary.connections == []
    assert stored(built) == before
