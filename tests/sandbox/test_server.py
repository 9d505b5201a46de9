"""`serve`: binding, and the console lines it prints."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from rich.console import Console

from otpcli.sandbox.server import MessagePrinter, banner, serve
from otpcli.sandbox.state import Message
from tests.fixtures_sandbox import free_port, wait_until_up
from tests.sandbox.helpers import START

SERVE = """
import sys
from otpcli.sandbox.server import serve
serve("127.0.0.1", int(sys.argv[1]), seed=5, log_path=sys.argv[2], clock_skew=-3600)
"""


def test_serve_on_a_busy_port_raises_a_readable_oserror() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(OSError, match=f"127.0.0.1:{port}: the port is already in use") as err:
            serve(port=port)
        assert err.value.strerror == "the port is already in use"


def test_printer_writes_one_plain_line_per_message_when_not_a_terminal() -> None:
    out = io.StringIO()
    printer = MessagePrinter(Console(file=out, force_terminal=False))
    printer(Message(START, "verifik", "whatsapp", "+50762617737", "123456", "login"))
    line = out.getvalue()
    assert line.count("\n") == 1
    assert "\x1b" not in line
    assert all(part in line for part in ("whatsapp", "+50762617737", "123456", "Verifik login"))


def test_printer_labels_manual_sends() -> None:
    out = io.StringIO()
    MessagePrinter(Console(file=out))(Message(START, "verifik", "sms", "+5076", "1", "manual"))
    assert "Verifik manual" in out.getvalue()


def test_the_banner_s_first_line_says_where_the_console_log_goes(tmp_path: Path) -> None:
    first, second = banner(
        "http://127.0.0.1:8787", default_address=True, log_path="sandbox.log", options=[]
    )
    assert first == (
        "otpcli sandbox: http://127.0.0.1:8787 (a sandbox, not a real provider); "
        f"console log: {os.path.abspath('sandbox.log')}"
    )
    assert "written to the console log" in second
    first, second = banner("http://[::1]:9", default_address=False, log_path=None, options=["x"])
    assert first == "otpcli sandbox — NOT a real provider — listening on http://[::1]:9"
    assert second.endswith("Options: x. Ctrl-C stops.")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    port = free_port()
    log = tmp_path / "sandbox.log"
    log.write_text("an earlier run\n")
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port), str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, process, seconds=20)
    try:
        yield url, log, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_serve_writes_the_console_to_the_log_and_skews_dates(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, log, process = served
    body = json.dumps({"countryCode": "+507", "phone": "62617737"}).encode()
    request = urllib.request.Request(
        f"{url}/v2/projects/phone-login",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        dates = response.headers.get_all("Date")
    assert len(dates) == 1
    skew = parsedate_to_datetime(dates[0]).timestamp() - time.time()
    assert -3610 < skew < -3590
    with urllib.request.urlopen(f"{url}/_sandbox/messages", timeout=5) as response:
        code = json.load(response)["messages"][-1]["code"]
    process.send_signal(signal.SIGINT)
    terminal, _ = process.communicate(timeout=15)
    assert process.returncode == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "an earlier run"
    assert lines[1].startswith(f"otpcli sandbox {url} started ")
    assert "+50762617737" in lines[2] and code in lines[2] and "Verifik login" in lines[2]
    assert lines[-1] == "otpcli sandbox stopped"
    assert terminal.splitlines()[0] == (
        f"otpcli sandbox: {url} (a sandbox, not a real provider); console log: {log}"
    )
    assert code not in terminal
    assert "Date headers -3600 s off" in terminal
