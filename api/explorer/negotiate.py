"""Whether a request to a resource URL should get the explorer page (browsers) or JSON (programs)."""

from __future__ import annotations

from fastapi import Request

from api import formats
from api.negotiation import NotAcceptable, choose


def prefers_html(accept: str | None) -> bool:
    """Return whether an Accept header prefers text/html to JSON (no header or */* means JSON)."""
    try:
        return choose(accept, (formats.JSON, formats.HTML)) == formats.HTML
    except NotAcceptable:
        return False


def wants_html(request: Request, format_name: str | None) -> bool:
    """Return whether to answer with a page: no ?format= given and Accept prefers HTML."""
    return format_name is None and prefers_html(request.headers.get("accept"))
