"""View-build benchmark: time and peak memory of the headline view build, variants side by side.

Run (under the shared lock), on a store loaded once with `oxigraph load --location DIR --file GRAPH.nq`:
`.venv/bin/python -m bench.viewbuild --store DIR --variants new,old --old-module OLD.py --out /tmp/vb`
Each variant builds `build_view(store_select(store), ...)` in a fresh child process (VmHWM: its own
peak); the parent samples the child's RSS every 0.5 s and stops it after --timeout seconds. "old" imports the
module given by --old-module (e.g. `git show REV:gcmkg/store/headline.py > OLD.py`). With --compare the
finished views are checked for identical rows (every column, seq included) and side tables.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
import subprocess
import sys
import time
from itertools import zip_longest
from pathlib import Path
from typing import Any

import psutil
import pyoxigraph as ox

TABLES = ("headline", "reach", "cites")


def vmhwm_mib() -> float:
    """Return this process's peak resident set size (VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(variant: str, store_dir: str, target: Path, old_module: str | None) -> dict[str, Any]:
    """Build one view in this process; return its figures."""
    if variant == "old":
        if old_module is None:
            raise SystemExit("--old-module is needed for the old variant")
        spec = importlib.util.spec_from_file_location("headline_old", old_module)
        if spec is None or spec.loader is None:
            raise SystemExit(f"{old_module}: cannot import")
        module = sys.modules["headline_old"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    else:
        import gcmkg.store.headline as module
    store = ox.Store.read_only(store_dir)
    before = vmhwm_mib()
    started, cpu = time.perf_counter(), time.process_time()
    rows = module.build_view(module.store_select(store), target, "bench")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"variant": variant, "rows": rows, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
            "vmhwm_mib_before": round(before), "vmhwm_mib": round(vmhwm_mib()),
            "file_mb": round(target.stat().st_size / 1e6, 1)}  # fmt: skip


def run(variant: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one variant in a child process, sampling its RSS; return its figures (or what was seen)."""
    target = Path(args.out) / f"{variant}.sqlite"
    target.unlink(missing_ok=True)
    old = ["--old-module", args.old_module] if args.old_module else []
    command = [
        sys.executable,
        "-m",
        "bench.viewbuild",
        "--child",
        variant,
        "--store",
        args.store,
        "--out",
        args.out,
    ]
    command += old
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watched, peak, started = psutil.Process(process.pid), 0, time.monotonic()
    samples: list[tuple[int, int]] = []
    while process.poll() is None:
        elapsed = time.monotonic() - started
        try:
            rss = watched.memory_info().rss
        except psutil.NoSuchProcess:
            break
        peak = max(peak, rss)
        if not samples or elapsed - samples[-1][0] >= 10:
            samples.append((round(elapsed), round(rss / 2**20)))
        if elapsed > args.timeout:
            process.kill()
            process.wait()
            peak_mib = round(peak / 2**20)
            return {"variant": variant, "killed_after_s": round(elapsed), "sampled_peak_mib": peak_mib,
                    "rss_mib_every_10s": samples}  # fmt: skip
        time.sleep(0.5)
    out, _ = process.communicate()
    if process.returncode != 0:
        return {"variant": variant, "failed": process.returncode, "sampled_peak_mib": round(peak / 2**20)}
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result.update(sampled_peak_mib=round(peak / 2**20), rss_mib_every_10s=samples)
    return result


def compare(out: Path, variants: list[str]) -> dict[str, Any]:
    """Return, per table, the number of rows at which two variants' views differ (0 means identical)."""
    first, second = (sqlite3.connect(out / f"{v}.sqlite") for v in variants[:2])
    found: dict[str, Any] = {}
    for table, order in (
        ("headline", "rowid"),
        ("reach", "1, 2"),
        ("cites", "1, 2"),
    ):  # rowid order is seq order
        query = f"SELECT * FROM {table} ORDER BY {order}"  # noqa: S608 (fixed names)
        pairs = zip_longest(first.execute(query), second.execute(query))
        found[table] = {"rows": first.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0],  # noqa: S608
                        "differing": sum(1 for a, b in pairs if a != b)}  # fmt: skip
    first.close()
    second.close()
    return found


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (or, with --child, one build)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="a pyoxigraph store directory (loaded once)")
    parser.add_argument("--variants", default="new,old")
    parser.add_argument("--old-module", help="path of the old gcmkg/store/headline.py")
    parser.add_argument("--out", default="/tmp/viewbuild", help="directory of the built views")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a variant is stopped")
    parser.add_argument("--compare", action="store_true", help="check that the first two views are identical")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(child(args.child, args.store, out / f"{args.child}.sqlite", args.old_module)))
        return
    variants = args.variants.split(",")
    results = {"store": args.store, "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    results["runs"] = [run(variant, args) for variant in variants]
    if args.compare and all("rows" in r for r in results["runs"]):
        results["identical"] = compare(out, variants)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
