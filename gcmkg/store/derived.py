"""Files derived from a new store generation: the headline view, the search index and the term shapes.

Each is a function of the generation's quads alone, read through the store opened read-only, and written
atomically into views/ before readers are switched to the generation (decisions/0014, 0015). A large
generation builds them in two worker processes, one core each (at 1,000 pages the view alone kept one core
busy for ~2.5 minutes while the other idled); a small one builds them here, one after the other (starting a
process costs about a second). A failure raises StoreError and the caller discards the generation.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from gcmkg.errors import StoreError
from gcmkg.store.headline import build_view, store_select, view_path
from gcmkg.store.search_index import build_index, index_path
from gcmkg.store.term_shapes import shapes_path, write_shapes

PARALLEL_FROM_QUADS = 500_000  # smaller generations build their derived files in this process
WORKERS = 2


def open_read_only(generation: Path) -> ox.Store:
    """Return the generation's store, read-only (the writer has closed it)."""
    try:
        return ox.Store.read_only(str(generation))
    except OSError as error:
        raise StoreError(
            f"{generation}: cannot open the new generation to derive its files ({error})"
        ) from error


def headline_view_file(generation: Path) -> None:
    """Write the generation's headline view."""
    build_view(store_select(open_read_only(generation)), view_path(generation), generation.name)


def search_index_file(generation: Path) -> None:
    """Write the generation's full-text search index."""
    build_index(store_select(open_read_only(generation)), index_path(generation), generation.name)


def term_shapes_file(generation: Path) -> None:
    """Write the shapes of the terms behind the headline view's columns."""
    write_shapes(open_read_only(generation), shapes_path(generation))


Task = Callable[[Path], None]
TASKS: tuple[Task, ...] = (headline_view_file, search_index_file, term_shapes_file)  # longest first


def build_derived(generation: Path, quads: int, tasks: Sequence[Task] = TASKS) -> None:
    """Write every derived file of a closed generation: in worker processes when it is large."""
    if quads < PARALLEL_FROM_QUADS:
        for task in tasks:
            task(generation)
        return
    workers = max(1, min(WORKERS, len(tasks), os.cpu_count() or 1))
    context = multiprocessing.get_context("forkserver")  # a clean interpreter: no inherited store or thread
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for future in [pool.submit(task, generation) for task in tasks]:
            future.result()  # the first failure is raised here (StoreError names the file)
