"""A small HTML reader for the tests: the elements (tag, attributes, text inside) of a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    """One element: its tag, attributes and the text found inside it."""

    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)


class Reader(HTMLParser):
    """Collects every element with its inner text; unbalanced end tags are an error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if self.open:
            self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1].tag != tag:
            raise ValueError(f"unbalanced </{tag}> (open: {[e.tag for e in self.open][-3:]})")
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def read(html: str) -> list[Element]:
    """Return the elements of a page, checking that tags are balanced."""
    reader = Reader()
    reader.feed(html)
    reader.close()
    if reader.open:
        raise ValueError(f"unclosed elements: {[e.tag for e in reader.open]}")
    return reader.elements


def find(elements: list[Element], tag: str, **attrs: str) -> list[Element]:
    """Return the elements with the tag and the given attribute values (class_ for class)."""
    wanted = {key.rstrip("_"): value for key, value in attrs.items()}
    return [e for e in elements if e.tag == tag and all(e.attrs.get(k) == v for k, v in wanted.items())]
