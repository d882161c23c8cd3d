"""Sub-commands of `gcmkg`; each module defines `register(app)` and owns one concern."""

from __future__ import annotations

import importlib

import typer

# Order here is the order in `gcmkg --help`.
COMMAND_MODULES: tuple[str, ...] = (
    "build", "validate", "check", "vocab", "docs", "parse", "eval", "serve", "query", "export", "stats",
)  # fmt: skip


def register_all(app: typer.Typer) -> None:
    """Register every sub-command module's commands on `app`."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"gcmkg.commands.{name}").register(app)
