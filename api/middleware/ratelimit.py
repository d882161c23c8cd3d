"""Per-client limits: a token bucket per client address and path class, and a cap on concurrent /sparql.

Refusals are 429 with Retry-After. The client is the connection's peer address (run uvicorn with
--proxy-headers behind a trusted proxy so that it is the real client).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from api.middleware.responses import send_error
from gcmkg.config import Settings

MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class Rule:
    """Limits for requests whose path starts with prefix: rate/s, burst and concurrent requests (0 = none)."""

    prefix: str
    rate: float
    burst: int
    concurrent: int = 0


@dataclass
class Bucket:
    """A token bucket: tokens refill at rate per second up to burst."""

    tokens: float
    stamp: float
    inflight: int = field(default=0)

    def take(self, rule: Rule, now: float) -> float:
        """Take one token; return 0 on success, else the seconds until one is available."""
        self.tokens = min(float(rule.burst), self.tokens + (now - self.stamp) * rule.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / rule.rate if rule.rate > 0 else 60.0


def rules_from(settings: Settings) -> tuple[Rule, ...]:
    """Return the rules configured in settings: /sparql first, then everything else."""
    return (
        Rule(
            "/sparql",
            settings.sparql_rate_per_s,
            settings.sparql_burst,
            settings.sparql_concurrent_per_client,
        ),
        Rule("/", settings.rate_per_s, settings.burst),
    )


def client_of(scope: Scope) -> str:
    """Return the client address of a request ('' when unknown)."""
    client = scope.get("client")
    return str(client[0]) if client else ""


class RateLimit:
    """Refuse (429) a client over its request rate or its concurrent /sparql requests."""

    def __init__(self, app: ASGIApp, rules: tuple[Rule, ...]) -> None:
        self.app = app
        self.rules = rules
        self.buckets: dict[tuple[str, str], Bucket] = {}

    def bucket(self, rule: Rule, client: str, now: float) -> Bucket:
        """Return the client's bucket for rule (forgetting every client when the table is full)."""
        key = (rule.prefix, client)
        if key not in self.buckets and len(self.buckets) >= MAX_CLIENTS:
            self.buckets = {k: b for k, b in self.buckets.items() if b.inflight}
        return self.buckets.setdefault(key, Bucket(float(rule.burst), now))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Apply the first rule matching the path, then run the app."""
        rule = next((r for r in self.rules if scope.get("path", "").startswith(r.prefix)), None)
        if scope["type"] != "http" or rule is None or scope.get("method") == "OPTIONS" or rule.burst <= 0:
            await self.app(scope, receive, send)
            return
        bucket = self.bucket(rule, client_of(scope), time.monotonic())
        wait = bucket.take(rule, time.monotonic())
        if wait or (rule.concurrent and bucket.inflight >= rule.concurrent):
            retry = str(max(1, math.ceil(wait)))
            detail = f"too many requests to {rule.prefix} from this client; retry after {retry} s"
            await send_error(send, 429, "rate_limited", detail, {"Retry-After": retry})
            return
        bucket.inflight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            bucket.inflight -= 1
