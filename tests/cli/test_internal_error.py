"""A bug deep inside (here: the HTTP layer raising RuntimeError) ends as exit 1 with one line.

The exception's text holds the token on purpose: it must not reach any output, with or
without --debug (whose traceback is scrubbed of every secret the process has seen).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from otpcli.http.client import HttpClient
from tests.conftest import TOKEN

SEND = ["send", "+50762617737", "--project", "proj-1", "--project-flow", "flow-1"]
VALIDATE = ("validate", "+50762617737", "--otp", "123456")


@pytest.fixture
def broken_http(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: HttpClient, request: Any) -> Any:
        raise RuntimeError(f"unexpected state while sending with {TOKEN}")

    monkeypatch.setenv("VERIFIK_TOKEN", TOKEN)
    monkeypatch.setattr(HttpClient, "send", explode)


@pytest.mark.usefixtures("broken_http")
def test_internal_error_is_one_line_exit_1_and_hides_the_token(cli: Any) -> None:
    result = cli(*SEND)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "internal error" in lines[0] and "RuntimeError" in lines[0]
    assert TOKEN not in result.everything
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("broken_http")
def test_internal_error_in_json_mode(cli: Any) -> None:
    result = cli(*SEND, "--json")
    assert result.exit_code == 1
    assert result.error["code"] == "internal_error"
    assert TOKEN not in result.everything


@pytest.mark.usefixtures("broken_http")
def test_debug_shows_a_traceback_without_the_token(cli: Any) -> None:
    result = cli(*SEND, "--debug")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert TOKEN not in result.everything


def test_internal_error_is_1_with_one_line(cli, respx_mock, logged_in, monkeypatch) -> None:
    from otpcli.http.client import HttpClient

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(HttpClient, "send", boom)
    result = cli(*VALIDATE)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_internal_error_shows_traceback_only_with_debug(cli, logged_in, monkeypatch) -> None:
    from otpcli.http.client import HttpClient

    monkeypatch.setattr(HttpClient, "send", lambda *a, **k: 1 / 0)
    result = cli(*VALIDATE, "--debug")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert "ZeroDivisionError" in result.stderr


def test_internal_error_from_a_real_process() -> None:
    """The console entry point itself: the process exits 1, one stderr line, no token."""
    code = (
        "import sys\n"
        "from otpcli.http.client import HttpClient\n"
        "def explode(self, request):\n"
        "    raise RuntimeError('boom ' + __import__('os').environ['VERIFIK_TOKEN'])\n"
        "HttpClient.send = explode\n"
        "from otpcli.__main__ import main\n"
        "sys.argv = ['otpcli', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = os.environ | {"VERIFIK_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, "-c", code, *SEND, "--json"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    (machine,) = done.stderr.splitlines()  # with --json: the JSON object alone
    assert json.loads(machine)["error"]["code"] == "internal_error"
    assert TOKEN not in done.stdout + done.stderr
