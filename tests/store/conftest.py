"""Fixtures for the store tests: a built fixture store and a real Oxigraph server process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gcmkg.config import Settings
from tests.store.helpers import build_fixture_store, free_port, oxigraph_command, running


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose embedded store holds the fixture."""
    return build_fixture_store(tmp_path)


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[Settings]:
    """Settings pointing the 'sparql' backend at a fresh `oxigraph serve` on a free loopback port."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(oxigraph_command(tmp_path / "oxi", port), f"{base}/query?query=ASK%7B%7D"):
        yield Settings(
            var_dir=tmp_path / "var",
            store_backend="sparql",
            sparql_query_url=f"{base}/query",
            sparql_update_url=f"{base}/update",
            sparql_gsp_url=f"{base}/store",
        )
