"""Fixtures of the fault-injection tests: a store holding the fixture graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from gcmkg.config import Settings
from tests.store.helpers import build_fixture_store


@pytest.fixture
def store_settings(tmp_path: Path) -> Settings:
    """Settings whose embedded store holds one generation of the fixture."""
    return build_fixture_store(tmp_path / "var")
