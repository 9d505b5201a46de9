"""A mistyped code at the login prompt asks again (three tries in all), instead of ending
the login and leaving the phone behind the 2-minute resend cooldown."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.e2e.test_terminal import _read_until, _spawn
from tests.fixtures_sandbox import Sandbox

pytestmark = pytest.mark.e2e


# The prompt's last character is written once the terminal no longer echoes (getpass
# flushes what was typed before it): wait for it before typing.
def prompt_end(phone: str) -> bytes:
    return f"{phone[-4:]}: ".encode()  # "Code sent to +507 ••••7001: "


def newest_code(otpcli: Any, sandbox: Sandbox, phone: str) -> str:
    done = otpcli("sandbox", "inbox", phone, "--port", str(sandbox.port), "-q")
    return str(done.stdout.strip())


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_mistyped_code_is_asked_again_and_the_right_one_logs_in(
    otpcli: Any, sandbox: Sandbox
) -> None:
    phone = "+50762617001"
    process, fd = _spawn(["login", phone], otpcli.env)
    _read_until(fd, prompt_end(phone))
    code = newest_code(otpcli, sandbox, phone)
    os.write(fd, wrong(code).encode() + b"\n")
    screen = _read_until(fd, prompt_end(phone))  # asked again: typed before, it would be lost
    assert b"2 left" in screen
    os.write(fd, code.encode() + b"\n")
    _read_until(fd, b"Logged in to Verifik")
    assert process.wait(15) == 0
    os.close(fd)


def test_three_wrong_codes_end_the_login_with_exit_4(otpcli: Any, sandbox: Sandbox) -> None:
    phone = "+50762617002"
    process, fd = _spawn(["login", phone], otpcli.env)
    _read_until(fd, prompt_end(phone))
    bad = wrong(newest_code(otpcli, sandbox, phone))
    for left in (b"2 left", b"1 left"):
        os.write(fd, bad.encode() + b"\n")
        assert left in _read_until(fd, prompt_end(phone))
    os.write(fd, bad.encode() + b"\n")
    assert process.wait(15) == 4
    os.close(fd)
