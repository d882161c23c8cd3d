"""How uvicorn serves the app: its HTTP protocol, with a deadline on reading each request's headers.

uvicorn times out idle kept-alive connections but not a client that sends its headers slowly ("slowloris"),
which holds a connection forever; this protocol closes a connection whose request headers are not complete
within the deadline, on a new connection and between requests on a kept-alive one.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on receiving each request's headers."""

    header_timeout_s = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the deadline for the first request's headers."""
        super().connection_made(transport)
        self._arm_header_deadline()

    def handle_events(self) -> None:
        """Handle events; stop the deadline once a request's headers have arrived."""
        super().handle_events()
        if self._request_in_progress():
            self._disarm_header_deadline()

    def on_response_complete(self) -> None:
        """Start the deadline for the next request's headers on a kept-alive connection."""
        super().on_response_complete()
        if not self._request_in_progress():
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the deadline of a closed connection."""
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def _request_in_progress(self) -> bool:
        cycle = getattr(self, "cycle", None)
        return cycle is not None and not cycle.response_complete

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self._request_in_progress() and not self.transport.is_closing():
            self.transport.close()


def protocol_with_header_deadline(timeout_s: float) -> type[HeaderDeadlineProtocol]:
    """Return the protocol class to give uvicorn (`http=`), with the given header deadline in seconds."""
    return type("GcmkgHttpProtocol", (HeaderDeadlineProtocol,), {"header_timeout_s": timeout_s})
