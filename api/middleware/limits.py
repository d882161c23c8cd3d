"""Request limits before any handler runs: URL length, body size (declared and streamed), body read time.

The SPARQL gate then applies its own per-channel limits (8 KiB GET query, 64 KiB POST query) to the
decoded text; these limits bound what the server reads at all.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware.responses import send_error

MAX_QUERY_STRING = 32 * 1024  # an 8 KiB query percent-encoded can take up to 24 KiB
MAX_BODY = 64 * 1024 + 1024  # a 64 KiB query plus the form's field name and other fields
STATUS = {"too_long": 413, "slow": 408}


class BodyLimitExceeded(Exception):
    """The request body is larger than MAX_BODY or was not sent within the time limit."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


def declared_length(scope: Scope) -> int | None:
    """Return the Content-Length header as an int (None when absent, -1 when malformed)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


class RequestLimits:
    """Refuse long URLs (414), large (413), slow (408) or malformed (400) bodies before the app reads them."""

    def __init__(self, app: ASGIApp, body_timeout_s: float = 10.0) -> None:
        self.app = app
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then run the app with a size- and time-limited receive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING:
            await send_error(
                send, 414, "uri_too_long", f"the query string exceeds {MAX_QUERY_STRING} bytes", {}
            )
            return
        length = declared_length(scope)
        if length is not None and (length < 0 or length > MAX_BODY):
            status, error = (400, "bad_request") if length < 0 else (413, "request_too_large")
            await send_error(send, status, error, f"the body must be at most {MAX_BODY} bytes", {})
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._limited(receive), tracked_send)
        except BodyLimitExceeded as error:
            if not started:
                detail = f"the body must be at most {MAX_BODY} bytes, sent within {self.body_timeout_s:g} s"
                await send_error(send, STATUS[error.kind], error.kind, detail, {"Connection": "close"})

    def _limited(self, receive: Receive) -> Receive:
        """Return a receive that counts body bytes and enforces the read deadline."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout_s
        received = 0

        body_done = False

        async def limited() -> Message:
            nonlocal received, body_done
            if body_done:
                # The deadline bounds reading the request body only. Afterwards the app (e.g. a streaming
                # response) calls receive to learn of a disconnect; timing that out cut long downloads.
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.001))
            except TimeoutError:
                raise BodyLimitExceeded("slow") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    raise BodyLimitExceeded("too_long")
                body_done = not message.get("more_body", False)
            return message

        return limited
