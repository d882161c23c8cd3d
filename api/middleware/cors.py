"""CORS for a public read-only API: any origin may read, never with credentials.

Every response to a request carrying `Origin` gets `Access-Control-Allow-Origin: *` (no `Vary: Origin` is
needed: the answer does not depend on the origin). Preflight requests (OPTIONS with
`Access-Control-Request-Method`) are answered here for the allowed methods and headers.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

METHODS = "GET, HEAD, POST, OPTIONS"
HEADERS = "Accept, Content-Type"
EXPOSED = "Retry-After, ETag, Vary, Content-Length"
MAX_AGE = "86400"


def header(scope: Scope, name: bytes) -> bytes | None:
    """Return the first request header called name (lower case), or None."""
    return next((value for key, value in scope.get("headers", []) if key == name), None)


class OpenCors:
    """Allow any origin to read; answer preflights; never allow credentials."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a preflight, or run the app and add the CORS headers to its response."""
        if scope["type"] != "http" or header(scope, b"origin") is None:
            await self.app(scope, receive, send)
            return
        if scope.get("method") == "OPTIONS" and header(scope, b"access-control-request-method"):
            await preflight(send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"access-control-allow-origin", b"*"),
                    (b"access-control-expose-headers", EXPOSED.encode()),
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_cors)


async def preflight(send: Send) -> None:
    """Send the answer to a CORS preflight request."""
    headers = [
        (b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", METHODS.encode()),
        (b"access-control-allow-headers", HEADERS.encode()),
        (b"access-control-max-age", MAX_AGE.encode()),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
