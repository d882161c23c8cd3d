"""Build benchmark: parse, extract, RDF, SHACL and load at 1, 10, 100 (and 1000) synthetic pages.

Run: `.venv/bin/python -m bench.build --scales 1,10,100` (pages from bench.pagegen, generated when missing).
Each scale runs in a child process, time-boxed: wall time per stage (the pipeline's own per-stage timings),
throughput in comments/s and MB/s, resident memory after every page (bounded or growing?), Python peak
allocation per stage on a few pages (tracemalloc), SHACL seconds per page graph (linear?), and the load into
a fresh store generation. Results: var/bench/results/build.json and build.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import psutil

from bench.pagegen import DEFAULT_OUT as PAGES_DIR
from bench.pagegen import load_corpus, page_name, write_pages
from bench.report import render_build
from bench.servers import kill_group
from gcmkg.resources import PROJECT_ROOT

RESULTS_DIR = PROJECT_ROOT / "var" / "bench" / "results"
MEMORY_SAMPLE_PAGES = 3
UNION_CHECK_PAGES = 10


def ensure_pages(count: int, seed: int) -> Path:
    """Return the directory of `count` synthetic pages, generating it when incomplete."""
    directory = PAGES_DIR / f"x{count}"
    if not (directory / page_name(count - 1)).exists():
        write_pages(directory, count, seed, load_corpus())
    return directory


def rss() -> int:
    """Return this process's resident memory in bytes."""
    return int(psutil.Process().memory_info().rss)


def stage_peaks(paths: list[Path]) -> dict[str, int]:
    """Return the largest Python allocation peak (bytes) of each stage over a few pages (tracemalloc)."""
    from gcmkg.pipeline import page_graph
    from gcmkg.validation import validate
    from ingest.extract import extract
    from ingest.parse import parse_page

    peaks: dict[str, int] = {}

    def measure(stage: str) -> None:
        peaks[stage] = max(peaks.get(stage, 0), tracemalloc.get_traced_memory()[1])
        tracemalloc.reset_peak()

    tracemalloc.start()
    for path in paths:
        tracemalloc.reset_peak()
        page = parse_page(path.read_bytes(), path.name)
        measure("parse")
        extraction = extract(page)
        measure("extract")
        graph = page_graph(page, extraction)
        measure("rdf")
        validate(graph)
        measure("validate")
    tracemalloc.stop()
    return peaks


def union_check(results: list[Any]) -> dict[str, float]:
    """Return the SHACL time of the first pages validated one by one and as one union graph."""
    from rdflib import Graph

    from gcmkg.validation import validate

    union = Graph()
    for result in results:
        union += result.graph
    start = time.perf_counter()
    validate(union)
    return {
        "pages": len(results),
        "per_page_sum_seconds": sum(r.timings["validate"] for r in results),
        "union_seconds": time.perf_counter() - start,
    }


def run_child(directory: Path, out: Path, var_dir: Path) -> None:
    """Build every page of directory, then load the store; rewrite `out` after every 10 pages."""
    from gcmkg.config import Settings
    from gcmkg.errors import ShapeViolation
    from gcmkg.iris import page_graph_iri
    from gcmkg.pipeline import process_page, vocabulary_graph
    from gcmkg.store import write_generation

    paths = sorted(directory.glob("*.txt"))
    result: dict[str, Any] = {"pages": len(paths), "stage_seconds": {}, "rss_series": []}
    result["validate_series"] = []
    result["rss_start"] = rss()
    totals = {"comments": 0, "statements": 0, "triples": 0, "bytes": 0}
    graphs: dict[Any, Any] = {}
    first: list[Any] = []
    start = time.perf_counter()
    for index, path in enumerate(paths):
        data = path.read_bytes()
        try:
            page_result = process_page(data, path.name)
        except ShapeViolation as error:  # the real build stops here; the benchmark records and goes on
            result.setdefault("failed", []).append(f"{path.name}: {error.report.splitlines()[-1][:200]}")
            continue
        for stage, seconds in page_result.timings.items():
            result["stage_seconds"][stage] = result["stage_seconds"].get(stage, 0.0) + seconds
        totals["comments"] += len(page_result.page.comments)
        totals["statements"] += sum(len(c.statements) for c in page_result.extraction.comments)
        totals["triples"] += len(page_result.graph)
        totals["bytes"] += len(data)
        graphs[page_graph_iri(path.name)] = page_result.graph
        result["validate_series"].append([len(page_result.graph), page_result.timings["validate"]])
        if len(first) < UNION_CHECK_PAGES:
            first.append(page_result)
        if index % 10 == 9 or index == len(paths) - 1:
            result["rss_series"].append([index + 1, rss()])
            result.update(totals, pages_done=index + 1, pages_seconds=time.perf_counter() - start)
            out.write_text(json.dumps(result), encoding="utf-8")
    graphs[page_graph_iri("vocabularies")] = vocabulary_graph()
    load_start = time.perf_counter()
    write_generation(graphs, Settings(var_dir=var_dir))
    result["stage_seconds"]["load"] = time.perf_counter() - load_start
    result["rss_after_load"] = rss()
    result["total_seconds"] = time.perf_counter() - start
    if len(first) > 1:
        result["union_check"] = union_check(first)
    result["stage_peak_bytes"] = stage_peaks(paths[:MEMORY_SAMPLE_PAGES])
    result["peak_rss"] = psutil.Process().memory_info().rss
    out.write_text(json.dumps(result), encoding="utf-8")


