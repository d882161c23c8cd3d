"""`gcmkg parse FILE [--json]` prints the records and the completeness report, or a clear error."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gcmkg.cli import app
from tests.ingest.parse_support import seed_path

runner = CliRunner()


def test_parse_prints_threads_and_completeness() -> None:
    result = runner.invoke(app, ["parse", str(seed_path())])
    assert result.exit_code == 0, result.output
    assert "thread q2: declared 9, found 7" in result.output
    assert "unresolved parents: c039" in result.output
    assert "c011 2021-12-04 q3" in result.output and "Paul Tacon ↳ Kate Barth (parent c010)" in result.output


def test_parse_json_gives_every_record() -> None:
    result = runner.invoke(app, ["parse", "--json", str(seed_path())])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["comments"]) == 49 and len(data["questions"]) == 4
    assert data["comments"][0]["date"] == "2021-11-25"
    assert data["completeness"]["unresolved_parents"] == ["c039"]
    assert "text" not in data


def test_parse_error_is_reported_with_exit_code_2(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(page)])
    assert result.exit_code == 2
    assert "page.html:1: this is HTML" in result.output
