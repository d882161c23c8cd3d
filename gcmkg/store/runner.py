"""Run store queries in a bounded worker pool with a wall-clock time limit."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from gcmkg.errors import QueryTimeout
from gcmkg.store.base import GraphStore, QueryOutcome
from gcmkg.store.terms import OxTerm

_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="gcmkg-query")


def run_query(
    store: GraphStore,
    query: str,
    bindings: Mapping[str, OxTerm] | None = None,
    timeout: float = 10.0,
    max_results: int = 10_000,
) -> QueryOutcome:
    """Return the outcome of a query; raise QueryTimeout after `timeout` s, ResultTooLarge past the limit."""
    deadline = time.monotonic() + timeout
    future = _POOL.submit(store.execute, query, dict(bindings or {}), deadline, max_results)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout as error:
        future.cancel()
        raise QueryTimeout(timeout) from error
    except QueryTimeout as error:
        raise QueryTimeout(timeout) from error
