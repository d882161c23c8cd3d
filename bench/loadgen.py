"""A bounded async HTTP load generator (httpx) for SPARQL endpoints on loopback, and latency statistics.

Every run is bounded in request count and in time, and targets only a URL the benchmark started itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

JSON_RESULTS = "application/sparql-results+json"
WRK_SCRIPT = Path(__file__).resolve().parent / "data" / "wrk_post.lua"

# Builds the request (method, url, keyword arguments for httpx) for one query text.
RequestFactory = Callable[[str], tuple[str, str, dict[str, Any]]]


@dataclass(frozen=True)
class Stats:
    """Latency percentiles (seconds) and throughput of one series of requests."""

    count: int
    p50: float
    p95: float
    p99: float
    mean: float
    requests_per_s: float
    errors: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Return the nearest-rank percentile of values (fraction in 0..1); NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summarize(latencies: Sequence[float], wall: float, errors: int = 0) -> Stats:
    """Return the statistics of latencies measured over `wall` seconds."""
    return Stats(
        count=len(latencies),
        p50=percentile(latencies, 0.5),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
        mean=statistics.fmean(latencies) if latencies else float("nan"),
        requests_per_s=len(latencies) / wall if wall > 0 else float("nan"),
        errors=errors,
    )


def sparql_post(url: str, accept: str = JSON_RESULTS, close: bool = False) -> RequestFactory:
    """Return a factory of SPARQL 1.1 Protocol form-encoded POST requests (new connection each if close)."""
    headers = {"Accept": accept, **({"Connection": "close"} if close else {})}

    def build(query: str) -> tuple[str, str, dict[str, Any]]:
        return "POST", url, {"data": {"query": query}, "headers": headers}

    return build


def http_get(url: str) -> RequestFactory:
    """Return a factory of GET requests to a fixed URL (a stored query with its parameters)."""

    def build(_query: str) -> tuple[str, str, dict[str, Any]]:
        return "GET", url, {"headers": {"Accept": "application/json"}}

    return build


def wrk(
    url: str, query: str | None, connections: int, seconds: float, close: bool = False, timeout: float = 120.0
) -> Stats:
    """Run wrk (one thread, `connections` in flight, for `seconds`) posting the query (GET when None).

    `timeout`: how long a request may take before wrk gives up on it; the caller sets it to the server's own
    limit, so no request is abandoned while the server still works on it (abandoned 1M queries held the
    server's workers and jammed the next series).
    """
    with tempfile.TemporaryDirectory(prefix="gcmkg-wrk-") as tmp:
        body = Path(tmp) / "body.txt"
        if query is not None:
            body.write_text(urllib.parse.urlencode({"query": query}), encoding="utf-8")
        env = {**os.environ, "WRK_BODY_FILE": str(body) if query is not None else ""}
        env["WRK_CLOSE"] = "1" if close else "0"
        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            f"{round(timeout)}s",
        ]
        done = subprocess.run(
            [*command, "-s", str(WRK_SCRIPT), url], capture_output=True, text=True, env=env, check=False
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return Stats(0, *(float("nan"),) * 5, errors=1, notes=(done.stderr[-300:] or done.stdout[-300:],))
    data = json.loads(lines[-1])
    wall = data.pop("seconds")
    return Stats(**data, requests_per_s=data["count"] / wall if wall else float("nan"))


async def _one(client: httpx.AsyncClient, request: tuple[str, str, dict[str, Any]]) -> tuple[float, int]:
    """Return (latency, bytes) of one request whose whole body was read; raise on an HTTP error."""
    method, url, kwargs = request
    start = time.perf_counter()
    async with client.stream(method, url, **kwargs) as response:
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
        response.raise_for_status()
    return time.perf_counter() - start, size


async def _worker(
    client: httpx.AsyncClient, request: tuple[str, str, dict[str, Any]], state: dict[str, Any]
) -> None:
    """Send requests until the shared budget (count or deadline) is spent."""
    while state["left"] > 0 and time.perf_counter() < state["deadline"]:
        state["left"] -= 1
        try:
            latency, size = await _one(client, request)
            state["latencies"].append(latency)
            state["bytes"] = size
        except httpx.HTTPError as error:
            state["errors"] += 1
            state["last_error"] = f"{type(error).__name__}: {str(error)[:200]}"


async def _run(
    factory: RequestFactory, query: str, requests: int, concurrency: int, seconds: float, timeout: float
) -> Stats:
    """Run the bounded load and return its statistics."""
    state: dict[str, Any] = {"left": requests, "latencies": [], "errors": 0, "last_error": "", "bytes": 0}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
        start = time.perf_counter()
        state["deadline"] = start + seconds
        await asyncio.gather(*(_worker(client, factory(query), state) for _ in range(concurrency)))
        wall = time.perf_counter() - start
    stats = summarize(state["latencies"], wall, state["errors"])
    notes = (f"response bytes {state['bytes']}", *((state["last_error"],) if state["errors"] else ()))
    return Stats(**{**stats.__dict__, "notes": notes})


def load(
    factory: RequestFactory,
    query: str,
    requests: int,
    concurrency: int,
    seconds: float,
    timeout: float = 120.0,
) -> Stats:
    """Send at most `requests` requests with `concurrency` in flight for at most `seconds`; return stats."""
    return asyncio.run(_run(factory, query, requests, concurrency, seconds, timeout))


def fetch(request: tuple[str, str, dict[str, Any]], timeout: float = 600.0) -> tuple[float, int]:
    """Return (seconds, bytes) of one streamed request (used for the full export)."""

    async def go() -> tuple[float, int]:
        async with httpx.AsyncClient(timeout=timeout) as client:
            return await _one(client, request)

    return asyncio.run(go())
