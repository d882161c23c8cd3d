"""Run store queries in a bounded worker pool with a wall-clock time limit and bounded admission."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from gcmkg.errors import QueryTimeout, StoreBusy
from gcmkg.store.base import GraphStore, QueryOutcome
from gcmkg.store.terms import OxTerm

WORKERS = 8
ADMISSION_WAIT_S = 1.0
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="gcmkg-query")
# A slot is held until the worker really finishes, so runaway queries cannot queue work without bound.
_SLOTS = threading.BoundedSemaphore(WORKERS)


def _release(_future: Future[QueryOutcome]) -> None:
    _SLOTS.release()


def run_query(
    store: GraphStore,
    query: str,
    bindings: Mapping[str, OxTerm] | None = None,
    timeout: float = 10.0,
    max_results: int = 10_000,
) -> QueryOutcome:
    """Return the outcome of a query; raise QueryTimeout after `timeout` s, ResultTooLarge past the limit."""
    if getattr(store, "self_timed", False):  # runs in its own killable worker pool (api/execution.py)
        return store.execute(query, dict(bindings or {}), time.monotonic() + timeout, max_results)
    if not _SLOTS.acquire(timeout=ADMISSION_WAIT_S):
        raise StoreBusy(f"all {WORKERS} query slots are busy; retry shortly")
    deadline = time.monotonic() + timeout
    future = _POOL.submit(store.execute, query, dict(bindings or {}), deadline, max_results)
    future.add_done_callback(_release)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout as error:
        raise QueryTimeout(timeout) from error
    except QueryTimeout as error:
        raise QueryTimeout(timeout) from error
