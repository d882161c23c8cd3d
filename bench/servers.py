"""SPARQL servers the serving benchmark starts on 127.0.0.1, loads, measures and stops.

Each `start_*` returns a running `Server` (load time measured, ready to answer) or raises BenchError.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from bench.loadgen import RequestFactory, sparql_post
from gcmkg.resources import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent
VIRTUOSO_INI = Path(__file__).resolve().parent / "data" / "virtuoso.ini"
EXPORT_QUERY = "CONSTRUCT WHERE { ?s ?p ?o }"
PING_QUERY = "ASK { ?s ?p ?o }"
# What /objectives/5/recommendations?min_confidence=0.5 must count on the synthetic graphs (one row each).
HEADLINE_COUNT = """SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {
  ?r a <https://w3id.org/gcmkg/ontology#Recommendation> ; <https://w3id.org/gcmkg/ontology#objectiveLink> ?l .
  ?l <https://w3id.org/gcmkg/ontology#objective> <https://w3id.org/gcmkg/id/objective/5> ;
     <https://w3id.org/gcmkg/ontology#confidence> ?c FILTER(?c >= 0.5) }"""


class BenchError(Exception):
    """A benchmark step failed: names the engine and what went wrong."""


@dataclass
class Server:
    """A server process the benchmark started, with how to query it and how long loading took."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    load_seconds: float
    workdir: Path
    close_connections: bool = False  # open a new connection per request (see docs/benchmarks.md)
    extra_pids: list[int] = field(default_factory=list)
    endpoints: dict[str, str] = field(default_factory=dict)  # extra GET endpoints by name (stored queries)
    export_url: str | None = None  # a native streamed export (GET), measured cold then warm
    prepared: dict[str, float] = field(default_factory=dict)  # work done after the load (the API's view)
    checks: dict[str, str] = field(default_factory=dict)  # GET url -> SPARQL COUNT its `total` must equal

    def query(self, accept: str = "application/sparql-results+json") -> RequestFactory:
        """Return the factory of SPARQL requests to this server."""
        return sparql_post(self.url, accept, self.close_connections)

    def rss(self) -> int:
        """Return the resident memory (bytes) of the server process and its children."""
        try:
            root = psutil.Process(self.process.pid)
            procs = [root, *root.children(recursive=True)]
            procs += [psutil.Process(pid) for pid in self.extra_pids]
            return sum(p.memory_info().rss for p in procs)
        except psutil.Error:
            return 0

    def rss_parts(self) -> dict[str, int]:
        """Return the tree's resident memory split as the kernel counts it: anonymous, mapped files, shared.

        Mapped file pages (the SQLite views and search index, mmapped) are page cache the kernel can drop;
        anonymous memory is what the processes hold themselves.
        """
        parts = {"RssAnon": 0, "RssFile": 0, "RssShmem": 0}
        try:
            root = psutil.Process(self.process.pid)
            pids = [root.pid, *(child.pid for child in root.children(recursive=True)), *self.extra_pids]
        except psutil.Error:
            return parts
        for pid in pids:
            try:
                lines = Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines()
            except OSError:
                continue
            for line in lines:
                key, _, value = line.partition(":")
                if key in parts:
                    parts[key] += int(value.split()[0]) * 1024
        return parts

    def stop(self) -> None:
        """Stop the server process (SIGTERM, then SIGKILL after 20 s)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(name: str, endpoint: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait until the server answers a trivial query; raise BenchError if it dies or times out."""
    deadline = time.perf_counter() + timeout
    method, url, kwargs = sparql_post(endpoint)(PING_QUERY)
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{name}: server exited with code {process.returncode} before answering")
        try:
            if httpx.request(method, url, timeout=5, **kwargs).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchError(f"{name}: server did not answer within {timeout:.0f}s")


Process = subprocess.Popen[bytes]


def spawn(command: list[str], workdir: Path, log_name: str, cwd: Path | None = None) -> Process:
    """Start a command in its own session (cwd defaults to workdir) with output to a log file in workdir."""
    log = (workdir / log_name).open("wb")
    where = cwd or workdir
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=where, start_new_session=True)


def start_oxigraph(files: list[Path], workdir: Path, timeout: float) -> Server:
    """Load the files with `oxigraph load`, then start `oxigraph serve-read-only` (union default graph)."""
    db = workdir / "oxigraph-db"
    load_seconds = oxigraph_load(files, db, timeout)
    port = free_port()
    serve = [str(VENV_BIN / "oxigraph"), "serve-read-only", "--location", str(db)]
    process = spawn([*serve, "--bind", f"127.0.0.1:{port}", "--union-default-graph"], workdir, "oxigraph.log")
    url = f"http://127.0.0.1:{port}/query"
    wait_ready("oxigraph server", url, process, 60)
    return Server("oxigraph-server", process, url, load_seconds, workdir)


def isql(port: int, statement: str, timeout: float) -> str:
    """Run SQL statements through isql-vt as dba; return the output or raise BenchError."""
    command = ["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"]
    done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    output = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
    if done.returncode or "*** Error" in output:
        raise BenchError(f"virtuoso isql failed: {output[-500:]}")
    return output


def virtuoso_ini(workdir: Path, datadir: Path, sql_port: int, http_port: int, buffers: int) -> str:
    """Return the Virtuoso configuration for a benchmark run (template in bench/data)."""
    text = VIRTUOSO_INI.read_text(encoding="utf-8")
    values = {
        "workdir": str(workdir),
        "datadir": str(datadir),
        "sql_port": str(sql_port),
        "http_port": str(http_port),
        "buffers": str(buffers),
        "dirty": str(buffers * 3 // 4),
    }
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def start_virtuoso(files: list[Path], workdir: Path, timeout: float, buffers: int = 340_000) -> Server:
    """Start virtuoso-t with its own ini and database in workdir, bulk-load the files, checkpoint."""
    datadir = files[0].resolve().parent
    sql_port, http_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(virtuoso_ini(workdir, datadir, sql_port, http_port, buffers), encoding="utf-8")
    process = spawn(["virtuoso-t", "-f", "-c", str(ini)], workdir, "virtuoso-stdout.log")
    # Virtuoso's HTTP server answers ~40 ms late on kept-alive connections (measured with httpx and wrk);
    # a new connection per request avoids it, so Virtuoso is measured that way.
    server = Server("virtuoso", process, f"http://127.0.0.1:{http_port}/sparql", 0.0, workdir, True)
    try:
        wait_ready("virtuoso", server.url, process, 120)
        server.load_seconds = bulk_load_virtuoso(sql_port, files, timeout)
    except (BenchError, subprocess.TimeoutExpired):
        server.stop()
        raise
    return server


def bulk_load_virtuoso(sql_port: int, files: list[Path], timeout: float) -> float:
    """Bulk-load N-Quads files through isql (ld_dir, rdf_loader_run, checkpoint); return the seconds."""
    start = time.perf_counter()
    for path in files:
        directory, name = path.resolve().parent, path.name
        isql(sql_port, f"ld_dir('{directory}', '{name}', 'https://w3id.org/gcmkg/id/graph/default');", 60)
    isql(sql_port, "rdf_loader_run(); checkpoint;", timeout)
    seconds = time.perf_counter() - start
    errors = isql(sql_port, "select ll_file, ll_error from DB.DBA.LOAD_LIST where ll_error is not null;", 60)
    if "0 Rows" not in errors:
        raise BenchError(f"virtuoso bulk load reported errors: {errors[-500:]}")
    return seconds


def start_rdflib_endpoint(files: list[Path], workdir: Path, timeout: float) -> Server:
    """Start rdflib-endpoint over an in-memory rdflib Dataset of the files (load measured to ready)."""
    port = free_port()
    command = [sys.executable, "-m", "bench.rdflib_server", "--port", str(port), *map(str, files)]
    start = time.perf_counter()
    process = spawn(command, workdir, "rdflib-endpoint.log", cwd=PROJECT_ROOT)
    url = f"http://127.0.0.1:{port}/"
    wait_ready("rdflib-endpoint", url, process, timeout)
    return Server("rdflib-endpoint", process, url, time.perf_counter() - start, workdir)


def oxigraph_load(files: list[Path], location: Path, timeout: float) -> float:
    """Load N-Quads files into an on-disk Oxigraph store (oxigraph CLI), compact it; return the seconds."""
    start = time.perf_counter()
    command = [str(VENV_BIN / "oxigraph"), "load", "--location", str(location), "--file", *map(str, files)]
    optimize = [str(VENV_BIN / "oxigraph"), "optimize", "--location", str(location)]  # as `gcmkg build` does
    for step in (command, optimize):
        done = subprocess.run(step, capture_output=True, timeout=timeout, check=False)
        if done.returncode:
            raise BenchError(f"oxigraph {step[1]} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return time.perf_counter() - start


def start_gcmkg_api(files: list[Path], workdir: Path, timeout: float, cache: bool = True) -> Server:
    """Write the files as a store generation of the project, then serve the project's API with uvicorn.

    Limits are raised (max results, timeouts, per-client rate limits, pool wait) so that the cost is measured
    instead of the refusal: the benchmark is one client on loopback sending `concurrency` requests at once.
    """
    from gcmkg.store.local import generations_dir, switch_to

    root = workdir / "var" / "store"
    generation = generations_dir(root) / "bench-0000"
    generation.parent.mkdir(parents=True, exist_ok=True)
    load_seconds = oxigraph_load(files, generation, timeout)
    prepared = prepare_view(generation)
    switch_to(root, generation)
    port = free_port()
    env = {
        **os.environ,
        "GCMKG_VAR_DIR": str(workdir / "var"),
        "GCMKG_MAX_RESULTS": "100000000",
        "GCMKG_QUERY_TIMEOUT_S": str(timeout),
        "GCMKG_STORED_QUERY_TIMEOUT_S": str(timeout),
        "GCMKG_POOL_WAIT_S": str(timeout),
        "GCMKG_SPARQL_RATE_PER_S": "1000000",
        "GCMKG_SPARQL_BURST": "1000000",
        "GCMKG_SPARQL_CONCURRENT_PER_CLIENT": "64",
        "GCMKG_RATE_PER_S": "1000000",
        "GCMKG_BURST": "1000000",
        **({} if cache else {"GCMKG_ANSWER_CACHE_ENTRIES": "0"}),
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    log = (workdir / "gcmkg-api.log").open("wb")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT, env=env, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    wait_ready("gcmkg api", f"{base}/sparql", process, 120)
    name = "gcmkg-api" if cache else "gcmkg-api-nocache"
    server = Server(name, process, f"{base}/sparql", load_seconds, workdir)
    server.endpoints = {
        "api:recommendations-for-objective": f"{base}/queries/recommendations-for-objective?objective=5",
        "api:recommendations-by-actor-type": f"{base}/queries/recommendations-by-actor-type?objective=5",
        "api:objective-page": f"{base}/objectives/5/recommendations?min_confidence=0.5&page_size=100",
        "api:search": f"{base}/search?q=firewalls&kind=recommendation&limit=100",
        "api:objectives": f"{base}/objectives",
    }
    server.export_url = f"{base}/export?format=nquads"
    server.prepared = prepared
    server.checks = {server.endpoints["api:objective-page"]: HEADLINE_COUNT}
    return server


def prepare_view(generation: Path) -> dict[str, float]:
    """Write the generation's derived files (view, search index, term shapes) as `gcmkg build` does."""
    import pyoxigraph as ox

    from gcmkg.store.derived import build_derived
    from gcmkg.store.headline import view_path

    start = time.perf_counter()
    store = ox.Store.read_only(str(generation))
    quads = len(store)
    del store
    build_derived(generation, quads)  # two processes from 500k quads, as in the build
    with closing(sqlite3.connect(view_path(generation))) as view:
        rows = view.execute("SELECT COUNT(*) FROM headline").fetchone()[0]
    return {"view_seconds": time.perf_counter() - start, "view_rows": rows}


ServerStarter = Callable[[list[Path], Path, float], Server]

STARTERS: dict[str, ServerStarter] = {
    "oxigraph-server": start_oxigraph,
    "virtuoso": start_virtuoso,
    "rdflib-endpoint": start_rdflib_endpoint,
    "gcmkg-api": start_gcmkg_api,
    "gcmkg-api-nocache": lambda files, workdir, timeout: start_gcmkg_api(
        files, workdir, timeout, cache=False
    ),
}


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process group the benchmark started for one server (it runs in its own session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
