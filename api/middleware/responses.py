"""A JSON error response sent straight from ASGI middleware (same body shape as api/errors.py)."""

from __future__ import annotations

import json

from starlette.types import Send


async def send_error(send: Send, status: int, error: str, detail: str, headers: dict[str, str]) -> None:
    """Send a complete JSON error response."""
    body = json.dumps({"error": error, "detail": detail}).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
