"""Profile the project's API under load with py-spy and print where the time goes (self and inclusive).

Run: `.venv/bin/python -m bench.profile --scale 10k --endpoint api:recommendations-for-objective`
(`--endpoint headline` profiles the benchmark's SPARQL headline through /sparql). Writes the collapsed
stacks to var/bench/results/profile-<endpoint>-<scale>.txt and prints the top functions.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.graphgen import parse_scale, scale_label
from bench.loadgen import http_get, load
from bench.serve import RESULTS_DIR, ensure_graph, load_queries
from bench.servers import VENV_BIN, start_gcmkg_api


def top_functions(collapsed: str, count: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    """Return the top (self, inclusive) frames of py-spy's collapsed stacks, and the sample total."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, samples = line.rpartition(" ")
        if not samples.isdigit():
            continue
        frames = stack.split(";")
        total += int(samples)
        own[frames[-1]] += int(samples)
        for frame in set(frames):
            inclusive[frame] += int(samples)
    return own.most_common(count), inclusive.most_common(count), total


def main(argv: list[str] | None = None) -> None:
    """Start the API on a synthetic graph, load one endpoint while py-spy records, print the hot spots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="10k")
    parser.add_argument("--endpoint", default="api:recommendations-for-objective")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    recommendations = parse_scale(args.scale)
    files = ensure_graph(recommendations, 7)
    with tempfile.TemporaryDirectory(prefix="gcmkg-bench-profile-") as tmp:
        server = start_gcmkg_api(files, Path(tmp), 600)
        try:
            if args.endpoint in server.endpoints:
                factory, text = http_get(server.endpoints[args.endpoint]), ""
            else:
                factory, text = server.query(), load_queries([args.endpoint], 5)[args.endpoint]
            stem = f"profile-{args.endpoint.replace(':', '-')}-{scale_label(recommendations)}"
            out = RESULTS_DIR / f"{stem}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            command = [str(VENV_BIN / "py-spy"), "record", "--pid", str(server.process.pid)]
            command += ["--format", "raw", "--subprocesses"]
            command += ["--duration", str(int(args.seconds)), "--output", str(out), "--nonblocking"]
            spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(1)
            stats = load(factory, text, 10_000, 2, args.seconds - 2)
            spy.wait(timeout=args.seconds + 60)
        finally:
            server.stop()
    own, inclusive, total = top_functions(out.read_text(encoding="utf-8"), args.top)
    p50 = stats.p50 * 1000
    print(f"{args.endpoint} at {args.scale}: {stats.count} requests, p50 {p50:.1f} ms; {total} samples")
    print("\nself time:")
    for frame, samples in own:
        print(f"{100 * samples / total:5.1f}%  {frame}")
    print("\ninclusive time:")
    for frame, samples in inclusive:
        print(f"{100 * samples / total:5.1f}%  {frame}")
    print(f"\ncollapsed stacks: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
