"""The store is replaced whole or not at all: faults mid-write leave it exactly as before (canonical hash)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.term import Node

from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store import LocalStore, canonical_hash, open_store, replace_graph, write_generation
from gcmkg.store.local import generations_dir
from tests.faults.writer import GRAPH
from tests.store.helpers import fixture_graphs

PROJECT = Path(__file__).resolve().parents[2]
P = URIRef("urn:test:p")
Triple = tuple[Node, Node, Node]


class Injected(RuntimeError):
    """The fault a test injects."""


def failing_after(count: int) -> Iterator[Triple]:
    """Yield count triples, then raise Injected."""
    for index in range(count):
        yield URIRef(f"urn:test:s{index}"), P, Literal(index)
    raise Injected(f"fault after {count} triples")


def fingerprint(settings: Settings) -> tuple[str, str]:
    """Return (generation name, canonical hash) of the current store."""
    store = open_store(settings)
    return store.generation(), canonical_hash(store)


def generation_dirs(settings: Settings) -> list[str]:
    """Return the names of the generation directories on disk."""
    return sorted(p.name for p in generations_dir(settings.store_dir).iterdir() if p.is_dir())


@pytest.mark.parametrize("count", [0, 1, 500, 20_000])
def test_an_exception_after_n_triples_leaves_the_store_unchanged(
    store_settings: Settings, count: int
) -> None:
    before, dirs = fingerprint(store_settings), generation_dirs(store_settings)
    graphs = {**fixture_graphs(), URIRef("urn:test:g"): failing_after(count)}
    with pytest.raises(Injected):
        write_generation(graphs, store_settings)  # type: ignore[arg-type]
    assert fingerprint(store_settings) == before
    assert generation_dirs(store_settings) == dirs  # the half-written generation was removed


def test_a_malformed_triple_halfway_leaves_the_store_unchanged(store_settings: Settings) -> None:
    before = fingerprint(store_settings)
    bad: list[Triple] = [(URIRef(f"urn:test:s{i}"), P, Literal(i)) for i in range(1000)]
    bad.append((Literal("a literal subject"), P, Literal("x")))
    with pytest.raises(StoreError, match="invalid triple"):
        write_generation({URIRef("urn:test:g"): bad}, store_settings)
    with pytest.raises(Injected):
        replace_graph(URIRef("urn:test:g"), failing_after(300), store_settings)  # type: ignore[arg-type]
    assert fingerprint(store_settings) == before


def start_writer(settings: Settings, count: int, pause: float) -> subprocess.Popen[str]:
    """Start a writer process and wait until it has begun writing."""
    command = [sys.executable, "-m", "tests.faults.writer", str(settings.var_dir), str(count), str(pause)]
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "writing"
    return process


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0])
def test_a_writer_killed_mid_write_leaves_the_store_unchanged(store_settings: Settings, delay: float) -> None:
    before = fingerprint(store_settings)
    writer = start_writer(store_settings, 100_000, 0.02)  # ~2 s of writing: killed before the switch
    threading.Event().wait(delay)
    kill(writer)
    assert writer.returncode == -signal.SIGKILL
    assert fingerprint(store_settings) == before
    write_generation(fixture_graphs(), store_settings)  # the next write works and prunes the debris
    assert canonical_hash(open_store(store_settings)) == before[1]
    assert len(generation_dirs(store_settings)) <= 2


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.4])
def test_a_kill_at_any_moment_gives_the_old_or_the_new_store(store_settings: Settings, delay: float) -> None:
    before = fingerprint(store_settings)[1]
    expected_new = canonical_hash(
        open_store(write_bulk_elsewhere(store_settings.var_dir.parent / "reference", 20_000))
    )
    writer = start_writer(store_settings, 20_000, 0.0)
    threading.Event().wait(delay)
    kill(writer)
    assert canonical_hash(open_store(store_settings)) in (before, expected_new)


def kill(writer: subprocess.Popen[str]) -> None:
    """Kill a writer with SIGKILL (no clean-up code runs) and reap it."""
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(10)
    if writer.stdout:
        writer.stdout.close()


def write_bulk_elsewhere(var_dir: Path, count: int) -> Settings:
    """Return settings of a separate store holding what the writer would write (the 'new' state)."""
    settings = Settings(var_dir=var_dir)
    process = subprocess.run(
        [sys.executable, "-m", "tests.faults.writer", str(var_dir), str(count), "0"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert process.stdout.decode().split() == ["writing", "done"]
    return settings


def version(tag: str, size: int) -> list[Triple]:
    """Return one version of the graph: size triples whose objects are all tag."""
    return [(URIRef(f"urn:test:s{i}"), P, Literal(tag)) for i in range(size)]


COUNT_QUERY = (
    "SELECT (COUNT(*) AS ?n) (GROUP_CONCAT(DISTINCT ?o) AS ?tags) "
    f"WHERE {{ GRAPH <{GRAPH}> {{ ?s <{P}> ?o }} }}"
)


def test_a_concurrent_reader_sees_the_old_or_the_new_graph_never_a_mix(store_settings: Settings) -> None:
    replace_graph(GRAPH, version("a", 100), store_settings)
    seen: list[tuple[str, str]] = []
    stop = threading.Event()

    def read() -> None:
        reader = LocalStore(store_settings.store_dir)
        while not stop.is_set():
            try:
                outcome = reader.execute(COUNT_QUERY, {}, float("inf"), 10)
            except StoreError:  # the generation it named was pruned between two syscalls: read again
                continue
            row = outcome.rows[0]
            seen.append((row[0].value, row[1].value))  # type: ignore[union-attr]

    thread = threading.Thread(target=read)
    thread.start()
    for round_ in range(12):
        replace_graph(GRAPH, version("b", 150) if round_ % 2 == 0 else version("a", 100), store_settings)
    stop.set()
    thread.join(30)
    assert set(seen) <= {("100", "a"), ("150", "b")}, set(seen) - {("100", "a"), ("150", "b")}
    assert {("100", "a"), ("150", "b")} <= set(seen)
