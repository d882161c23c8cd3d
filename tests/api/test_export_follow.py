"""The first download of an export while it is being written: one writer, readers follow, failures cut."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from fastapi.testclient import TestClient

import gcmkg.export as export
import gcmkg.export_cache as export_cache
from api.app import create_app
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.export import FORMATS, cache_path, file_sha256
from gcmkg.export_cache import export_or_follow
from gcmkg.store import GraphStore, open_store, write_generation
from tests.store.helpers import fixture_graphs

REAL_DUMP = export.dump


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a fresh fixture store."""
    settings = Settings(var_dir=tmp_path)
    write_generation(fixture_graphs(), settings)
    return settings


def slow_dump(fail: bool = False) -> tuple[list[str], object]:
    """Return a call log and a dump writing the real export in 8 slow pieces (failing half-way if fail)."""
    calls: list[str] = []

    def dump(store: GraphStore, fmt: export.ExportFormat, output: BinaryIO) -> None:
        calls.append(fmt.name)
        buffer = io.BytesIO()
        REAL_DUMP(store, fmt, buffer)
        data = buffer.getvalue()
        step = len(data) // 8 + 1
        for index in range(0, len(data), step):
            if fail and index >= len(data) // 2:
                raise OSError(5, "Input/output error")
            output.write(data[index : index + step])
            output.flush()
            time.sleep(0.05)

    return calls, dump


def collect(parts: Iterator[bytes], into: list[bytes | Exception]) -> None:
    """Read an iterator to the end into a list (the bytes joined, or the error raised)."""
    try:
        into.append(b"".join(parts))
    except StoreError as error:
        into.append(error)


def test_followers_get_the_whole_file_from_one_writer(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, dump = slow_dump()
    monkeypatch.setattr(export, "dump", dump)
    store, cache = open_store(settings), settings.var_dir / "export-cache"
    followers = [export_or_follow(store, FORMATS["nquads"], cache, wait_s=0) for _ in range(3)]
    assert not any(isinstance(f, tuple) for f in followers)  # all three follow the file being written
    results: list[bytes | Exception] = []
    threads = [threading.Thread(target=collect, args=(f, results)) for f in followers]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    path = cache_path(store, FORMATS["nquads"], cache)
    assert calls == ["nquads"] and len(results) == 3
    assert all(result == path.read_bytes() for result in results)
    found = export_or_follow(store, FORMATS["nquads"], cache)
    assert found == (path, file_sha256(path))
    assert sorted(p.name for p in path.parent.iterdir()) == [".gcmkg.nq.lock", "gcmkg.nq", "gcmkg.nq.sha256"]


def test_a_writer_failing_midway_cuts_its_followers_and_leaves_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, dump = slow_dump(fail=True)
    monkeypatch.setattr(export, "dump", dump)
    store, cache = open_store(settings), settings.var_dir / "export-cache"
    follower = export_or_follow(store, FORMATS["trig"], cache, wait_s=0)
    results: list[bytes | Exception] = []
    collect(follower, results)  # type: ignore[arg-type]
    assert isinstance(results[0], StoreError) and "gcmkg.trig" in str(results[0])
    path = cache_path(store, FORMATS["trig"], cache)
    assert sorted(p.name for p in path.parent.iterdir()) == [".gcmkg.trig.lock"]
    monkeypatch.setattr(export, "dump", REAL_DUMP)
    found = export_or_follow(store, FORMATS["trig"], cache)
    assert isinstance(found, tuple) and file_sha256(found[0]) == found[1]


def test_a_writer_failing_at_once_is_an_error_for_the_waiting_request(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_store: GraphStore, _fmt: export.ExportFormat, _output: BinaryIO) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "dump", broken)
    store, cache = open_store(settings), settings.var_dir / "export-cache"
    with pytest.raises(StoreError, match=r"gcmkg\.jsonld: cannot write the jsonld export .*No space left"):
        export_or_follow(store, FORMATS["jsonld"], cache)


def test_http_first_download_follows_the_writer(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, dump = slow_dump()
    monkeypatch.setattr(export, "dump", dump)
    monkeypatch.setattr(export_cache, "FOLLOW_AFTER_S", 0.0)
    with TestClient(create_app(settings)) as client:
        first = client.get("/export?format=turtle")
        second = client.get("/export?format=turtle")
    assert first.status_code == second.status_code == 200 and calls == ["turtle"]
    assert "content-length" not in first.headers and "etag" not in first.headers
    assert first.content == second.content and int(second.headers["content-length"]) == len(second.content)
    assert second.headers["etag"].strip('"') == file_sha256(
        cache_path(open_store(settings), FORMATS["turtle"], settings.var_dir / "export-cache")
    )
