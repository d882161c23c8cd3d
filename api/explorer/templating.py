"""Jinja2 rendering of the explorer pages (autoescape on) and the per-request view helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.explorer.i18n import LANG_NAMES, LANGS, pick_lang, translate
from gcmkg.resources import explorer_file


@cache
def environment() -> Environment:
    """Return the template environment (HTML and SVG autoescaped, undefined names are errors)."""
    return Environment(
        loader=FileSystemLoader(explorer_file("templates")),
        autoescape=select_autoescape(["html", "svg", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def with_query(path: str, params: Mapping[str, Any]) -> str:
    """Return path with the non-empty params as a query string."""
    kept = [(key, str(value)) for key, value in params.items() if value not in (None, "")]
    return f"{path}?{urlencode(kept)}" if kept else path


@dataclass(frozen=True)
class View:
    """What every template gets: the language, labels, and URLs that keep the language."""

    lang: str
    path: str
    query: tuple[tuple[str, str], ...]

    def t(self, key: str) -> str:
        """Return the interface label `key` in the page language."""
        return translate(self.lang, key)

    def url(self, path: str, **params: Any) -> str:
        """Return a link to path that keeps the page language (English is the default, left out)."""
        return with_query(path, {**params, "lang": None if self.lang == "en" else self.lang})

    def switch(self, lang: str) -> str:
        """Return this page's URL in another language (other parameters kept)."""
        params = {key: value for key, value in self.query if key != "lang"}
        return with_query(self.path, {**params, "lang": None if lang == "en" else lang})

    @property
    def languages(self) -> list[tuple[str, str]]:
        """Return the (code, name) of the interface languages."""
        return [(code, LANG_NAMES[code]) for code in LANGS]


def view_of(request: Request) -> View:
    """Return the view helpers of a request (language from ?lang=)."""
    return View(
        lang=pick_lang(request.query_params.get("lang")),
        path=request.url.path,
        query=tuple(request.query_params.multi_items()),
    )


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Return the rendered template as an HTML response."""
    view = view_of(request)
    html = environment().get_template(template).render(v=view, t=view.t, **context)
    return HTMLResponse(html, status_code=status, headers={"Vary": "Accept"})
