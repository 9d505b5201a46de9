"""A bulk run stops by itself when going on can only fail, and reads what it is given safely:
a refused token, a server that is gone, a resume file that is not one, lines too long,
codes echoed back under --debug."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.servers import delivered, issued_token, phones, running_sandbox
from tests.fixtures_sandbox import OTPCLI, Run, Sandbox

pytestmark = pytest.mark.e2e
TOKEN_NOBODY_ISSUED = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"


def otpcli_at(otpcli: Any, url: str, token: str, *args: str) -> Run:
    """The installed CLI against `url` with `token` in the environment."""
    env = {**otpcli.env, "OTPCLI_VERIFIK_URL": url, "VERIFIK_TOKEN": token}
    done = subprocess.run([OTPCLI, *args], env=env, capture_output=True, text=True, timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def ndjson(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def codes(lines: list[dict[str, Any]]) -> list[str]:
    return [line["error"]["code"] if not line["ok"] else "ok" for line in lines]


def write(tmp_path: Path, text: str, name: str = "records.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return str(path)


def test_a_refused_token_stops_the_run_and_marks_the_rest_not_attempted(
    otpcli: Any, tmp_path: Path
) -> None:
    source = write(tmp_path, "\n".join(phones(300)) + "\n")
    with running_sandbox() as url:
        done = otpcli_at(otpcli, url, TOKEN_NOBODY_ISSUED, "send", "--from", source)
        assert delivered(url) == []
    lines = ndjson(done.stdout)
    assert done.exit_code == 3, done.stderr
    assert len(lines) == 300  # every record has its line
    refused = [c for c in codes(lines) if c == "Unauthorized"]
    assert 1 <= len(refused) <= 8  # those in flight when the first 401 came back
    assert codes(lines)[len(refused) :] == ["not_attempted"] * (300 - len(refused))
    assert "otpcli login" in done.stderr


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(("limit", "expected_exit"), [(None, 8), ("3", 8), ("0", 10)])
def test_connections_failing_in_a_row_stop_the_run(
    otpcli: Any, tmp_path: Path, limit: str | None, expected_exit: int
) -> None:
    import subprocess

    from tests.fixtures_sandbox import OTPCLI

    count = 40
    source = write(tmp_path, "\n".join(phones(count)) + "\n")
    env = {
        **otpcli.env,
        "OTPCLI_VERIFIK_URL": f"http://127.0.0.1:{closed_port()}",
        "VERIFIK_TOKEN": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
    }
    more = ["--max-connection-failures", limit] if limit else []
    done = subprocess.run(
        [OTPCLI, "send", "--from", source, *more],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = ndjson(done.stdout)
    assert done.returncode == expected_exit, done.stderr
    assert len(lines) == count
    refused = codes(lines).count("connection_refused")
    if limit == "0":
        assert refused == count
    else:
        threshold = int(limit or 20)
        assert threshold <= refused <= threshold + 8
        assert codes(lines)[refused:] == ["not_attempted"] * (count - refused)
        assert "in a row" in done.stderr


def test_resuming_from_a_file_that_holds_no_results_is_a_usage_error(
    otpcli: Any, sandbox: Sandbox, tmp_path: Path
) -> None:
    source = write(tmp_path, "\n".join(phones(3)) + "\n")
    token = issued_token(sandbox.url)
    # The input given as the results to resume, by mistake: nothing may be sent.
    done = otpcli_at(otpcli, sandbox.url, token, "send", "--from", source, "--resume", source)
    assert done.exit_code == 2
    assert source in done.stderr
    assert "no result lines" in done.stderr


def test_a_line_too_long_is_an_error_line_that_does_not_echo_it(
    otpcli: Any, sandbox: Sandbox, tmp_path: Path
) -> None:
    numbers = phones(2, first=5000)
    huge = "+507" + "6" * 5000
    source = write(tmp_path, f"{numbers[0]}\n{huge}\n{numbers[1]}\n")
    token = issued_token(sandbox.url)
    done = otpcli_at(otpcli, sandbox.url, token, "send", "--from", source, "--json")
    lines = ndjson(done.stdout)
    assert done.exit_code == 10
    assert codes(lines) == ["ok", "line_too_long", "ok"]
    assert lines[1]["input"] == {}
    assert "6" * 100 not in done.stdout + done.stderr


def test_carriage_returns_alone_end_lines(otpcli: Any, sandbox: Sandbox, tmp_path: Path) -> None:
    numbers = phones(3, first=6000)
    source = write(tmp_path, "phone,gateway\r" + "".join(f"{n},sms\r" for n in numbers))
    token = issued_token(sandbox.url)
    done = otpcli_at(otpcli, sandbox.url, token, "send", "--from", source)
    assert done.exit_code == 0, done.stderr
    assert [line["input"]["phone"] for line in ndjson(done.stdout)] == numbers


class EchoingHandler(BaseHTTPRequestHandler):
    """A provider that quotes the request's body back in its error, code and all."""

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        answer = json.dumps({"code": "BadRequest", "message": f"Invalid OTP code in {body}"})
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def echoing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_debug_in_a_bulk_run_never_shows_a_code_even_one_the_provider_echoes(
    otpcli: Any, tmp_path: Path
) -> None:
    import subprocess

    from tests.fixtures_sandbox import OTPCLI

    rows = [("+50762647001", "482913"), ("+50762647002", "557104")]
    source = write(tmp_path, "phone,otp\n" + "".join(f"{p},{c}\n" for p, c in rows))
    with echoing_server() as url:
        env = {
            **otpcli.env,
            "OTPCLI_VERIFIK_URL": url,
            "VERIFIK_TOKEN": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
        }
        done = subprocess.run(
            [OTPCLI, "validate", "--from", source, "--debug"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 10, done.stderr
    assert "Invalid OTP code" in done.stderr  # the echo was traced, and the line is there
    for _, code in rows:
        assert code not in done.stdout + done.stderr
