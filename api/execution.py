"""Killable query execution: bounded pools of worker processes, each with the store opened read-only.

A query runs in a worker process (api/worker.py) with an address-space cap; when it overruns its time limit
the worker is killed (SIGKILL, which frees the CPU at once) and replaced in the background. A pool that has
no idle worker within `pool_wait_s` answers StoreBusy (503 with Retry-After). Two lanes keep cheap requests
fast while expensive ones run: "sparql" for client queries (gated in the worker) and "stored" for the
trusted templates behind /queries and the REST resources.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Iterator, Mapping
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from api.cache import cached
from api.query_gate import inspect_query
from api.worker import Answer, Job, serve
from gcmkg.config import Settings
from gcmkg.errors import QueryAborted, QueryRejected, QueryTimeout, ResultTooLarge, StoreBusy, StoreError
from gcmkg.store import GraphStore, LocalStore, QueryOutcome, open_store, run_query
from gcmkg.store.terms import OxTerm

START_METHOD = "forkserver"
READY_TIMEOUT_S = 60.0
RESPAWN_PAUSE_S = 1.0
SPARQL_NICENESS = 10  # client queries run at a lower CPU priority than the server and stored queries
MiB = 1024 * 1024
ABORTED = "the query exhausted its memory limit or crashed its worker (replaced)"


def context() -> BaseContext:
    """Return the multiprocessing context workers start from (a fork server with the worker preloaded)."""
    ctx = multiprocessing.get_context(START_METHOD)
    ctx.set_forkserver_preload(["api.worker"])
    return ctx


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: BaseContext, root: Path, max_bytes: int, niceness: int = 0) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=serve, args=(child, str(root), max_bytes, niceness), daemon=True
        )
        self.process.start()
        child.close()
        self._kill_lock = threading.Lock()
        self._killed = False

    def wait_ready(self) -> bool:
        """Return whether the worker said it is ready within READY_TIMEOUT_S."""
        try:
            return bool(self.conn.poll(READY_TIMEOUT_S)) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        """Kill the process (SIGKILL) and reap it; only the first call acts."""
        # A timed-out query's thread and the pool's shutdown may both discard the same worker: closing its
        # pipe from two threads at once raced on the file descriptor (EBADF seen in CI).
        with self._kill_lock:
            if self._killed:
                return
            self._killed = True
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def outcome_of(answer: Answer) -> QueryOutcome:
    """Return the outcome carried by a worker's answer, or raise the error it reports."""
    kind = answer[0]
    if kind == "ok" and isinstance(answer[1], QueryOutcome):
        return answer[1]
    if kind == "rejected":
        raise QueryRejected(str(answer[1]), int(str(answer[2])))
    if kind == "too-large":
        raise ResultTooLarge(int(str(answer[1])))
    if kind == "memory":
        raise QueryAborted("the query exceeded the worker's memory limit and was stopped")
    raise StoreError(str(answer[1]) if len(answer) > 1 else "the worker sent an unknown answer")


