"""Export benchmark: streamed export files and `/export` over HTTP, with server memory, on a store generation.

Run (under the shared lock): `.venv/bin/python -m bench.export --var DIR --label 100k [--old] [--compare DIR2]
[--http] [--mix SECONDS]`. DIR is a GCM-KG var directory whose store holds one generation (see `prepare`);
results go to var/bench/results/export-<label>.json. Every format is written by a child process so that
its peak RSS is its own; `--old` also runs the previous exporter (a global sort in Python) for the ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil
import pyoxigraph as ox

from bench.servers import prepare_view
from gcmkg.config import Settings
from gcmkg.export import FORMATS, export_file_name, write_export
from gcmkg.namespaces import PREFIXES
from gcmkg.resources import PROJECT_ROOT
from gcmkg.store import LocalStore, canonical_lines
from gcmkg.store.local import generations_dir, switch_to
from tests.store.helpers import free_port

RESULTS = PROJECT_ROOT / "var" / "bench" / "results"
MiB = 1 << 20
SERVER_ENV = {
    "GCMKG_RATE_PER_S": "1000000",
    "GCMKG_BURST": "1000000",
    "GCMKG_SPARQL_RATE_PER_S": "1000000",
    "GCMKG_SPARQL_BURST": "1000000",
    "GCMKG_SPARQL_CONCURRENT_PER_CLIENT": "64",
    "GCMKG_POOL_WAIT_S": "30",
}
MIX = {
    "objective-page": "/objectives/5/recommendations?min_confidence=0.5&page_size=100",
    "search": "/search?q=firewalls&kind=recommendation&limit=100",
    "sparql-floor": "/sparql?query=ASK%20%7B%20%3Fs%20a%20%3Fo%20%7D",
    "objective": "/objectives/5",
    "linked-data": "/id/recommendation/1",
}


def prepare(var_dir: Path, store_dir: Path, view: bool = True) -> None:
    """Make var_dir/store point at an existing pyoxigraph store directory (a symlinked generation)."""
    root = var_dir / "store"
    generation = generations_dir(root) / "bench-0000"
    generation.parent.mkdir(parents=True, exist_ok=True)
    if not generation.exists():
        generation.symlink_to(store_dir.resolve())
    switch_to(root, generation)
    if view and not list((root / "views").glob("bench-0000.*")):
        print(json.dumps({"view": prepare_view(generation)}), flush=True)  # the REST headline reads it


def old_write(store: LocalStore, name: str, path: Path) -> None:
    """Write an export as before issue 7: every quad in a Python set, sorted, then written."""
    fmt = FORMATS[name]
    if name == "nquads":
        path.write_bytes("".join(line + "\n" for line in canonical_lines(store.quads())).encode("utf-8"))
        return
    if fmt.quads:
        key: Callable[[ox.Quad], tuple[str, ...]] = lambda q: (str(q.graph_name), str(q.subject), str(q))  # noqa: E731
        ox.serialize(sorted(set(store.quads()), key=key), str(path), fmt.rdf_format, prefixes=PREFIXES)
    else:
        triples = sorted({quad.triple for quad in store.quads()}, key=str)
        ox.serialize(triples, str(path), fmt.rdf_format, prefixes=PREFIXES)


def one(var_dir: Path, name: str, method: str, out: Path) -> dict[str, Any]:
    """Write one export in this process; return seconds, bytes, sha256 and this process's peak RSS."""
    store = LocalStore(Settings(var_dir=var_dir).store_dir)
    start = time.perf_counter()
    if method == "old":
        old_write(store, name, out)
        digest = sha256_of(out)
    else:
        digest = write_export(store, FORMATS[name], out)
    seconds = time.perf_counter() - start
    peak = peak_rss_of_this_process()
    return {"seconds": seconds, "bytes": out.stat().st_size, "sha256": digest, "peak_rss": peak}


def peak_rss_of_this_process() -> int:
    """Return this process's peak RSS in bytes (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def sha256_of(path: Path) -> str:
    """Return a file's sha256."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(MiB), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_one(var_dir: Path, name: str, method: str, out: Path) -> dict[str, Any]:
    """Run `one` in a child process and return its figures."""
    command = [sys.executable, "-m", "bench.export", "--var", str(var_dir), "--one", name, "--method", method]
    done = subprocess.run([*command, "--to", str(out)], capture_output=True, cwd=PROJECT_ROOT, check=True)
    return dict(json.loads(done.stdout))


