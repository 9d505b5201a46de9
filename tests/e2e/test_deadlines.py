"""--timeout bounds the whole answer, and an answer cut short is told like a timeout: the
request may have reached the provider, so it is never sent again."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures_sandbox import OTPCLI

pytestmark = pytest.mark.e2e
TOKEN = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"


@contextmanager
def raw_server(answer: Callable[[socket.socket], None]) -> Iterator[tuple[str, list[int]]]:
    """A server that answers each connection with `answer`; counts the requests it read."""
    listener = socket.create_server(("127.0.0.1", 0))
    requests: list[int] = []

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            requests.append(1)
            with suppress(OSError):
                answer(conn)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", requests
    finally:
        listener.close()


def dripping(conn: socket.socket) -> None:
    """Headers, then a 100-byte body one byte a second."""
    conn.sendall(HEAD)
    for _ in range(100):
        conn.sendall(b" ")
        time.sleep(1)


def cut_short(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Len")  # then the connection drops


def run(otpcli: Any, url: str, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**otpcli.env, "OTPCLI_VERIFIK_URL": url, "VERIFIK_TOKEN": TOKEN}
    started = time.monotonic()
    done = subprocess.run([OTPCLI, *args], env=env, capture_output=True, text=True, timeout=60)
    return done, time.monotonic() - started


def test_a_body_that_trickles_in_ends_at_the_timeout_with_exit_8(otpcli: Any) -> None:
    with raw_server(dripping) as (url, requests):
        done, took = run(otpcli, url, "send", "+50762617737", "--timeout", "3")
    assert done.returncode == 8, done.stderr
    assert took < 10  # not the 100 s the body would take
    assert "may have reached the provider" in done.stderr
    assert len(requests) == 1  # never sent again


def test_each_record_of_a_bulk_run_gets_the_deadline(otpcli: Any, tmp_path: Path) -> None:
    source = tmp_path / "phones.txt"
    source.write_text("+50762617737\n+50762617738\n")
    with raw_server(dripping) as (url, requests):
        done, took = run(otpcli, url, "send", "--from", str(source), "--timeout", "3")
    assert done.returncode == 10, done.stderr
    assert took < 10
    assert done.stdout.count('"code": "timeout"') == 2
    assert len(requests) == 2


@pytest.mark.parametrize("bulk", [False, True], ids=["single", "bulk"])
def test_an_answer_cut_short_says_the_request_may_have_arrived_and_is_not_retried(
    otpcli: Any, tmp_path: Path, bulk: bool
) -> None:
    source = tmp_path / "phones.txt"
    source.write_text("+50762617737\n")
    args = ["--from", str(source)] if bulk else ["+50762617737"]
    with raw_server(cut_short) as (url, requests):
        done, _ = run(otpcli, url, "send", *args)
    assert done.returncode == (10 if bulk else 8), done.stderr
    assert "may have reached the provider" in done.stdout + done.stderr
    assert len(requests) == 1
