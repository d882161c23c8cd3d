"""How fast a store generation reads: its N-Quads dump rate, and each derived file's build time.

`.venv/bin/python -m bench.storeread --store DIR --dump-seconds 8` dumps the store (read-only) for at most
that long into a counting sink and prints MiB/s; `--derived` also times each derived-file task of
`gcmkg.store.derived` one after the other (DIR must then sit in a store layout, `<root>/generations/<name>`:
the files go to `<root>/views/`). Used to compare a store as the build's batched bulk loads leave it with the
same store compacted (`oxigraph optimize -l DIR` on a copy).
"""

from __future__ import annotations

import argparse
import json
import time
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from gcmkg.store import derived


class DumpStopped(Exception):
    """Raised by the sink once its time is up (ends the dump early)."""


class CountingSink:
    """A binary sink that counts the bytes written and stops the writer after `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.bytes, self.start, self.seconds = 0, time.perf_counter(), seconds

    def write(self, data: bytes) -> int:
        """Count the bytes; raise DumpStopped once the time is up."""
        self.bytes += len(data)
        if time.perf_counter() - self.start > self.seconds:
            raise DumpStopped
        return len(data)

    def flush(self) -> None:
        """Nothing to flush."""


def dump_rate(store_dir: Path, seconds: float) -> dict[str, float]:
    """Return the MiB dumped, the seconds and the MiB/s of an N-Quads dump stopped after `seconds`."""
    sink = CountingSink(seconds)
    with suppress(DumpStopped):
        ox.Store.read_only(str(store_dir)).dump(cast(BinaryIO, sink), ox.RdfFormat.N_QUADS)
    wall = time.perf_counter() - sink.start
    mib = sink.bytes / 2**20
    return {"dump_mib": round(mib, 1), "dump_seconds": round(wall, 1), "dump_mib_per_s": round(mib / wall, 1)}


def derived_times(generation: Path) -> dict[str, float]:
    """Return the wall seconds of each derived-file task, run one after the other in this process."""
    times = {}
    for task in derived.TASKS:
        start = time.perf_counter()
        task(generation)
        times[task.__name__] = round(time.perf_counter() - start, 1)
    return times


def main(argv: list[str] | None = None) -> None:
    """Print the figures of one store as a JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dump-seconds", type=float, default=8.0)
    parser.add_argument("--derived", action="store_true")
    args = parser.parse_args(argv)
    figures: dict[str, object] = {"store": str(args.store), **dump_rate(args.store, args.dump_seconds)}
    if args.derived:
        figures.update(derived_times(args.store))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
