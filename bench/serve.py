"""Serving benchmark: the same queries on the same synthetic graphs, every engine side by side in one run.

Run: `.venv/bin/python -m bench.serve --scales 1k,10k,100k` (add 1M for the time-boxed largest scale).
Engines: pyoxigraph in memory and on disk, rdflib's in-memory Dataset (in-process, timed sequentially), and
over HTTP on loopback with a bounded async load generator: rdflib-endpoint, an external Oxigraph server,
Virtuoso and, when it is importable, the project's own API. Results go to var/bench/results/serve.json
(merged across runs) and the tables with ratios to var/bench/results/serve.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.graphgen import DEFAULT_OUT as GRAPHS_DIR
from bench.graphgen import graph_file, ordering_file, parse_scale, scale_label, write_scale
from bench.loadgen import fetch, http_get, load, wrk
from bench.pagegen import load_corpus
from bench.report import render_serve
from bench.servers import EXPORT_QUERY, STARTERS, BenchError, Server, kill_group
from gcmkg.iris import objective_iri
from gcmkg.resources import PROJECT_ROOT

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
RESULTS_DIR = PROJECT_ROOT / "var" / "bench" / "results"
IN_PROCESS = ("pyoxigraph-memory", "pyoxigraph-disk", "rdflib-memory")
DEFAULT_ENGINES = (*IN_PROCESS, "rdflib-endpoint", "oxigraph-server", "virtuoso", "gcmkg-api")
# also available: "gcmkg-api-nocache" (the API with its answer cache off: every request reaches the engine)


def load_queries(names: list[str] | None, objective: int) -> dict[str, str]:
    """Return the benchmark queries (bench/queries/*.rq) with the objective bound, by file stem."""
    iri = f"<{objective_iri(objective)}>"
    page0 = f"<{objective_iri(objective)}/page/0>"
    queries = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        if names and path.stem not in names:
            continue
        text = path.read_text(encoding="utf-8")
        queries[path.stem] = text.replace("$objective_page0", page0).replace("$objective", iri)
    return queries


def ensure_graph(recommendations: int, seed: int) -> list[Path]:
    """Return the graph and orderings files of a scale, generating them when missing."""
    files = [graph_file(GRAPHS_DIR, recommendations), ordering_file(GRAPHS_DIR, recommendations)]
    if not all(path.exists() for path in files):
        GRAPHS_DIR.mkdir(parents=True, exist_ok=True)
        write_scale(GRAPHS_DIR, recommendations, seed, load_corpus())
    return files


def run_in_process(engine: str, files: list[Path], queries: dict[str, str], args: argparse.Namespace) -> Any:
    """Run an in-process engine in a child process, time-boxed; return what it measured."""
    with tempfile.TemporaryDirectory(prefix="gcmkg-bench-") as tmp:
        spec = Path(tmp) / "spec.json"
        out = Path(tmp) / "result.json"
        spec.write_text(
            json.dumps(
                {
                    "engine": engine,
                    "files": [str(f) for f in files],
                    "queries": queries,
                    "repeats": args.repeats,
                    "budget": args.budget,
                    "tmp": tmp,
                }
            ),
            encoding="utf-8",
        )
        command = [sys.executable, "-m", "bench.inproc", "--spec", str(spec), "--out", str(out)]
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, start_new_session=True)
        try:
            process.wait(timeout=args.timebox)
            note = None if process.returncode == 0 else f"exited with code {process.returncode}"
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.wait()
            note = f"stopped at the {args.timebox:.0f}s time box"
        result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"engine": engine}
    if note:
        result["stopped"] = note
    return result


def measure_server(server: Server, queries: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """Time every query sequentially and under concurrency over HTTP, then the full export; track RSS."""
    result: dict[str, Any] = {"engine": server.name, "load_seconds": server.load_seconds, "queries": {}}
    result.update(server.prepared)
    result["checks"] = [check_total(server, url, count) for url, count in server.checks.items()]
    result["rss_after_load"] = peak = server.rss()
    with MemorySampler(server) as sampler:
        peak = _measure_requests(server, queries, args, result, peak)
    result.update(sampler.peaks())
    return result


def _measure_requests(
    server: Server, queries: dict[str, str], args: argparse.Namespace, result: dict[str, Any], peak: int
) -> int:
    """Run the query series, the endpoint series and the export into result; return the peak RSS sampled."""
    deadline = time.perf_counter() + args.timebox
    for name, sparql in queries.items():
        if time.perf_counter() > deadline:
            result["stopped"] = f"time box of {args.timebox:.0f}s reached before {name}"
            break
        factory = server.query()
        first = load(
            factory, sparql, 1, 1, args.budget, args.timebox
        )  # warm-up, kept as the cold (uncached) latency
        sequential = load(factory, sparql, args.repeats, 1, args.budget, args.timebox)
        if args.client == "wrk":
            concurrent = wrk(
                server.url, sparql, args.concurrency, args.budget, server.close_connections, args.timebox
            )
        else:
            concurrent = load(factory, sparql, args.requests, args.concurrency, args.budget, args.timebox)
        result["queries"][name] = {
            **sequential.__dict__,
            "concurrent": concurrent.__dict__,
            "first": first.p50,
        }
        peak = max(peak, server.rss())
    for name, url in server.endpoints.items():
        if args.endpoints is not None and name not in args.endpoints:
            continue
        if time.perf_counter() > deadline:
            result["stopped"] = f"time box of {args.timebox:.0f}s reached before {name}"
            break
        factory = http_get(url)
        first = load(factory, "", 1, 1, args.budget, args.timebox)  # warm-up, kept as the cold latency
        sequential = load(factory, "", args.repeats, 1, args.budget, args.timebox)
        if args.client == "wrk":
            concurrent = wrk(url, None, args.concurrency, args.budget, timeout=args.timebox)
        else:
            concurrent = load(factory, "", args.requests, args.concurrency, args.budget, args.timebox)
        result["queries"][name] = {
            **sequential.__dict__,
            "concurrent": concurrent.__dict__,
            "first": first.p50,
        }
        peak = max(peak, server.rss())
    if "stopped" not in result and not args.no_export:
        result.update(measure_export(server, args.export_timebox or args.timebox))
        peak = max(peak, server.rss())
    result["peak_rss"] = peak
    return peak


class MemorySampler:
    """Samples the server tree's memory split (anonymous, mapped files) every second in a thread: the peak of
    each part during the requests and the export (the series' end points alone miss the export's peak)."""

    def __init__(self, server: Server, every: float = 1.0) -> None:
        self.server, self.every = server, every
        self.maxima: dict[str, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            parts = self.server.rss_parts()
            parts["RssTotal"] = parts["RssAnon"] + parts["RssFile"] + parts["RssShmem"]
            for key, value in parts.items():
                self.maxima[key] = max(self.maxima.get(key, 0), value)

    def __enter__(self) -> MemorySampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def peaks(self) -> dict[str, int]:
        """Return the sampled peaks as result fields (bytes)."""
        return {f"sampled_peak_{key.lower()}": value for key, value in self.maxima.items()}


def check_total(server: Server, url: str, count_query: str) -> dict[str, Any]:
    """Return the `total` a REST endpoint answers beside the count SPARQL gives for the same question."""
    method, sparql_url, kwargs = server.query()(count_query)
    try:
        expected = int(
            httpx.request(method, sparql_url, timeout=600, **kwargs).json()["results"]["bindings"][0]["n"][
                "value"
            ]
        )
        answered = httpx.get(url, headers={"Accept": "application/json"}, timeout=600).json()
        total, items = answered["total"], sum(len(g["recommendations"]) for g in answered["groups"])
    except (httpx.HTTPError, KeyError, ValueError) as error:
        return {"url": url, "error": f"{type(error).__name__}: {str(error)[:120]}"}
    return {"url": url, "total": total, "items": items, "expected": expected, "ok": total == expected}


def measure_export(server: Server, timeout: float) -> dict[str, Any]:
    """Time the full export: the native streamed export (cold, then warm) if any, else a CONSTRUCT."""
    request = server.query("application/n-triples")(EXPORT_QUERY)
    if server.export_url:
        request = ("GET", server.export_url, {})
    try:
        seconds, size = fetch(request, timeout=timeout)
        measured: dict[str, Any] = {"export_seconds": seconds, "export_bytes": size}
        if server.export_url:
            measured["export_warm_seconds"] = fetch(request, timeout=timeout)[0]
        return measured
    except httpx.HTTPError as error:
        return {"stopped": f"full export failed: {type(error).__name__}: {str(error)[:120]}"}


def run_server(engine: str, files: list[Path], queries: dict[str, str], args: argparse.Namespace) -> Any:
    """Start, load, measure and stop one HTTP engine; return what it measured (or why it stopped)."""
    starter = STARTERS.get(engine)
    if starter is None:
        return {"engine": engine, "stopped": "not available in this checkout"}
    with tempfile.TemporaryDirectory(prefix=f"gcmkg-bench-{engine}-") as tmp:
        try:
            server = starter(files, Path(tmp), args.timebox)
        except (BenchError, subprocess.TimeoutExpired) as error:
            return {"engine": engine, "stopped": f"start/load failed: {error}"}
        try:
            return measure_server(server, queries, args)
        finally:
            server.stop()


def predicted_skip(engine: str, quads: int, history: dict[str, Any], timebox: float) -> str | None:
    """Return why an engine is skipped at this size (its load rate measured earlier exceeds the box)."""
    rates = [r["quads"] / r["load_seconds"] for r in history.values() if r.get("load_seconds")]
    if not rates:
        return None
    predicted = quads / min(rates)
    if predicted <= timebox:
        return None
    rate = min(rates)
    return f"skipped: load alone predicted at {predicted:.0f}s (> {timebox:.0f}s box) at {rate:.0f} quads/s"


def count_quads(files: list[Path]) -> int:
    """Return the number of lines (quads) in the N-Quads files."""
    total = 0
    for path in files:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 24):
                total += chunk.count(b"\n")
    return total


def machine() -> dict[str, Any]:
    """Return a description of the machine the run used."""
    import os

    import psutil

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def save(results: dict[str, Any], path: Path) -> None:
    """Write the results JSON and the markdown tables beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1), encoding="utf-8")
    path.with_suffix(".md").write_text(render_serve(results), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Run the serving benchmark for each scale and engine; write JSON and markdown results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1k,10k,100k")
    parser.add_argument("--engines", default=",".join(DEFAULT_ENGINES))
    parser.add_argument("--queries", default="", help="comma list of query names (default: all)")
    parser.add_argument("--objective", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20, help="sequential timed runs per query (max)")
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrent series (max)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--client", choices=("wrk", "httpx"), default="wrk", help="concurrent load generator")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds per series (soft)")
    parser.add_argument("--timebox", type=float, default=600.0, help="seconds per engine and scale")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-export", action="store_true", help="skip the full export over HTTP")
    parser.add_argument(
        "--export-timebox", type=float, help="seconds for the full export (default: --timebox)"
    )
    parser.add_argument("--endpoints", help="comma list of API REST endpoints to measure (default: all)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "serve.json")
    args = parser.parse_args(argv)
    args.endpoints = args.endpoints.split(",") if args.endpoints else None
    queries = load_queries([q for q in args.queries.split(",") if q], args.objective)
    results: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {"scales": {}}
    results["machine"] = machine()
    history: dict[str, dict[str, Any]] = {}
    for label in args.scales.split(","):
        recommendations = parse_scale(label)
        files = ensure_graph(recommendations, args.seed)
        quads = count_quads(files)
        scale = results["scales"].setdefault(scale_label(recommendations), {})
        scale["_quads"] = quads
        for engine in args.engines.split(","):
            reason = predicted_skip(engine, quads, history.get(engine, {}), args.timebox)
            print(f"[{time.strftime('%H:%M:%S')}] {scale_label(recommendations)} {engine}", flush=True)
            if reason:
                scale[engine] = {"engine": engine, "stopped": reason}
            elif engine in IN_PROCESS:
                scale[engine] = run_in_process(engine, files, queries, args)
            else:
                scale[engine] = run_server(engine, files, queries, args)
            if scale[engine].get("load_seconds"):
                history.setdefault(engine, {})[label] = {"quads": quads, **scale[engine]}
            save(results, args.out)
    print(render_serve(results))


if __name__ == "__main__":
    main()
