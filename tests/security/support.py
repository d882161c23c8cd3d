"""Helpers of the adversarial suite: a canary HTTP server, a nasty-literal graph, timing and hashing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import socket

from rdflib import RDFS, Graph, Literal, URIRef

from gcmkg.config import Settings
from gcmkg.store import canonical_hash, open_store
from tests.store.helpers import BASE, fixture_graphs

NASTY_GRAPH = URIRef(f"{BASE}graph/nasty")
# Literals that break naive writers: markup, spreadsheet formulas, quotes, newlines, controls, CDATA...
NASTY = (
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example/","click")',
    "+41 22 000",
    "-2+3",
    "@SUM(A1:A9)",
    'quote " and \' and ""',
    "line one\nline two\r\nline three",
    "tab\there",
    "controls \x01\x02\x0b\x1f end",
    "]]> & <![CDATA[ x ]]> &amp; &lt;",
    "separators \u2028 \u2029 \x85",
    "emoji 😀 and 𝄞",
    "back\\slash \\n not a newline",
    "comma, semicolon; pipe |",
    "{{7*7}} ${7*7} <%= 7 %>",
)


def nasty_graph() -> Graph:
    """Return a graph labelling nasty/0 … nasty/n with the NASTY literals."""
    graph = Graph()
    for index, text in enumerate(NASTY):
        graph.add((URIRef(f"{BASE}nasty/{index}"), RDFS.label, Literal(text)))
    return graph


def security_graphs() -> dict[URIRef, Graph]:
    """Return the fixture graphs plus the nasty-literal graph."""
    return {**fixture_graphs(), NASTY_GRAPH: nasty_graph()}


def store_fingerprint(settings: Settings) -> tuple[str, str]:
    """Return (generation name, canonical hash) of the store settings point at."""
    store = open_store(settings)
    return store.generation(), canonical_hash(store)


@dataclass
class Canary:
    """A loopback HTTP server that counts every TCP connection made to it."""

    server: ThreadingHTTPServer
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Return the base URL of the canary (no trailing slash)."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"


class CanaryHandler(BaseHTTPRequestHandler):
    """Answers anything: /redirect redirects to /final, everything else is a tiny Turtle document."""

    def do_GET(self) -> None:
        """Answer a GET."""
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "/final")
            self.end_headers()
            return
        body = b"<urn:canary:s> <urn:canary:p> <urn:canary:o> .\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


class CountingServer(ThreadingHTTPServer):
    """A threading HTTP server that records each accepted connection's peer."""

    daemon_threads = True
    seen: list[tuple[str, int]]

    def verify_request(self, request: socket | tuple[bytes, socket], client_address: object) -> bool:
        """Record the connection, then serve it."""
        self.seen.append(client_address)  # type: ignore[arg-type]
        return True


@contextmanager
def canary_server() -> Iterator[Canary]:
    """Run a canary on a free loopback port for the duration of the block."""
    server = CountingServer(("127.0.0.1", 0), CanaryHandler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Canary(server, server.seen)
    finally:
        server.shutdown()
        server.server_close()


def timed(action: object) -> tuple[object, float]:
    """Return (the result of calling action, the seconds it took)."""
    start = time.monotonic()
    result = action()  # type: ignore[operator]
    return result, time.monotonic() - start
