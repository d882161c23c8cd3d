"""The files derived from a generation: the same built here or by worker processes; a failure stops."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import gcmkg.store.derived as derived
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store import write_generation
from gcmkg.store.derived import build_derived
from gcmkg.store.local import current_generation
from tests.store.helpers import failing_derived_file, fixture_graphs

KINDS = ("headline", "search", "shapes")


def contents(views: Path, generation: str) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of every table of each derived file of a generation (for comparing two builds)."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for kind in KINDS:
        connection = sqlite3.connect(views / f"{generation}.{kind}.sqlite")
        try:
            names = [
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            for name in sorted(n for n in names if not n.startswith(("sqlite_", "texts_"))):
                rows = connection.execute(f"SELECT * FROM {name}").fetchall()  # names read from the file
                found[f"{kind}.{name}"] = sorted(rows, key=repr)
        finally:
            connection.close()
    return found


def test_worker_processes_write_the_same_derived_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = Settings(var_dir=tmp_path / "here"), Settings(var_dir=tmp_path / "there")
    write_generation(fixture_graphs(), here)
    monkeypatch.setattr(derived, "PARALLEL_FROM_QUADS", 0)  # the fixture is small: force the processes
    write_generation(fixture_graphs(), there)
    generations = [current_generation(s.store_dir) for s in (here, there)]
    assert all(generation is not None for generation in generations)
    here_files = contents(here.store_dir / "views", generations[0].name)  # type: ignore[union-attr]
    there_files = contents(there.store_dir / "views", generations[1].name)  # type: ignore[union-attr]
    assert {name.split(".")[0] for name in here_files} == set(KINDS)
    for name, rows in here_files.items():
        if name.endswith(".meta"):  # names its own generation
            continue
        assert rows == there_files[name], name


def test_a_derived_file_failing_in_a_worker_raises_naming_it(settings: Settings) -> None:
    generation = current_generation(settings.store_dir)
    assert generation is not None
    with pytest.raises(StoreError, match="cannot write the probe file"):
        build_derived(generation, quads=10**9, tasks=[failing_derived_file])  # forced into a worker


def test_a_generation_that_cannot_be_opened_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the new generation"):
        derived.headline_view_file(tmp_path / "no-such-generation")
