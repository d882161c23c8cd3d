"""Fixtures for the API tests: the fixture store, the app in process, and a real uvicorn server."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from gcmkg.config import Settings
from tests.store.helpers import build_fixture_store, free_port, running


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the hand-written fixture."""
    return build_fixture_store(tmp_path_factory.mktemp("var"))


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    """The app in process."""
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def server_url(settings: Settings) -> Iterator[str]:
    """The base URL of `uvicorn` serving the fixture store on a free loopback port."""
    port = free_port()
    env = {**os.environ, "GCMKG_VAR_DIR": str(settings.var_dir)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--port", str(port)]
    command += ["--host", "127.0.0.1", "--log-level", "warning"]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/sparql", env=env):
        yield url
