"""Proxies from the environment: used as httpx reads them, never for this machine's own
addresses, and named when they fail (without their credentials)."""

from __future__ import annotations

import socket
import subprocess
from typing import Any

import pytest

from tests.e2e.servers import issued_token
from tests.fixtures_sandbox import OTPCLI, Sandbox

pytestmark = pytest.mark.e2e
NO_PROXY_VARS = ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_with(otpcli: Any, extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in otpcli.env.items() if k not in (*NO_PROXY_VARS, "ALL_PROXY")}
    env.update(extra)
    return subprocess.run([OTPCLI, *args], env=env, capture_output=True, text=True, timeout=60)


def test_loopback_never_goes_through_a_proxy(otpcli: Any, sandbox: Sandbox) -> None:
    dead_proxy = f"http://127.0.0.1:{closed_port()}"
    extra = {"HTTP_PROXY": dead_proxy, "ALL_PROXY": dead_proxy}
    extra["VERIFIK_TOKEN"] = issued_token(sandbox.url)
    done = run_with(otpcli, extra, "send", "+50762649999", "-q")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("scheme", ["http", "socks5"])
def test_a_proxy_that_fails_is_named_without_its_password(otpcli: Any, scheme: str) -> None:
    port = closed_port()
    proxy = f"{scheme}://qa:hunter2-secret@127.0.0.1:{port}"
    extra = {
        "HTTPS_PROXY": proxy,
        "ALL_PROXY": proxy,
        "OTPCLI_VERIFIK_URL": "https://api.verifik.example",
        "VERIFIK_TOKEN": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
    }
    done = run_with(otpcli, extra, "send", "+50762617737")
    assert done.returncode == 8, done.stderr
    assert f"{scheme}://127.0.0.1:{port}" in done.stderr
    assert "hunter2-secret" not in done.stderr
    assert "internal error" not in done.stderr
