"""Sandboxes of a test's own (with latency, faults) on 127.0.0.1, and what they saw."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from tests.fixtures_sandbox import OTPCLI, free_port, wait_until_up


@contextmanager
def running_sandbox(*options: str) -> Iterator[str]:
    """`otpcli sandbox serve OPTIONS` on a free port; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        [OTPCLI, "sandbox", "serve", "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def issued_token(url: str) -> str:
    """A valid token the sandbox signed (its test-only endpoint: no login needed)."""
    request = urllib.request.Request(f"{url}/_sandbox/tokens", b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.load(answer)["accessToken"])


def delivered(url: str) -> list[dict[str, str]]:
    """Every message the sandbox "delivered", oldest first."""
    with urllib.request.urlopen(f"{url}/_sandbox/messages", timeout=10) as answer:
        messages: list[dict[str, str]] = json.load(answer)["messages"]
        return messages


def phones(count: int, first: int = 1000) -> list[str]:
    """Panama mobiles with no magic ending (those are 0xxx: see the README)."""
    return [f"+5076264{n:04d}" for n in range(first, first + count)]
