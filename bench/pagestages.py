"""Per-page stage times of one code tree: `process_page` over 20 synthetic pages, one process, CPU and wall.

Run alternately for two trees in one window (the machine is shared; compare within the window):
`PYTHONPATH=TREE .venv/bin/python -m bench.pagestages --first 100` (TREE: this checkout, or a `git worktree`
of another commit, whose `gcmkg`/`ingest` packages then come first on the path). Needs the 1,000-page set
(`bench.build` generates it on first use). The first page is processed once before timing (models, caches).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from gcmkg.namespaces import DEFAULT_BASE
from gcmkg.pipeline import process_page, read_source
from gcmkg.resources import PROJECT_ROOT

PAGES = PROJECT_ROOT / "var" / "bench" / "pages" / "x1000"


def stage_times(pages: list[Path]) -> dict[str, float]:
    """Return the mean wall and CPU seconds per page and per stage over pages (after one warm-up page)."""
    process_page(read_source(pages[0]), pages[0].name, DEFAULT_BASE)
    totals: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages[1:]:
        for stage, seconds in process_page(read_source(page), page.name, DEFAULT_BASE).timings.items():
            totals[stage] = totals.get(stage, 0.0) + seconds
    count = len(pages) - 1
    result = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, **totals}
    return {name: round(seconds / count, 3) for name, seconds in result.items()}


def main(argv: list[str] | None = None) -> None:
    """Print the per-page figures of pages [first, first + count] as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--first", type=int, default=100)
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args(argv)
    pages = sorted(PAGES.glob("*.txt"))[args.first : args.first + args.count + 1]
    import gcmkg

    print(json.dumps({"tree": str(Path(gcmkg.__file__).parents[1]), **stage_times(pages)}))


if __name__ == "__main__":
    main()