class WorkerPool:
    """A fixed number of worker processes; a job waits briefly for an idle one, else StoreBusy."""

    def __init__(
        self, root: Path, size: int, max_bytes: int, wait_s: float, name: str, niceness: int = 0
    ) -> None:
        self.root, self.size, self.max_bytes, self.wait_s, self.name = root, size, max_bytes, wait_s, name
        self.niceness = niceness
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._started = self._closed = False
        self._ctx = context()

    def start(self) -> None:
        """Start the workers (once) and wait until each is ready."""
        with self._lock:
            if self._started:
                return
            self._started = True
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            if not self._admit(worker):
                self._respawn_later()

    def _spawn(self) -> Worker:
        worker = Worker(self._ctx, self.root, self.max_bytes, self.niceness)
        with self._lock:
            self._all.add(worker)
        return worker

    def _admit(self, worker: Worker) -> bool:
        """Put a worker in the idle queue once it is ready; return False (and drop it) if it never is."""
        if worker.wait_ready() and not self._closed:
            self._idle.put(worker)
            return True
        self._discard(worker)
        return False

    def _respawn_later(self) -> None:
        """Start a replacement worker in the background, retrying with a pause until one is ready."""

        def respawn() -> None:
            while not self._closed and not self._admit(self._spawn()):
                time.sleep(RESPAWN_PAUSE_S)

        threading.Thread(target=respawn, daemon=True, name=f"gcmkg-{self.name}-respawn").start()

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        self._discard(worker)
        if not self._closed:
            self._respawn_later()

    def run(self, job: Job, timeout: float) -> QueryOutcome:
        """Return the outcome of a job; raise StoreBusy, QueryTimeout, QueryAborted or the worker's error."""
        self.start()
        try:
            worker = self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            raise StoreBusy(f"all {self.size} {self.name} workers are busy; retry shortly") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(timeout, 0.001)):
                self._replace(worker)
                raise QueryTimeout(timeout)
            answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise QueryAborted(ABORTED) from None
        self._idle.put(worker)
        return outcome_of(answer)

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._discard(worker)

    @property
    def started(self) -> bool:
        """Return whether the workers were started (a lane starts on its first job)."""
        return self._started

    def pids(self) -> list[int]:
        """Return the process ids of the live workers (for tests and monitoring)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None and w.process.is_alive()]


class PooledStore:
    """A GraphStore that runs queries in worker processes; quads and the generation come from the parent."""

    self_timed = True
    immutable_generations = True

    def __init__(self, inner: LocalStore, root: Path, settings: Settings) -> None:
        self.inner = inner
        max_bytes = settings.worker_memory_mb * MiB
        wait = settings.pool_wait_s
        self.lanes = {
            "sparql": WorkerPool(root, settings.sparql_workers, max_bytes, wait, "sparql", SPARQL_NICENESS),
            "stored": WorkerPool(root, settings.stored_workers, max_bytes, wait, "stored"),
        }

    def execute(
        self, query: str, bindings: Mapping[str, OxTerm], deadline: float, max_results: int
    ) -> QueryOutcome:
        """Return the result of a trusted (stored) query, run in the "stored" lane until the deadline."""
        job = Job(query, dict(bindings), max_results)
        return self.lanes["stored"].run(job, deadline - time.monotonic())

    def run_client(self, text: str, timeout: float, max_results: int) -> QueryOutcome:
        """Return the result of a screened client query, parsed, walked and run in the "sparql" lane."""
        return self.lanes["sparql"].run(Job(text, {}, max_results, inspect=True), timeout)

    def quads(self) -> Iterator[ox.Quad]:
        """Yield every quad of every named graph (read in this process)."""
        return self.inner.quads()

    def generation(self) -> str:
        """Return the name of the generation currently served."""
        return self.inner.generation()

    def meta(self) -> dict[str, object]:
        """Return the metadata of the current generation."""
        return self.inner.meta()

    def start(self) -> None:
        """Start every lane's workers."""
        for pool in self.lanes.values():
            pool.start()

    def close(self) -> None:
        """Stop every lane's workers."""
        for pool in self.lanes.values():
            pool.close()


def local_of(store: GraphStore) -> LocalStore | None:
    """Return the embedded store behind store (itself, or the parent's copy of a pooled one), else None."""
    if isinstance(store, PooledStore):
        return store.inner
    return store if isinstance(store, LocalStore) else None


def open_serving_store(settings: Settings) -> GraphStore:
    """Return the store the server queries: the embedded store behind worker pools, else the backend."""
    store = open_store(settings)
    if isinstance(store, LocalStore) and settings.sparql_workers > 0:
        return PooledStore(store, settings.store_dir, settings)
    return store


def close_serving_store(store: object) -> None:
    """Stop the worker pools of a store opened by open_serving_store (no-op for other stores)."""
    if isinstance(store, PooledStore):
        store.close()


def run_client_query(store: GraphStore, text: str, settings: Settings) -> QueryOutcome:
    """Return the outcome of a screened client query (the same text answered once per generation)."""
    return cached(
        store, settings, ("sparql", text, settings.max_results), lambda: _client_query(store, text, settings)
    )


def _client_query(store: GraphStore, text: str, settings: Settings) -> QueryOutcome:
    """Return the outcome of a screened client query: in a worker when pooled, else gated here."""
    if isinstance(store, PooledStore):
        return store.run_client(text, settings.query_timeout_s, settings.max_results)
    inspect_query(text)
    return run_query(store, text, None, settings.query_timeout_s, settings.max_results)
