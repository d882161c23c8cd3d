"""Text hygiene for scraped pages: decode bytes, normalise newlines and NFC, drop what RDF/XML can't carry."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from gcmkg.errors import ParseError

# What XML 1.0 (so RDF/XML) cannot carry: C0 controls but tab/newline, lone surrogates, U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode category Cc but tab/newlines
REPLACEMENT = "\ufffd"
_CONTROL_RATIO_LIMIT = 0.01  # above this share of control characters, the input is binary, not text
_HTML_START = re.compile(r"\A\s*<(?:!doctype\s+html|html|\?xml|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:div|p|span|a|body|head|script|style|meta|link|ul|li|table|br)\b[^>]*>", re.I)
_HTML_TAG_LIMIT = 5


@dataclass(frozen=True)
class CleanText:
    text: str  # NFC-normalised, "\n" newlines, RDF/XML-safe
    encoding: str  # how the bytes were decoded ("str" when text was given)
    replaced: int  # characters replaced by U+FFFD because RDF/XML cannot carry them


def raw_bytes(data: bytes | str) -> bytes:
    """Return the bytes a page was given as (strings are UTF-8 encoded, lone surrogates kept)."""
    if isinstance(data, bytes):
        return data
    return data.encode("utf-8", "surrogatepass")


def _nul_reason(data: bytes) -> str:
    """Return why bytes with NULs are refused: UTF-16 without a byte order mark, or binary."""
    sample = data[:4000]
    for zeros, other in ((sample[1::2], sample[0::2]), (sample[0::2], sample[1::2])):
        printable = sum(32 <= b < 127 or b in (9, 10, 13) or b >= 0xC0 for b in other)
        if zeros.count(0) > len(zeros) * 0.9 and printable > len(other) * 0.9:
            return (
                "looks like UTF-16 without a byte order mark: save the page as UTF-8 (or UTF-16 with a BOM)"
            )
    return "binary file (NUL bytes, no UTF-16 byte order mark): not a text page"


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding name): UTF-8, then UTF-16 with a BOM, then cp1252/latin-1 when clean."""
    if not data.strip():
        raise ParseError(source, 0, "empty file: no text to parse")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise ParseError(
                source, 0, f"UTF-16 byte order mark but undecodable bytes ({err.reason})"
            ) from err
    if b"\x00" in data:
        raise ParseError(source, 0, _nul_reason(data))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    raise ParseError(source, 0, "undecodable bytes: not UTF-8, UTF-16 or cp1252/latin-1")  # pragma: no cover


def _control_ratio(text: str) -> float:
    """Return the share of characters that are control characters (tab and newlines excluded)."""
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def check_not_binary(text: str, source: str, encoding: str) -> None:
    """Raise ParseError when decoded text is mostly control characters (a binary file)."""
    if _control_ratio(text) > _CONTROL_RATIO_LIMIT:
        raise ParseError(source, 0, f"binary file: too many control characters once decoded as {encoding}")


def check_not_html(text: str, source: str) -> None:
    """Raise ParseError when the text is an HTML page rather than its scraped text."""
    first = _HTML_TAG.search(text)
    if _HTML_START.search(text) or len(_HTML_TAG.findall(text, 0, 200_000)) > _HTML_TAG_LIMIT:
        line = text.count("\n", 0, first.start()) + 1 if first else 1
        raise ParseError(source, line, "this is HTML: save the page as text / scrape its text first")


def make_safe(text: str) -> tuple[str, int]:
    """Return text with "\\n" newlines, unsafe characters replaced, NFC; and how many were replaced."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    replaced = len(_UNSAFE.findall(text))
    text = _UNSAFE.sub(REPLACEMENT, text)
    return unicodedata.normalize("NFC", text), replaced


def clean_text(data: bytes | str, source: str) -> CleanText:
    """Return the page text, decoded and made safe, or raise ParseError for empty/binary/HTML input."""
    if isinstance(data, bytes):
        text, encoding = decode_bytes(data, source)
    else:
        text, encoding = data, "str"
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ParseError(source, 0, "empty file: no text to parse")
    check_not_binary(text, source, encoding)
    check_not_html(text, source)
    safe, replaced = make_safe(text)
    return CleanText(safe, encoding, replaced)
