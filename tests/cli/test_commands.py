"""The command line through its real entry point (`python -m gcmkg`): help, results, failures, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gcmkg.config import Settings
from tests.explorer.seed import seed_store

pytestmark = pytest.mark.slow
COMMANDS = ("build", "validate", "check", "query", "export", "serve", "stats", "eval")
VIOLATING = """@prefix gkg: <https://w3id.org/gcmkg/ontology#> .
<https://w3id.org/gcmkg/id/comment/x> a gkg:Comment .
"""


def gcmkg(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m gcmkg ARGS` with the store under var_dir."""
    env = {**os.environ, "GCMKG_VAR_DIR": str(var_dir), "COLUMNS": "200"}
    command = [sys.executable, "-m", "gcmkg", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300, env=env)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a store built from the seed page (with its export files)."""
    return seed_store(tmp_path_factory.mktemp("cli-seed"))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(tmp_path: Path, command: str) -> None:
    result = gcmkg(tmp_path, command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 5


def test_top_level_help_lists_every_command(tmp_path: Path) -> None:
    result = gcmkg(tmp_path, "--help")
    assert result.returncode == 0
    assert all(f" {command} " in result.stdout for command in COMMANDS)


def test_stats_counts_the_seed(seed: Settings) -> None:
    result = gcmkg(seed.var_dir, "stats", "--objectives", "-o", "json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["consultations"] == 1 and figures["comments"] == 49
    assert figures["statements: recommendations"] == 105
    assert figures["objective links: explicit"] + figures["objective links: inferred"] == 184
    assert figures["objective 5"] == 15
    table = gcmkg(seed.var_dir, "stats")
    assert table.returncode == 0 and "recommenders" in table.stdout


def test_stats_without_a_store_says_to_build(tmp_path: Path) -> None:
    result = gcmkg(tmp_path / "empty", "stats")
    assert result.returncode == 1
    assert "gcmkg build" in result.stderr


def test_validate_the_store(seed: Settings) -> None:
    result = gcmkg(seed.var_dir, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("valid: 1 graphs conform to the shapes")


def test_build_writes_exports_only_when_asked(tmp_path: Path) -> None:
    plain = gcmkg(tmp_path / "plain", "build", "-q")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert not Settings(var_dir=tmp_path / "plain").export_dir.exists()
    built = gcmkg(tmp_path / "with", "build", "-q", "--exports")
    assert built.returncode == 0, built.stdout + built.stderr
    export_dir = Settings(var_dir=tmp_path / "with").export_dir
    names = sorted(p.name for p in export_dir.iterdir())
    assert names == ["gcmkg.jsonld", "gcmkg.nq", "gcmkg.trig", "gcmkg.ttl"]
    assert "time: export" in built.stdout and f"exports: {export_dir}" in built.stdout.replace("\n", "")
    exported = gcmkg(tmp_path / "with", "validate", str(export_dir / "gcmkg.trig"))
    assert exported.returncode == 0, exported.stdout + exported.stderr


def test_validate_failures_and_exit_codes(tmp_path: Path) -> None:
    missing = gcmkg(tmp_path, "validate", str(tmp_path / "missing.ttl"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    unparsable = gcmkg(tmp_path, "validate", str(broken))
    assert unparsable.returncode == 2 and "not valid turtle" in unparsable.stderr
    odd = tmp_path / "data.xml"
    odd.write_text("<x/>", encoding="utf-8")
    assert gcmkg(tmp_path, "validate", str(odd)).returncode == 2
    bad = tmp_path / "bad.ttl"
    bad.write_text(VIOLATING, encoding="utf-8")
    violating = gcmkg(tmp_path, "validate", "--verbose", str(bad))
    assert violating.returncode == 1
    assert f"FAIL {bad}" in violating.stdout and "MinCountConstraintComponent" in violating.stdout
    assert "violate the shapes" in violating.stderr


def test_query_failures_say_what_to_do(seed: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT WHERE {", encoding="utf-8")
    syntax = gcmkg(seed.var_dir, "query", str(bad))
    assert syntax.returncode == 1 and "syntax error" in syntax.stderr.lower()
    unknown = gcmkg(seed.var_dir, "query", "no-such-query")
    assert unknown.returncode == 2 and "neither a stored query name nor a .rq file" in unknown.stderr
    missing = gcmkg(seed.var_dir, "query", str(tmp_path / "missing.rq"))
    assert missing.returncode == 2
    wrong = gcmkg(seed.var_dir, "query", "recommendations-for-objective", "--param", "objective=99")
    assert wrong.returncode == 1 and "objective" in wrong.stderr


def test_build_of_a_missing_page_fails_and_keeps_the_store(seed: Settings, tmp_path: Path) -> None:
    before = gcmkg(seed.var_dir, "stats", "-o", "json").stdout
    result = gcmkg(seed.var_dir, "build", "-q", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "cannot read the source page" in result.stderr and "left unchanged" in result.stderr
    assert gcmkg(seed.var_dir, "stats", "-o", "json").stdout == before
