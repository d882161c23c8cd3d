"""Slow request headers (slowloris): `gcmkg serve` closes a connection whose headers come too late."""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from gcmkg.config import Settings
from tests.store.helpers import free_port, running

HEADER_TIMEOUT_S = 1.0


@pytest.fixture(scope="module")
def served(sec_settings: Settings) -> Iterator[tuple[str, int]]:
    """The security store served by the real `gcmkg serve` with a 1 s header deadline: (host, port)."""
    port = free_port()
    env = {**os.environ, "GCMKG_VAR_DIR": str(sec_settings.var_dir)}
    env["GCMKG_HEADER_TIMEOUT_S"] = str(HEADER_TIMEOUT_S)
    command = [sys.executable, "-m", "gcmkg", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/objectives", env=env):
        yield "127.0.0.1", port


def closed_after(sock: socket.socket, limit_s: float) -> float | None:
    """Return how long the server took to close the connection, or None if it stayed open for limit_s."""
    start = time.monotonic()
    sock.settimeout(limit_s)
    try:
        while sock.recv(1024):
            pass
    except TimeoutError:
        return None
    return time.monotonic() - start


def test_incomplete_headers_are_cut_off(served: tuple[str, int]) -> None:
    with socket.create_connection(served, timeout=5) as sock:
        sock.sendall(b"GET /objectives HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        elapsed = closed_after(sock, 10 * HEADER_TIMEOUT_S)
    assert elapsed is not None, "the server kept a connection with incomplete headers open"
    assert elapsed < 5 * HEADER_TIMEOUT_S


def test_trickled_headers_on_a_kept_alive_connection_are_cut_off(served: tuple[str, int]) -> None:
    host, port = served
    with socket.create_connection(served, timeout=5) as sock:
        sock.sendall(f"GET /objectives HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        time.sleep(0.2)
        for _ in range(3):  # each byte cancels uvicorn's keep-alive timer; the header deadline still runs
            sock.sendall(b"G")
            time.sleep(0.3 * HEADER_TIMEOUT_S)
        elapsed = closed_after(sock, 10 * HEADER_TIMEOUT_S)
    assert elapsed is not None and elapsed < 5 * HEADER_TIMEOUT_S


def test_a_request_slower_than_the_header_deadline_is_answered(served: tuple[str, int]) -> None:
    # the deadline covers headers only: a response that takes longer must not be cut
    host, port = served
    response = httpx.get(f"http://{host}:{port}/export", params={"format": "jsonld"}, timeout=60)
    assert response.status_code == 200
    assert httpx.get(f"http://{host}:{port}/objectives", timeout=10).status_code == 200