def run_scale(count: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run one scale in a child process within the time box; return what it measured."""
    directory = ensure_pages(count, args.seed)
    with tempfile.TemporaryDirectory(prefix="gcmkg-bench-build-") as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "bench.build", "--child", str(directory), "--child-out", str(out)]
        process = subprocess.Popen([*command, "--var-dir", tmp], cwd=PROJECT_ROOT, start_new_session=True)
        note = None
        try:
            if process.wait(timeout=args.timebox):
                note = f"exited with code {process.returncode}"
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.wait()
            note = f"stopped at the {args.timebox:.0f}s time box"
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    result.setdefault("pages", count)
    if note:
        result["stopped"] = note
    return result


def tree_rss(pid: int) -> int:
    """Return the resident memory of a process and all its descendants (bytes; 0 once it has ended)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue  # a worker that just ended
    return total


def sample_tree(
    pid: int, series: list[list[float]], stop: threading.Event, every: float = 0.5, views: Path | None = None
) -> None:
    """Append [seconds, RSS of the process tree] to series every `every` seconds until stop is set.

    With `views` (the store's views/ directory), a third value marks the samples where a derived file of the
    new generation is being written there: the store is loaded, the tail after the pages has begun.
    """
    start = time.perf_counter()
    while not stop.wait(every):
        sample = [round(time.perf_counter() - start, 1), tree_rss(pid)]
        if views is not None:
            sample.append(int(views.is_dir() and any(views.iterdir())))
        series.append(sample)


def derived_started(series: list[list[float]]) -> float | None:
    """Return the time of the first sample that saw a derived file being written, if any."""
    return next((sample[0] for sample in series if len(sample) > 2 and sample[2]), None)


def run_cli(count: int, args: argparse.Namespace) -> dict[str, Any]:
    """Time `gcmkg build -q` end to end on the pages (wall, largest child RSS, its own stage times)."""
    directory = ensure_pages(count, args.seed)
    pages = [str(p) for p in sorted(directory.glob("*.txt"))]
    with tempfile.TemporaryDirectory(prefix="gcmkg-bench-cli-") as tmp:
        env = {**os.environ, "GCMKG_VAR_DIR": tmp}
        command = [str(Path(sys.executable).parent / "gcmkg"), "build", "-q", *pages]
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        series: list[list[float]] = []
        stop = threading.Event()
        views = Path(tmp) / "store" / "views"
        sampler = threading.Thread(
            target=sample_tree, args=(process.pid, series, stop, 0.5, views), daemon=True
        )
        sampler.start()
        try:
            output, _ = process.communicate(timeout=args.timebox)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            return {"pages": count, "stopped": f"stopped at the {args.timebox:.0f}s time box"}
        finally:
            stop.set()
            sampler.join()
        wall = time.perf_counter() - start
    stages = {m[1]: float(m[2]) for m in re.finditer(r"time: (\w+)\W+([\d.]+) s", output)}
    result: dict[str, Any] = {"pages": count, "wall_seconds": wall, "stage_seconds": stages}
    result["max_child_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # one process
    result["tree_peak_rss"] = max((sample[1] for sample in series), default=0)  # build + its page workers
    result["derived_files_from_seconds"] = derived_started(series)  # pages loaded; the derived files begin
    result["tree_rss_series"] = series[:: max(1, len(series) // 200)]
    if process.returncode:
        result["stopped"] = f"exited with code {process.returncode}: {output[-300:]}"
    return result


def main(argv: list[str] | None = None) -> None:
    """Run the build benchmark for each scale; write JSON and markdown results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timebox", type=float, default=600.0)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "build.json")
    parser.add_argument("--cli", action="store_true", help="time `gcmkg build` end to end instead")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.child_out, args.var_dir)
        return
    results: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {"scales": {}}
    for label in args.scales.split(","):
        print(f"[{time.strftime('%H:%M:%S')}] build x{label}", flush=True)
        if args.cli:
            results.setdefault("cli", {})[f"x{label}"] = run_cli(int(label), args)
        else:
            results["scales"][f"x{label}"] = run_scale(int(label), args)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
        args.out.with_suffix(".md").write_text(render_build(results), encoding="utf-8")
    print(render_build(results))


if __name__ == "__main__":
    main()
