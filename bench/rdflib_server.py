"""rdflib-endpoint over an rdflib in-memory Dataset (union default graph), on loopback: the baseline server.

Run by bench/servers.py: `.venv/bin/python -m bench.rdflib_server --port 18893 FILE.nq [FILE.nq ...]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def load_dataset(files: list[Path]) -> Dataset:
    """Return an in-memory rdflib Dataset holding the N-Quads files, queried as the union of its graphs."""
    dataset = Dataset(default_union=True)
    for path in files:
        dataset.parse(str(path), format="nquads")
    return dataset


def main(argv: list[str] | None = None) -> None:
    """Load the files, report the load time on stderr, then serve SPARQL on 127.0.0.1:port."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    dataset = load_dataset(args.files)
    print(f"loaded {len(dataset)} quads in {time.perf_counter() - start:.2f}s", file=sys.stderr, flush=True)
    app = SparqlEndpoint(graph=dataset, public_url=f"http://127.0.0.1:{args.port}/", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
