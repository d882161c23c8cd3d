"""`gcmkg query`, `gcmkg export` and `gcmkg serve` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from gcmkg.config import Settings
from tests.store.helpers import free_port, running

pytestmark = pytest.mark.slow


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GCMKG_VAR_DIR": str(settings.var_dir)}
    command = [sys.executable, "-m", "gcmkg", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300, env=env)


def test_query_stored_by_name_with_params_as_csv_and_json(settings: Settings) -> None:
    result = cli(settings, "query", "recommendations-by-actor-type", "--param", "objective=6", "-o", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.returncode == 0, result.stderr
    assert {row["actorType"] for row in rows} == {"CivilSocietyOrganization", "TradeUnion", "UNEntity"}
    as_json = json.loads(cli(settings, "query", "objective-gaps", "-o", "json").stdout)
    assert [row["notation"] for row in as_json] == ["5", "6", "23"]


def test_query_file_is_gated(settings: Settings, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.rq", tmp_path / "bad.rq"
    good.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    bad.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", encoding="utf-8")
    assert cli(settings, "query", str(good), "-o", "csv").stdout.splitlines() == ["n", "246"]
    refused = cli(settings, "query", str(bad))
    assert refused.returncode == 1 and "SERVICE" in refused.stderr


def test_query_bad_parameter_fails_clearly(settings: Settings) -> None:
    result = cli(settings, "query", "objective-gaps", "--param", "actor_type=Martian")
    assert result.returncode == 1 and "actor_type" in result.stderr


def test_export_all_formats(settings: Settings, tmp_path: Path) -> None:
    result = cli(settings, "export", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "gcmkg.jsonld",
        "gcmkg.nq",
        "gcmkg.trig",
        "gcmkg.ttl",
    ]
    stdout = cli(settings, "export", "-f", "nquads", "-o", "-").stdout
    assert stdout.encode() == (tmp_path / "out" / "gcmkg.nq").read_bytes()


def test_serve_honours_host_and_port_from_the_environment(settings: Settings) -> None:
    port = free_port()
    env = {**os.environ, "GCMKG_VAR_DIR": str(settings.var_dir), "GCMKG_PORT": str(port)}
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "gcmkg", "serve"], f"{url}/sparql", env=env):
        assert httpx.get(f"{url}/objectives/6").json()["number"] == 6
