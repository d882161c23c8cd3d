"""`gcmkg check`, `gcmkg vocab` and `gcmkg docs` through the real entry point (python -m gcmkg)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from gcmkg.namespaces import ONTOLOGY_IRI
from gcmkg.ontology_docs import docs_file
from gcmkg.resources import PROJECT_ROOT, ontology_file

COPIED = ("gcmkg", "ingest", "api", "ontology", "shapes", "queries")


def run_cli(*args: str, root: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "gcmkg", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=root,
        env=env,
    )


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """Return a copy of the code and data trees, so a test can break them without touching the repository."""
    for name in COPIED:
        if (PROJECT_ROOT / name).exists():
            shutil.copytree(
                PROJECT_ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
            )
    return tmp_path


def test_check_passes_on_the_repository() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:4]] == [
        ["ok", "ontology"],
        ["ok", "vocabularies"],
        ["ok", "shapes"],
        ["ok", "owl"],
    ]
    assert "HermiT: consistent" in result.stdout
    assert lines[-1] == "check passed"


def test_check_names_a_term_missing_from_the_ontology(project_copy: Path) -> None:
    ontology = project_copy / "ontology" / "gcmkg.ttl"
    text = ontology.read_text(encoding="utf-8")
    start = text.index("gkg:pinpoint\n")
    ontology.write_text(text[:start] + text[text.index("\n.\n", start) + 3 :], encoding="utf-8")
    result = run_cli("check", "--skip-owl", root=project_copy)
    assert result.returncode == 1
    assert "FAIL ontology" in result.stdout
    assert "'pinpoint'" in result.stdout
    assert "check failed: ontology" in result.stderr


def test_stale_vocabularies_fail_until_vocab_regenerates_them(project_copy: Path) -> None:
    table = project_copy / "ontology" / "registry" / "objectives.tsv"
    table.write_text(table.read_text(encoding="utf-8").replace("\tData\t", "\tData and evidence\t"), "utf-8")
    stale = run_cli("check", "--skip-owl", root=project_copy)
    assert stale.returncode == 1
    assert "FAIL vocabularies" in stale.stdout
    assert "['objectives']" in stale.stdout and "gcmkg vocab" in stale.stdout
    regenerated = run_cli("vocab", root=project_copy)
    assert regenerated.returncode == 0
    assert "wrote ontology/vocabularies/objectives.ttl" in regenerated.stdout
    assert "Data and evidence" in (project_copy / "ontology" / "vocabularies" / "objectives.ttl").read_text(
        "utf-8"
    )
    assert run_cli("check", "--skip-owl", root=project_copy).returncode == 0


def test_check_reports_an_inconsistent_vocabulary(project_copy: Path) -> None:
    vocabulary = project_copy / "ontology" / "vocabularies" / "organizations.ttl"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8")
        + "\n<https://w3id.org/gcmkg/id/org/ccoo> a <https://w3id.org/gcmkg/ontology#State> .\n",
        encoding="utf-8",
    )
    result = run_cli("check", root=project_copy)
    assert result.returncode == 1
    owl_line = next(line for line in result.stdout.splitlines() if " owl " in line)
    assert owl_line.startswith("FAIL")
    assert "<https://w3id.org/gcmkg/id/org/ccoo> is a" in owl_line


def test_docs_writes_the_committed_documentation(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    result = run_cli("docs", "--output", str(target))
    assert result.returncode == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    ontology = Graph().parse(ontology_file(), format="turtle")
    labels = {str(o) for s, o in ontology.subject_objects(RDFS.label) if str(s).startswith(ONTOLOGY_IRI)}
    english = {label for label in labels if label.isascii()}
    assert len(english) > 60
    assert sorted(label for label in english if escape(label, quote=False) not in html) == []
    assert html == docs_file().read_text(encoding="utf-8"), "run `gcmkg docs` to refresh the committed file"
