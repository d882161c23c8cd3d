"""In-process engines (pyoxigraph in memory and on disk, rdflib's in-memory Dataset), one per child process.

Run by bench/serve.py: `.venv/bin/python -m bench.inproc --spec SPEC.json --out RESULT.json`.
The child loads the files, times each query sequentially (results serialised to SPARQL JSON, as a server
would), dumps the whole dataset as N-Quads, and rewrites R.json after every step so a time-boxed run that is
killed still leaves what it measured.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Dataset

from bench.loadgen import summarize


class Engine(Protocol):
    """What the benchmark needs from an in-process engine."""

    def load(self, files: list[Path]) -> None:
        """Load N-Quads files."""

    def query(self, sparql: str) -> int:
        """Run a query, serialise its results as SPARQL JSON, return the byte count."""

    def export(self, target: Path) -> int:
        """Dump the whole dataset as N-Quads to target; return its size in bytes."""


class OxigraphEngine:
    """pyoxigraph's Store, in memory (path None) or on disk; the default graph is the union of graphs."""

    def __init__(self, path: Path | None) -> None:
        self.store = ox.Store(str(path)) if path else ox.Store()

    def load(self, files: list[Path]) -> None:
        """Bulk-load N-Quads files."""
        for file in files:
            self.store.bulk_load(path=str(file), format=ox.RdfFormat.N_QUADS)
        self.store.flush()

    def query(self, sparql: str) -> int:
        """Run a query over the union graph; return the size of its JSON (or N-Triples) serialisation."""
        result = self.store.query(sparql, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            return len(result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
        return len(result.serialize(format=ox.QueryResultsFormat.JSON) or b"")

    def export(self, target: Path) -> int:
        """Dump every quad as N-Quads."""
        self.store.dump(str(target), format=ox.RdfFormat.N_QUADS)
        return target.stat().st_size


class RdflibEngine:
    """rdflib's in-memory Dataset with the union of its graphs as default graph (the naive choice)."""

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)

    def load(self, files: list[Path]) -> None:
        """Parse N-Quads files."""
        for file in files:
            self.dataset.parse(str(file), format="nquads")

    def query(self, sparql: str) -> int:
        """Run a query; return the size of its JSON serialisation."""
        buffer = io.BytesIO()
        self.dataset.query(sparql).serialize(buffer, format="json")
        return len(buffer.getvalue())

    def export(self, target: Path) -> int:
        """Serialise every quad as N-Quads."""
        self.dataset.serialize(destination=str(target), format="nquads")
        return target.stat().st_size


def make_engine(name: str, workdir: Path) -> Engine:
    """Return the named in-process engine."""
    factories: dict[str, Callable[[], Engine]] = {
        "pyoxigraph-memory": lambda: OxigraphEngine(None),
        "pyoxigraph-disk": lambda: OxigraphEngine(workdir / "pyoxigraph-db"),
        "rdflib-memory": RdflibEngine,
    }
    return factories[name]()


def peak_rss() -> int:
    """Return this process's peak resident memory in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def time_query(engine: Engine, sparql: str, repeats: int, budget: float) -> dict[str, Any]:
    """Run one warm-up then up to `repeats` timed runs within `budget` seconds (at least 3)."""
    size = engine.query(sparql)
    latencies: list[float] = []
    spent_start = time.perf_counter()
    while len(latencies) < repeats and (len(latencies) < 3 or time.perf_counter() - spent_start < budget):
        start = time.perf_counter()
        engine.query(sparql)
        latencies.append(time.perf_counter() - start)
    stats = summarize(latencies, sum(latencies))
    return {**stats.__dict__, "bytes": size}


def run(spec: dict[str, Any], out: Path) -> None:
    """Run the spec (engine, files, queries, repeats, budget), writing results to out after each step."""
    result: dict[str, Any] = {"engine": spec["engine"], "queries": {}}

    def save() -> None:
        result["peak_rss"] = peak_rss()
        out.write_text(json.dumps(result, indent=1), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="gcmkg-bench-", dir=spec.get("tmp")) as tmp:
        engine = make_engine(spec["engine"], Path(tmp))
        start = time.perf_counter()
        engine.load([Path(f) for f in spec["files"]])
        result["load_seconds"] = time.perf_counter() - start
        result["rss_after_load"] = peak_rss()
        save()
        for name, sparql in spec["queries"].items():
            result["queries"][name] = time_query(engine, sparql, spec["repeats"], spec["budget"])
            save()
        start = time.perf_counter()
        result["export_bytes"] = engine.export(Path(tmp) / "export.nq")
        result["export_seconds"] = time.perf_counter() - start
        save()


def main(argv: list[str] | None = None) -> None:
    """Read the spec file and run it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    run(json.loads(args.spec.read_text(encoding="utf-8")), args.out)


if __name__ == "__main__":
    main()
