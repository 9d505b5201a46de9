"""`otpcli sandbox serve --log FILE` sends its console lines to FILE and says so first;
--clock-skew shifts the Date header it answers with."""

from __future__ import annotations

import email.utils
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures_sandbox import OTPCLI, free_port, wait_until_up

pytestmark = pytest.mark.e2e


def test_serve_with_a_log_file_says_where_and_writes_the_codes_there(
    otpcli: Any, tmp_path: Path
) -> None:
    port, log = free_port(), tmp_path / "sandbox.log"
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [OTPCLI, "sandbox", "serve", "--port", str(port), "--log", str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_up(url, server)
        env = {**otpcli.env, "OTPCLI_VERIFIK_URL": url}
        subprocess.run([OTPCLI, "login", "+50762617555"], env=env, capture_output=True, check=True)
        time.sleep(0.3)
    finally:
        server.terminate()
        console, _ = server.communicate(timeout=10)
    first = console.splitlines()[0]
    assert "a sandbox" in first and str(log) in first
    assert "7555" in log.read_text()  # the delivered code's line went to the file
    assert "7555" not in console


def test_clock_skew_shifts_the_date_header(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [OTPCLI, "sandbox", "serve", "--port", str(port), "--clock-skew", "-300"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url, server)
        with urllib.request.urlopen(f"{url}/_sandbox/health", timeout=5) as answer:
            said = email.utils.parsedate_to_datetime(answer.headers["Date"]).timestamp()
    finally:
        server.terminate()
        server.wait(10)
    assert abs(said - (time.time() - 300)) < 5


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [OTPCLI, "sandbox", "serve", *args], capture_output=True, text=True, timeout=30, check=False
    )


def test_a_busy_port_is_one_error_line_in_otpcli_s_form() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        refused = _serve("--port", str(port))
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"error: cannot listen on 127.0.0.1:{port}: the port is already in use"
        " — another sandbox may be running; pick another --port\n"
    )


def test_a_console_log_that_cannot_be_opened_is_not_told_as_a_port_problem(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no-such-dir" / "sandbox.log"
    refused = _serve("--port", str(free_port()), "--log", str(missing))
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        f"error: cannot open the console log {missing}: no such file — "
    )
    assert "listen" not in refused.stderr and "another sandbox" not in refused.stderr


def test_an_unknown_host_is_not_blamed_on_another_sandbox() -> None:
    refused = _serve("--host", "no-such-host.invalid", "--port", str(free_port()))
    assert refused.returncode == 2
    assert "unknown host — pass --host an address of this machine" in refused.stderr
    assert "another sandbox" not in refused.stderr


def test_a_restarted_sandbox_refuses_the_token_it_issued_before_with_exit_3(
    otpcli: Any,
) -> None:
    """As the README says: the sandbox forgets its tokens when it restarts."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**otpcli.env, "OTPCLI_VERIFIK_URL": url, "OTPCLI_PROFILE": "sandbox"}
    phone = "+50762617444"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [OTPCLI, *args], env=env, capture_output=True, text=True, timeout=30, check=False
        )

    for restart in (False, True):
        server = subprocess.Popen(
            [OTPCLI, "sandbox", "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(url, server)
            if not restart:
                assert run("login", phone).returncode == 0
                code = run("sandbox", "inbox", phone, "--port", str(port), "-q").stdout.strip()
                assert run("confirm", phone, "--otp", code).returncode == 0
                assert run("send", phone).returncode == 0
            else:
                refused = run("send", phone)
        finally:
            server.terminate()
            server.wait(10)
    assert refused.returncode == 3
    assert "Invalid or expired token." in refused.stderr
    assert "otpcli login PHONE" in refused.stderr
