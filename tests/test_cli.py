"""The command line through its real entry point."""

from __future__ import annotations

import subprocess
import sys

from gcmkg import __version__


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gcmkg", *args], capture_output=True, text=True, check=False, timeout=300
    )


def test_version_prints_package_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"gcmkg {__version__}"


def test_unknown_command_fails_with_usage() -> None:
    result = run_cli("no-such-command")
    assert result.returncode != 0
    assert "No such command" in result.stderr
