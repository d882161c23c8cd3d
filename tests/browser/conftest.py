"""Fixtures for the browser test: `gcmkg serve` over the seed build on a free port, and Debian's Chromium."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.explorer.seed import seed_store
from tests.store.helpers import free_port, running

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
HOW = "run `sh scripts/install-browser.sh` (as root it installs Debian's chromium; otherwise it says how)"


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of `python -m gcmkg serve` serving a store built from the seed page."""
    settings = seed_store(tmp_path_factory.mktemp("browser-seed"))
    port = free_port()
    env = {**os.environ, "GCMKG_VAR_DIR": str(settings.var_dir)}
    command = [sys.executable, "-m", "gcmkg", "serve", "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/objectives", env=env):
        yield url


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Any]:
    """A Chromium page (fresh profile, downloads accepted); fails, never skips, when Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: {HOW}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = f"the playwright package is missing: {HOW} or `.venv/bin/pip install -e .[dev]`"
        pytest.fail(missing, pytrace=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context.new_page()
        finally:
            context.close()