def file_runs(
    var_dir: Path, quads: int, methods: list[str], keep: Path, names: list[str]
) -> list[dict[str, Any]]:
    """Write the formats with each method; return one row per (method, format)."""
    rows = []
    for method in methods:
        for name in names:
            fmt = FORMATS[name]
            out = keep / f"{method}-{export_file_name(fmt)}"
            row = {"method": method, "format": name, **run_one(var_dir, name, method, out)}
            row["mb_per_s"] = row["bytes"] / MiB / row["seconds"]
            row["quads_per_s"] = quads / row["seconds"]
            print(json.dumps(row), flush=True)
            rows.append(row)
            if method == "old":
                out.unlink(missing_ok=True)
    return rows


def count_quads(var_dir: Path) -> int:
    """Return the number of quads of the current generation (len of the pyoxigraph store)."""
    store = LocalStore(Settings(var_dir=var_dir).store_dir)
    return len(store.engine())


class RssSampler:
    """Samples the RSS of a process and its children (summed) every 0.2 s; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self.samples: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def total(self) -> int:
        """Return the summed RSS of the process tree now."""
        procs = [self.process, *self.process.children(recursive=True)]
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def run(self) -> None:
        """Sample until stopped."""
        while not self.stop.is_set():
            value = self.total()
            self.samples.append(value)
            self.peak = max(self.peak, value)
            self.stop.wait(0.2)

    @contextmanager
    def sampling(self) -> Iterator[RssSampler]:
        """Sample for the duration of the block."""
        self.peak, self.samples, self.stop = 0, [], threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            self.thread.join()


def download(url: str) -> dict[str, Any]:
    """Download url in full; return status, time to first byte, total time, bytes, sha256, completeness."""
    start = time.perf_counter()
    first = None
    digest, size = hashlib.sha256(), 0
    with httpx.stream("GET", url, timeout=httpx.Timeout(1800)) as response:
        declared = response.headers.get("content-length")
        for chunk in response.iter_raw(MiB):
            if first is None:
                first = time.perf_counter() - start
            digest.update(chunk)
            size += len(chunk)
    total = time.perf_counter() - start
    complete = declared is None or int(declared) == size  # None: a followed first download (chunked)
    return {
        "status": response.status_code,
        "ttfb": first or total,
        "seconds": total,
        "bytes": size,
        "sha256": digest.hexdigest(),
        "complete": complete,
    }


def concurrent(urls: list[str]) -> list[dict[str, Any]]:
    """Download the urls at the same time (one thread each); return their results in order."""
    results: list[dict[str, Any]] = [{} for _ in urls]

    def fetch(index: int) -> None:
        try:
            results[index] = download(urls[index])
        except httpx.HTTPError as error:
            results[index] = {"error": f"{type(error).__name__}: {error}"}

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextmanager
def api_server(var_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run the project's API (uvicorn, create_app factory) over var_dir on a free loopback port."""
    port = free_port()
    env = {**os.environ, **SERVER_ENV, "GCMKG_VAR_DIR": str(var_dir)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    log = (var_dir / "api.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/objectives", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield base, process
    finally:
        process.terminate()
        process.wait(30)


def http_runs(var_dir: Path, fmt: str, concurrency: list[int]) -> dict[str, Any]:
    """Cold cache: 2 first requests at once; then warm downloads at each concurrency; with server RSS."""
    out: dict[str, Any] = {"format": fmt}
    cache = var_dir / "export-cache"
    if cache.exists():
        subprocess.run(["rm", "-rf", str(cache)], check=True)
    with api_server(var_dir) as (base, process):
        sampler = RssSampler(process.pid)
        out["idle_rss"] = sampler.total()
        url = f"{base}/export?format={fmt}"
        with sampler.sampling() as sampled:
            out["cold"] = concurrent([url, url])
        out["cold_peak_rss"] = sampled.peak
        out["cold_same_bytes"] = len({r.get("sha256") for r in out["cold"]}) == 1
        out["tmp_files_left"] = [p.name for p in cache.rglob("*") if p.name.endswith((".tmp", ".partial"))]
        digests = [p.read_text(encoding="utf-8").strip() for p in cache.rglob("*.sha256")]
        out["cold_match_cache"] = [r.get("sha256") in digests for r in out["cold"]]
        for n in concurrency:
            with sampler.sampling() as sampled:
                start = time.perf_counter()
                results = concurrent([url] * n)
                wall = time.perf_counter() - start
            total = sum(r.get("bytes", 0) for r in results)
            out[f"warm_{n}"] = {
                "results": results,
                "wall": wall,
                "aggregate_mb_per_s": total / MiB / wall,
                "peak_rss": sampled.peak,
            }
            print(json.dumps({n: out[f"warm_{n}"]["aggregate_mb_per_s"]}), flush=True)
    return out


def mix_run(var_dir: Path, seconds: float, clients: int, fmt: str, skip: list[str]) -> dict[str, Any]:
    """Send a mix of requests (one an export in fmt) from `clients` threads; return latencies and RSS."""
    MIX[f"export-{fmt}"] = f"/export?format={fmt}"
    for name in skip:
        MIX.pop(name, None)
    with api_server(var_dir) as (base, process):
        sampler = RssSampler(process.pid)
        idle = sampler.total()
        stats: dict[str, list[float]] = {name: [] for name in MIX}
        errors: dict[str, dict[str, int]] = {name: {} for name in MIX}
        stop = time.monotonic() + seconds

        def client(offset: int) -> None:
            names = list(MIX)
            i = offset
            with httpx.Client(timeout=600) as http:
                while time.monotonic() < stop:
                    name = names[i % len(names)]
                    i += 1
                    start = time.perf_counter()
                    try:
                        with http.stream("GET", base + MIX[name]) as response:
                            for _ in response.iter_raw(MiB):
                                pass
                        outcome = str(response.status_code)
                    except httpx.HTTPError as error:
                        outcome = type(error).__name__
                    if outcome == "200":
                        stats[name].append(time.perf_counter() - start)
                    else:
                        errors[name][outcome] = errors[name].get(outcome, 0) + 1

        with sampler.sampling() as sampled:
            threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        summary = {
            name: {
                "n": len(v),
                "p50": sorted(v)[len(v) // 2] if v else None,
                "max": max(v, default=None),
                "errors": errors[name],
            }
            for name, v in stats.items()
        }
        return {
            "idle_rss": idle,
            "peak_rss": sampled.peak,
            "seconds": seconds,
            "clients": clients,
            "requests": summary,
        }


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and run the selected measurements."""
    parser = argparse.ArgumentParser(prog="bench.export", description=__doc__)
    parser.add_argument("--var", type=Path, required=True, help="a GCM-KG var directory with a store")
    parser.add_argument("--prepare", type=Path, help="first point DIR/store at this pyoxigraph store")
    parser.add_argument("--label", default="run")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--method", default="new", help=argparse.SUPPRESS)
    parser.add_argument("--to", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--old", action="store_true", help="also time the previous (sorting) exporter")
    parser.add_argument("--no-files", action="store_true", help="skip the file exports")
    parser.add_argument("--formats", default=",".join(FORMATS), help="formats of the file exports")
    parser.add_argument("--compare", type=Path, help="another var dir of the same data: compare the bytes")
    parser.add_argument("--http", default="", help="formats to download over HTTP (comma-separated)")
    parser.add_argument("--concurrency", default="1,2,4")
    parser.add_argument("--mix", type=float, default=0, help="seconds of mixed requests (server memory)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--skip", default="", help="mix requests to leave out (e.g. objective-page)")
    parser.add_argument("--no-view", action="store_true", help="do not build the headline view")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.var, args.one, args.method, args.to)))
        return
    if args.prepare:
        prepare(args.var, args.prepare, view=not args.no_view)
    report: dict[str, Any] = {
        "label": args.label,
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }
    report["quads"] = quads = count_quads(args.var)
    keep = args.var / "bench-exports"
    keep.mkdir(exist_ok=True)
    if not args.no_files:
        methods = ["new", *(["old"] if args.old else [])]
        report["files"] = file_runs(args.var, quads, methods, keep, args.formats.split(","))
    if args.compare:
        other = args.var / "bench-exports-compare"
        other.mkdir(exist_ok=True)
        report["compare"] = {
            name: run_one(args.compare, name, "new", other / export_file_name(fmt))["sha256"]
            == sha256_of(keep / f"new-{export_file_name(fmt)}")
            for name, fmt in FORMATS.items()
        }
        print(json.dumps(report["compare"]), flush=True)
    report["http"] = [
        http_runs(args.var, f, [int(c) for c in args.concurrency.split(",")])
        for f in args.http.split(",")
        if f
    ]
    if args.mix:
        fmt = (args.http or "nquads").split(",")[0]
        report["mix"] = mix_run(args.var, args.mix, args.clients, fmt, [n for n in args.skip.split(",") if n])
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"export-{args.label}.json"
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
