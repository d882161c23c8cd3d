"""Store load benchmark: one pyoxigraph bulk load over everything vs `load_in_batches` (time and peak RSS).

Run (alternate the modes, each in its own process so the peak RSS is its own):
`.venv/bin/python -m bench.loadbatch one var/bench/graphs/r100k.nq` and
`.venv/bin/python -m bench.loadbatch batches var/bench/graphs/r100k.nq`.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time

import pyoxigraph as ox

from gcmkg.store import load_in_batches


def main() -> None:
    """Load an N-Quads file into a scratch on-disk store one way and print time, peak RSS and size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("one", "batches"))
    parser.add_argument("nquads")
    args = parser.parse_args()
    quads = ox.parse(path=args.nquads, format=ox.RdfFormat.N_QUADS)
    with tempfile.TemporaryDirectory() as directory:
        store = ox.Store(directory)
        start = time.perf_counter()
        if args.mode == "one":
            store.bulk_extend(quads)
        else:
            load_in_batches(store, quads)
        store.flush()
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.mode}: {seconds:.1f} s, peak RSS {peak:.0f} MiB, {len(store)} quads")


if __name__ == "__main__":
    main()
