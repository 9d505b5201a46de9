"""Bulk runs as a user runs them: the CLI as a subprocess, the sandbox on 127.0.0.1.

Interruptions (SIGINT, SIGTERM), finishing with --resume, and what a terminal shows.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixtures_sandbox import free_port

pytestmark = pytest.mark.e2e

LATENCY_MS = 100


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    code = "from otpcli.sandbox.server import serve; serve('127.0.0.1', {}, latency_ms={})"
    process = subprocess.Popen(
        [sys.executable, "-c", code.format(port, LATENCY_MS)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/_sandbox/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def token(server: str) -> str:
    """A token the sandbox issued, through its own login flow."""
    phone = {"countryCode": "+507", "phone": "62619999"}
    httpx.post(f"{server}/v2/projects/phone-login", json={**phone, "type": "login"})
    messages = httpx.get(f"{server}/_sandbox/messages", params={"phone": "50762619999"}).json()
    code = messages["messages"][-1]["code"]
    answer = httpx.post(f"{server}/v2/projects/phone-login/confirm", json={**phone, "otp": code})
    value: str = answer.json()["data"]["accessToken"]
    return value


@pytest.fixture
def env(server: str, token: str, tmp_path: Path) -> dict[str, str]:
    names = ("PATH", "HOME", "LANG", "SYSTEMROOT")
    base = {k: v for k, v in os.environ.items() if k in names}
    return base | {
        "OTPCLI_CONFIG_DIR": str(tmp_path / "config"),
        "OTPCLI_DATA_DIR": str(tmp_path / "data"),
        "OTPCLI_VERIFIK_URL": server,
        "OTPCLI_TRUST_URL": server,
        "OTPCLI_ATENEA_URL": server,
        "OTPCLI_PROJECT": "sandbox-project",
        "OTPCLI_PROJECT_FLOW": "sandbox-flow",
        "VERIFIK_TOKEN": token,
    }


def phones(tmp_path: Path, first: int, count: int) -> tuple[Path, list[str]]:
    numbers = [f"+5076{n:07d}" for n in range(first, first + count)]
    path = tmp_path / "phones.txt"
    path.write_text("".join(f"{n}\n" for n in numbers))
    return path, numbers


def otpcli(*args: str) -> list[str]:
    return [sys.executable, "-m", "otpcli", *args]


def wait_for_lines(path: Path, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while path.read_bytes().count(b"\n") < count:
        assert time.monotonic() < deadline, f"fewer than {count} lines in {timeout}s"
        time.sleep(0.02)


def delivered(server: str) -> list[str]:
    messages = httpx.get(f"{server}/_sandbox/messages").json()["messages"]
    return [m["phone"] for m in messages]


def interrupted_run(
    tmp_path: Path, env: dict[str, str], source: Path, signum: int
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / "run1.ndjson"
    with out.open("w") as stdout:
        process = subprocess.Popen(
            otpcli("send", "--from", str(source), "--concurrency", "4"),
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        wait_for_lines(out, 8)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=20)
    return subprocess.CompletedProcess(process.args, process.returncode, "", stderr), out


@pytest.mark.parametrize(
    ("signum", "first"),
    [(signal.SIGINT, 3_100_000), (signal.SIGTERM, 3_200_000)],
    ids=["SIGINT", "SIGTERM"],
)
def test_an_interrupted_run_writes_a_line_for_every_record_it_attempted_and_exits_130(
    server: str, env: dict[str, str], tmp_path: Path, signum: int, first: int
) -> None:
    source, numbers = phones(tmp_path, first, 200)
    result, out = interrupted_run(tmp_path, env, source, signum)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    attempted = [p for p in delivered(server) if p in set(numbers)]
    assert result.returncode == 130
    assert len(lines) == len(attempted)
    assert [r["input"]["phone"] for r in lines] == numbers[: len(lines)]
    assert all(r["ok"] for r in lines)
    assert f"{200 - len(lines)} records not attempted" in result.stderr


def test_a_run_reading_a_pipe_that_stays_open_stops_on_sigint_without_more_input(
    server: str, env: dict[str, str], tmp_path: Path
) -> None:
    _, numbers = phones(tmp_path, 3_600_000, 100)
    out = tmp_path / "out.ndjson"
    with out.open("w") as stdout:
        process = subprocess.Popen(
            otpcli("send", "--from", "-", "--concurrency", "4"),
            stdin=subprocess.PIPE,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdin is not None and process.stderr is not None
        process.stdin.write("".join(f"{n}\n" for n in numbers))
        process.stdin.flush()  # and left open, as a producer that may write more
        wait_for_lines(out, 8)
        process.send_signal(signal.SIGINT)
        returncode = process.wait(20)
        stderr = process.stderr.read()
        process.stdin.close()
    lines = out.read_text().splitlines()
    assert returncode == 130
    assert len(lines) == len([p for p in delivered(server) if p in set(numbers)])
    assert "(and the rest of stdin)" in stderr


def test_resume_finishes_an_interrupted_run_without_sending_anyone_a_second_code(
    server: str, env: dict[str, str], tmp_path: Path
) -> None:
    source, numbers = phones(tmp_path, 3_300_000, 200)
    _, first_results = interrupted_run(tmp_path, env, source, signal.SIGINT)
    done_before = first_results.read_text().count("\n")
    finish = subprocess.run(
        otpcli(
            "send", "--from", str(source), "--resume", str(first_results), "--concurrency", "25"
        ),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    lines = [json.loads(line) for line in finish.stdout.splitlines()]
    assert finish.returncode == 0
    assert [r["input"]["phone"] for r in lines] == numbers
    assert sum(bool(r.get("skipped")) for r in lines) == done_before
    sends = [p for p in delivered(server) if p in set(numbers)]
    assert sorted(sends) == sorted(numbers)  # each phone exactly once, over both runs


def test_resume_refuses_the_file_the_shell_just_emptied_for_stdout(
    env: dict[str, str], tmp_path: Path
) -> None:
    source, _ = phones(tmp_path, 3_400_000, 3)
    results = tmp_path / "out.ndjson"
    results.write_text('{"line": 1, "input": {"phone": "+50763400000"}, "ok": true}\n')
    command = " ".join(otpcli("send", "--from", str(source), "--resume", str(results)))
    finish = subprocess.run(
        f"{command} > {results}", shell=True, capture_output=True, text=True, env=env, timeout=60
    )
    assert finish.returncode == 2
    assert "emptied it" in finish.stderr


def test_a_terminal_sees_a_progress_bar_on_stderr_and_stdout_keeps_only_results(
    env: dict[str, str], tmp_path: Path
) -> None:
    pty = pytest.importorskip("pty")
    source, numbers = phones(tmp_path, 3_500_000, 20)
    main, secondary = pty.openpty()
    out = tmp_path / "out.ndjson"
    with out.open("w") as stdout:
        process = subprocess.Popen(
            otpcli("send", "--from", str(source)),
            stdout=stdout,
            stderr=secondary,
            env=env | {"TERM": "xterm-256color", "COLUMNS": "120"},
        )
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other end closed: the process has ended
                break
            if not chunk:
                break
            shown += chunk
        process.wait(30)
    os.close(main)
    assert process.returncode == 0
    assert len(out.read_text().splitlines()) == len(numbers)
    assert b"failed" in shown and b"/s" in shown  # the bar's counts and rate
    assert b"20 ok, 0 failed, 0 skipped" in shown  # and the summary after it
