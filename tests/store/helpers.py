"""Shared test helpers: the hand-written fixture dataset, a built store, a real Oxigraph server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.store import write_generation
from gcmkg.store.terms import to_rdflib

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "graphs" / "mini.trig"
BASE = "https://w3id.org/gcmkg/id/"
GKG = "https://w3id.org/gcmkg/ontology#"


def fixture_graphs(path: Path = FIXTURE) -> dict[URIRef, Graph]:
    """Return the named graphs of a TriG fixture by graph IRI."""
    graphs: dict[URIRef, Graph] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        graph = graphs.setdefault(URIRef(quad.graph_name.value), Graph())  # type: ignore[union-attr]
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    return graphs


def build_fixture_store(var_dir: Path) -> Settings:
    """Return settings whose store holds one generation of the fixture."""
    settings = Settings(var_dir=var_dir)
    write_generation(fixture_graphs(), settings)
    return settings


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Wait until url answers, or fail with the process output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


@contextmanager
def running(
    command: list[str], url: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server process, wait for url, yield it, then stop it by its pid."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=Path(__file__).parents[2]
    )
    try:
        wait_until_up(url, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def oxigraph_command(location: Path, port: int) -> list[str]:
    """Return the command line of an `oxigraph serve` process (from the venv's oxigraph package)."""
    binary = Path(sys.executable).parent / "oxigraph"
    return [
        str(binary),
        "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]


def failing_derived_file(generation: Path) -> None:
    """A derived-file task that fails as a full disk would (importable by a worker process)."""
    raise StoreError(f"{generation}: cannot write the probe file (disk full)")
