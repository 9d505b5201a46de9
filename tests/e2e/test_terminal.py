"""The CLI on a real terminal (a pty): prompts, tables with boxes, and no keyring at all."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time

import pytest

from tests.fixtures_sandbox import OTPCLI

pytestmark = pytest.mark.e2e


def _read_until(fd: int, needle: bytes, timeout: float = 15) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{needle!r} never appeared in {seen!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _spawn(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [OTPCLI, *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    return process, leader


def test_login_on_a_terminal_prompts_for_the_code_and_logs_in(otpcli, sandbox) -> None:
    phone = "+50762615555"
    env = {k: v for k, v in otpcli.env.items() if k != "NO_COLOR"}
    process, fd = _spawn(["login", phone], env)
    screen = _read_until(fd, b"Code sent to")
    assert "╭".encode() in screen  # box characters on a terminal
    code = otpcli("sandbox", "inbox", phone, "--port", str(sandbox.port), "-q").stdout.strip()
    os.write(fd, code.encode() + b"\n")
    screen += _read_until(fd, b"Logged in to Verifik")
    assert process.wait(15) == 0
    os.close(fd)
    assert code.encode() not in screen  # the prompt hides what is typed
    assert otpcli("auth", "status", "-q").exit_code == 0


def test_without_a_keyring_confirm_fails_fast_and_keeps_the_code(otpcli, sandbox) -> None:
    phone = "+50762616666"
    headless = {
        k: v
        for k, v in otpcli.env.items()
        if k not in ("DBUS_SESSION_BUS_ADDRESS", "OTPCLI_CREDENTIAL_STORE", "DISPLAY")
    }
    otpcli("login", phone)
    code = otpcli("sandbox", "inbox", phone, "--port", str(sandbox.port), "-q").stdout.strip()
    started = time.monotonic()
    refused = subprocess.run(
        [OTPCLI, "confirm", phone, "--otp", code],
        env=headless,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert time.monotonic() - started < 5
    assert refused.returncode == 3
    for remedy in ("VERIFIK_TOKEN", "unlock a keyring", "--insecure-storage"):
        assert remedy in refused.stderr
    # The code was not spent: the same code still logs in with the file store.
    retry = otpcli("confirm", phone, "--otp", code, "--insecure-storage")
    assert retry.exit_code == 0, retry.stderr


def test_ctrl_c_during_a_send_says_the_request_may_have_arrived(otpcli, sandbox) -> None:
    import signal

    otpcli("trust-login", "--client-id", "qa", "--secret-stdin", stdin="qa-secret-99\n")
    process = subprocess.Popen(
        [OTPCLI, "trust-send", "+56961110408", "--nin", "12345678-5"],
        env=otpcli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)  # the slow magic number keeps the request in flight
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=15)
    assert process.returncode == 130
    assert "interrupted: a request already sent may still have reached the provider" in err
    assert "Traceback" not in err


def test_the_spanish_progress_bar_stays_on_one_line_of_an_80_column_terminal(
    otpcli, tmp_path
) -> None:
    """Spanish counts are longer than English ones ("1 correcto 0 fallidos 0 omitidos"):
    on 80 columns rich wrapped them onto a second line, under a shrunken bar."""
    import fcntl
    import re
    import struct
    import termios

    from tests.e2e.servers import issued_token, phones, running_sandbox

    source = tmp_path / "bulk.csv"
    source.write_text("phone\n" + "\n".join(phones(40, first=7000)) + "\n")
    with running_sandbox("--latency-ms", "100") as url:
        env = {k: v for k, v in otpcli.env.items() if k not in ("NO_COLOR", "COLUMNS")}
        env |= {
            "OTPCLI_LANG": "es",
            "OTPCLI_VERIFIK_URL": url,
            "VERIFIK_TOKEN": issued_token(url),
            "OTPCLI_PROJECT": "p",
            "OTPCLI_PROJECT_FLOW": "f",
            "TERM": "xterm-256color",
        }
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        with (tmp_path / "out.ndjson").open("w") as out:
            process = subprocess.Popen(
                [OTPCLI, "send", "--from", str(source), "--force", "--concurrency", "4"],
                stdin=follower,
                stdout=out,
                stderr=follower,
                env=env,
            )
            os.close(follower)
            shown = _read_until(leader, b"registros/s", timeout=60)
            assert process.wait(30) == 0
        os.close(leader)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode())
    frames = [part for part in re.split(r"[\r\n]", screen) if "correct" in part and "━" in part]
    assert frames, screen
    for frame in frames:
        assert len(frame) <= 80 and "omitido" in frame and "/s" in frame, frame
