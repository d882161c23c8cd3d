"""Fixtures of the adversarial suite: a store with nasty literals, the app with tight limits, live server."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from gcmkg.config import Settings
from gcmkg.store import write_generation
from tests.security.support import Canary, canary_server, security_graphs
from tests.store.helpers import free_port, running

# Tight limits so that attacks resolve quickly in tests; generous rates so the suite is not throttled.
LIMITS = {
    "query_timeout_s": 2.0,
    "stored_query_timeout_s": 2.0,
    "worker_memory_mb": 1024,
    "pool_wait_s": 0.5,
    "sparql_rate_per_s": 1000.0,
    "sparql_burst": 100_000,
    "sparql_concurrent_per_client": 8,
    "rate_per_s": 1000.0,
    "burst": 100_000,
    "body_timeout_s": 2.0,
}


@pytest.fixture(scope="session")
def sec_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the fixture and the nasty-literal graph, with tight limits."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("security-var"), **LIMITS)  # type: ignore[arg-type]
    write_generation(security_graphs(), settings)
    return settings


@pytest.fixture(scope="session")
def sec_client(sec_settings: Settings) -> Iterator[TestClient]:
    """The app in process (worker pools started by its lifespan)."""
    with TestClient(create_app(sec_settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def live_url(sec_settings: Settings) -> Iterator[str]:
    """The base URL of uvicorn serving the security store with the same limits."""
    port = free_port()
    env = {**os.environ, "GCMKG_VAR_DIR": str(sec_settings.var_dir)}
    env |= {f"GCMKG_{name.upper()}": str(value) for name, value in LIMITS.items()}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--port", str(port)]
    command += ["--host", "127.0.0.1", "--log-level", "warning"]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/sparql", env=env):
        yield url


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback HTTP server counting connections."""
    with canary_server() as server:
        yield server
