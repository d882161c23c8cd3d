"""A store built from the bundled seed page, shared by the explorer, CLI and browser tests."""

from __future__ import annotations

from pathlib import Path

from gcmkg.config import Settings
from gcmkg.pipeline import build
from gcmkg.resources import seed_pages


def seed_store(var_dir: Path) -> Settings:
    """Build the seed page into a store under var_dir and return its settings."""
    settings = Settings(var_dir=var_dir)
    build(seed_pages(), settings)
    return settings
