"""Fixtures for the explorer tests: the app over the seed build, asked as a browser and as a program."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from gcmkg.config import Settings
from tests.explorer.seed import seed_store

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a store holding the seed build."""
    return seed_store(tmp_path_factory.mktemp("explorer-seed"))


@pytest.fixture(scope="session")
def app_client(seed_settings: Settings) -> Iterator[TestClient]:
    """The app over the seed build, in process."""
    with TestClient(create_app(seed_settings), raise_server_exceptions=True) as client:
        yield client
