"""ASGI middleware: CORS for reading, request size and time limits, per-client rate limits.

`install(app, settings)` adds them in order; the outermost is CORS, so refusals carry CORS headers too.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.middleware.cors import OpenCors
from api.middleware.limits import RequestLimits
from api.middleware.ratelimit import RateLimit, rules_from
from gcmkg.config import Settings


def install(app: FastAPI, settings: Settings) -> None:
    """Add rate limits, request limits and CORS to app (innermost first)."""
    app.add_middleware(RateLimit, rules=rules_from(settings))
    app.add_middleware(RequestLimits, body_timeout_s=settings.body_timeout_s)
    app.add_middleware(OpenCors)
