"""First download of a generation's export while it is being written: one background writer, readers follow.

The writer (whoever takes the export's lock without waiting, in any server process) writes a fixed partial
file beside the cached export and renames it into place when complete. A reader follows the partial file as
it grows and ends when that same file (same inode) has become the cached export; if the writer failed (the
partial file was unlinked, or its lock was released without a finished export) the reader raises, so the
HTTP response is cut short and never ends looking like a complete file (decisions/0012-streamed-exports.md).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from gcmkg.errors import StoreError
from gcmkg.export import (
    ExportFormat,
    cache_path,
    prune_cache,
    read_cached,
    write_export,
    write_text_atomically,
)
from gcmkg.store import GraphStore

POLL_S = 0.02
CHUNK = 1 << 20
OPEN_WAIT_S = 10.0
LOCK_CHECK_S = 1.0
FOLLOW_AFTER_S = 2.0  # a first request waits this long for the whole file (ETag, length) before following it
FAILURES: dict[Path, str] = {}  # the last failure of a background writer, by export path


def partial_path(path: Path) -> Path:
    """Return the fixed name of the export being written (only the lock holder writes it)."""
    return path.with_name(f".{path.name}.partial")


def lock_path(path: Path) -> Path:
    """Return the lock file of an export (the same one `cached_export` takes)."""
    return path.with_name(f".{path.name}.lock")


def try_lock(path: Path) -> TextIO | None:
    """Return the export's lock file held exclusively, or None when another writer holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path(path).open("a")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def release(handle: TextIO) -> None:
    """Release and close a held lock file."""
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    handle.close()


def start_writer(store: GraphStore, fmt: ExportFormat, path: Path, cache_dir: Path) -> None:
    """Start writing the export in a background thread, unless it is finished or another writer runs."""
    held = try_lock(path)
    if held is None:
        return
    if read_cached(path) is not None:
        release(held)
        return
    partial = partial_path(path)
    partial.unlink(missing_ok=True)  # left by a writer that was killed; its readers see it unlinked
    partial.touch()
    worker = threading.Thread(target=_write, args=(store, fmt, path, cache_dir, held), daemon=True)
    worker.start()


def _write(store: GraphStore, fmt: ExportFormat, path: Path, cache_dir: Path, held: TextIO) -> None:
    """Write the partial file, rename it into place, record its sha256; always release the lock."""
    try:
        digest = write_export(store, fmt, path, temporary=partial_path(path))
        write_text_atomically(path.with_name(path.name + ".sha256"), digest + "\n")
        prune_cache(cache_dir, keep=path.parent.name)
    except StoreError as error:
        FAILURES[path] = str(error)  # the partial file is gone: readers end their responses with an error
    finally:
        release(held)


def open_following(path: Path) -> BinaryIO:
    """Open the partial file (or the finished export if it is already in place)."""
    deadline = time.monotonic() + OPEN_WAIT_S
    while True:
        for candidate in (partial_path(path), path):
            try:
                return candidate.open("rb")
            except FileNotFoundError:
                continue
        if time.monotonic() > deadline:
            raise StoreError(f"{path.name}: the export was not started")
        time.sleep(POLL_S)


def state_of(handle: BinaryIO, path: Path) -> str:
    """Return "done" if the file read is now the cached export, "failed" if it was dropped, else "writing"."""
    mine = os.fstat(handle.fileno())
    try:
        final = os.stat(path)
    except FileNotFoundError:
        final = None
    if final is not None and (final.st_ino, final.st_dev) == (mine.st_ino, mine.st_dev):
        return "done"
    return "failed" if mine.st_nlink == 0 else "writing"


def writer_alive(path: Path) -> bool:
    """Return True while some process holds the export's lock (is writing it)."""
    held = try_lock(path)
    if held is None:
        return True
    release(held)
    return False


def follow(path: Path) -> Iterator[bytes]:
    """Yield the export's bytes as they are written; raise StoreError if the writer fails."""
    with open_following(path) as handle:
        checked = time.monotonic()
        while True:
            data = handle.read(CHUNK)
            if data:
                yield data
                continue
            state = state_of(handle, path)
            if state == "done":
                yield from iter(lambda: handle.read(CHUNK), b"")
                return
            if time.monotonic() - checked > LOCK_CHECK_S:
                checked = time.monotonic()
                state = "writing" if _still_writing(handle, path) else "failed"
            if state == "failed":
                raise StoreError(f"{path.name}: the export failed while it was being sent; retry")
            time.sleep(POLL_S)


def _still_writing(handle: BinaryIO, path: Path) -> bool:
    """Return True if a writer holds the lock or the file read has meanwhile become the cached export."""
    return writer_alive(path) or state_of(handle, path) == "done"


def export_or_follow(
    store: GraphStore, fmt: ExportFormat, cache_dir: Path, wait_s: float | None = None
) -> tuple[Path, str] | Iterator[bytes]:
    """Return the finished export and its sha256 if ready within wait_s, else an iterator following it.

    wait_s defaults to FOLLOW_AFTER_S.

    Starts the writer when no one writes it yet. A writer that fails within wait_s raises its StoreError here.
    """
    path = cache_path(store, fmt, cache_dir)
    found = read_cached(path)
    if found is not None:
        return found
    start_writer(store, fmt, path, cache_dir)
    deadline = time.monotonic() + (FOLLOW_AFTER_S if wait_s is None else wait_s)
    while time.monotonic() < deadline:
        found = read_cached(path)
        if found is not None:
            return found
        if not writer_alive(path):
            found = read_cached(path)
            if found is not None:
                return found
            raise StoreError(FAILURES.pop(path, f"{path.name}: the export could not be written"))
        time.sleep(POLL_S)
    return follow(path)
