"""Request limits (size, slowness), per-client 429, a full pool's 503, and cheap requests staying fast."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from api.app import create_app
from api.execution import Worker, context
from api.middleware.limits import RequestLimits
from gcmkg.config import Settings
from tests.security.test_bombs import CARTESIAN

DIRECT = "application/sparql-query"


def padded(size: int) -> str:
    """Return a valid ASK query of exactly size bytes (padded with a comment)."""
    head = "ASK { ?s ?p ?o }\n#"
    return head + "x" * (size - len(head))


def test_get_query_limit_is_8_kib(sec_client: TestClient) -> None:
    assert sec_client.get("/sparql", params={"query": padded(8 * 1024)}).status_code == 200
    too_long = sec_client.get("/sparql", params={"query": padded(8 * 1024 + 1)})
    assert too_long.status_code == 414 and too_long.json()["error"] == "query_rejected"


def test_post_query_limit_is_64_kib(sec_client: TestClient) -> None:
    ok = sec_client.post("/sparql", content=padded(64 * 1024), headers={"Content-Type": DIRECT})
    assert ok.status_code == 200
    too_long = sec_client.post("/sparql", content=padded(64 * 1024 + 1), headers={"Content-Type": DIRECT})
    assert too_long.status_code == 413


def test_bodies_and_urls_beyond_the_transport_limits(sec_client: TestClient) -> None:
    huge = sec_client.post("/sparql", content=b"x" * (2 * 1024 * 1024), headers={"Content-Type": DIRECT})
    assert huge.status_code == 413 and huge.json()["error"] == "request_too_large"

    def chunks() -> Iterator[bytes]:
        for _ in range(200):
            yield b"#" * 1024

    chunked = sec_client.post("/sparql", content=chunks(), headers={"Content-Type": DIRECT})
    assert chunked.status_code == 413
    assert sec_client.get("/objectives", params={"junk": "x" * 40_000}).status_code == 414
    lying = sec_client.post(
        "/sparql", content=b"ASK {}", headers={"Content-Type": DIRECT, "Content-Length": "-5"}
    )
    assert lying.status_code in (400, 413)
    form = sec_client.post("/sparql", data={"query": padded(64 * 1024 + 10)})
    assert form.status_code == 413


def raw_request(url: str, payload: bytes, pause_s: float) -> tuple[bytes, float]:
    """Send payload to the live server, then stall; return what the server answered and when."""
    parts = urlsplit(url)
    start = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as sock:
        sock.sendall(payload)
        time.sleep(pause_s)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return data, time.monotonic() - start


def test_a_slow_body_is_cut_off(live_url: str) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    head += b"Content-Length: 100\r\n\r\n"
    answer, elapsed = raw_request(live_url, head + b"ASK {", 0)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert elapsed < 2.0 + 3.0
    assert httpx.get(f"{live_url}/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200


def test_per_client_rate_limit_answers_429(sec_settings: Settings) -> None:
    strict = sec_settings.model_copy(update={"sparql_rate_per_s": 0.5, "sparql_burst": 3})
    with TestClient(create_app(strict)) as client:
        statuses = [client.get("/sparql", params={"query": "ASK {}"}).status_code for _ in range(6)]
        refused = client.get("/sparql", params={"query": "ASK {}"})
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429, 429]
        assert refused.json()["error"] == "rate_limited" and int(refused.headers["retry-after"]) >= 1
        assert client.get("/objectives").status_code == 200  # other paths have their own bucket


def test_concurrent_sparql_per_client_answers_429(sec_settings: Settings) -> None:
    single = sec_settings.model_copy(update={"sparql_concurrent_per_client": 1})
    with TestClient(create_app(single)) as client:
        client.get("/sparql", params={"query": "ASK {}"})
        slow = threading.Thread(target=client.get, args=("/sparql",), kwargs={"params": {"query": CARTESIAN}})
        slow.start()
        time.sleep(0.5)
        second = client.get("/sparql", params={"query": "ASK {}"})
        slow.join(30)
        assert second.status_code == 429 and "retry-after" in second.headers


def hog(url: str, results: list[int]) -> None:
    """Run the cartesian bomb against the live server and record the status."""
    results.append(httpx.get(f"{url}/sparql", params={"query": CARTESIAN}, timeout=30).status_code)


@pytest.mark.slow
def test_cheap_requests_stay_fast_while_expensive_ones_are_killed(live_url: str) -> None:
    assert httpx.get(f"{live_url}/objectives/5/recommendations", timeout=10).status_code == 200  # warm up
    results: list[int] = []
    hogs = [threading.Thread(target=hog, args=(live_url, results)) for _ in range(2)]
    for thread in hogs:
        thread.start()
    time.sleep(0.4)
    # a text not asked before: an identical one would be answered from the generation's answer cache
    busy = httpx.get(f"{live_url}/sparql", params={"query": "ASK { BIND(1 AS ?busy) }"}, timeout=10)
    latencies = []
    for _ in range(10):
        start = time.monotonic()
        assert httpx.get(f"{live_url}/objectives/5/recommendations", timeout=10).status_code == 200
        latencies.append(time.monotonic() - start)
    for thread in hogs:
        thread.join(30)
    assert results == [504, 504]
    assert busy.status_code == 503 and busy.json()["error"] == "busy" and busy.headers["retry-after"]
    assert max(latencies) < 1.0, latencies


def test_a_response_may_stream_longer_than_the_body_deadline() -> None:
    # found by the export benchmark: a download lasting longer than the body deadline was cut at 128 KiB,
    # because Starlette's streaming response calls receive() to watch for a disconnect
    events: list[str] = []
    sent: list[dict[str, object]] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(0.3)
        events.append((await receive())["type"])
        await send({"type": "http.response.body", "body": b"done"})

    incoming: list[Message] = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> Message:
        if incoming:
            return incoming.pop(0)
        await asyncio.sleep(0.05)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "query_string": b"", "headers": []}
    asyncio.run(RequestLimits(app, body_timeout_s=0.1)(scope, receive, send))
    assert events == ["http.disconnect"]
    assert sent[-1] == {"type": "http.response.body", "body": b"done"}


def test_a_worker_killed_from_two_threads_at_once_is_killed_once(sec_settings: Settings) -> None:
    # the pool's shutdown and a timed-out query's thread may discard the same worker concurrently
    worker = Worker(context(), sec_settings.store_dir, 512 * 1024 * 1024)
    killers = [threading.Thread(target=worker.kill) for _ in range(8)]
    for thread in killers:
        thread.start()
    for thread in killers:
        thread.join(10)
    assert not worker.process.is_alive()
    assert worker.conn.closed
