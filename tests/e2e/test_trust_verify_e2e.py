"""The installed CLI against a real sandbox on 127.0.0.1: trust-login, trust-send by WhatsApp,
trust-verify with the code the sandbox delivered, and verify's magic numbers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.bulk.helpers import records
from tests.fixtures_sandbox import OTPCLI

pytestmark = pytest.mark.e2e

SECRET = "qa-secret-verify-77"


def log_in(otpcli) -> None:  # type: ignore[no-untyped-def]
    login = otpcli("trust-login", "--client-id", "qa", "--secret-stdin", stdin=f"{SECRET}\n")
    assert login.exit_code == 0, login.stderr


def send(otpcli, phone: str, channel: str = "whatsapp") -> str:  # type: ignore[no-untyped-def]
    sent = otpcli("trust-send", phone, "--nin", "12.345.678-5", "--channel", channel, "-q")
    assert sent.exit_code == 0, sent.stderr
    return str(sent.stdout.strip())


def inbox_code(otpcli, phone: str) -> str:  # type: ignore[no-untyped-def]
    newest = otpcli("sandbox", "inbox", phone, "-q")
    assert newest.exit_code == 0, newest.stderr
    return str(newest.stdout.strip())


def test_whatsapp_send_then_verify_with_the_delivered_code(otpcli, sandbox) -> None:
    log_in(otpcli)
    phone = "+56961114444"
    verification = send(otpcli, phone)
    code = inbox_code(otpcli, phone)
    assert len(code) == 4
    verify = otpcli("trust-verify", verification, "--otp", code, "-q", "--debug")
    assert (verify.exit_code, verify.stdout) == (0, "verified\n"), verify.stderr
    assert "> POST " in verify.stderr  # the trace is there, and without the code
    assert code not in verify.stdout + verify.stderr
    assert SECRET not in verify.stdout + verify.stderr
    again = otpcli("trust-verify", verification, "--otp", code)
    assert again.exit_code == 7  # a code is good once
    assert "El código ya fue verificado" in again.stderr


@pytest.mark.skipif(shutil.which("xargs") is None, reason="xargs is not installed")
def test_the_id_pipes_from_trust_send_into_trust_verify(otpcli, sandbox) -> None:
    log_in(otpcli)
    phone = "+56961115555"
    # xargs starts trust-verify once trust-send has printed the id, so the code is in the
    # sandbox's inbox by then (as it would be in the customer's hand).
    verify = f'otpcli trust-verify {{}} --otp "$(otpcli sandbox inbox {phone} -q)"'
    pipeline = (
        f"otpcli trust-send {phone} --nin 12.345.678-5 --channel whatsapp -q"
        f" | xargs -I{{}} sh -c '{verify}'"
    )
    env = {**otpcli.env, "PATH": f"{Path(OTPCLI).parent}:{otpcli.env.get('PATH', '')}"}
    done = subprocess.run(
        ["sh", "-c", pipeline], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Trust code verified" in done.stdout


@pytest.mark.parametrize(
    ("ending", "exit_code", "code"),
    [
        ("0403", 4, "otp_does_not_match"),
        ("0404", 5, "phone_validation_not_found"),
        ("0412", 6, "phoneValidation_has_expired"),
    ],
)
def test_verify_magic_numbers_give_their_exit_codes(otpcli, sandbox, ending, exit_code, code):
    log_in(otpcli)
    phone = f"+5696111{ending}"
    verification = send(otpcli, phone, channel="sms")
    right = inbox_code(otpcli, phone)  # the magic ending wins even over the right code
    result = otpcli("trust-verify", verification, "--otp", right, "--json")
    assert result.exit_code == exit_code, result.stderr
    assert f'"code": "{code}"' in result.stderr
    assert right not in result.stdout + result.stderr


def test_a_file_of_ids_and_codes(otpcli, sandbox, tmp_path: Path) -> None:
    log_in(otpcli)
    first, second = "+56961116666", "+56961117777"
    right = f"{send(otpcli, first)},{inbox_code(otpcli, first)}"
    second_id = send(otpcli, second, channel="sms")
    wrong = "1001" if inbox_code(otpcli, second) == "1000" else "1000"
    source = tmp_path / "codes.csv"
    source.write_text(f"id,otp\n{right}\n{second_id},{wrong}\n", encoding="utf-8")
    result = otpcli("trust-verify", "--from", str(source))
    lines = records(result.stdout)
    assert result.exit_code == 10
    assert [(line["ok"], line["input"]["otp"]) for line in lines] == [
        (True, "[redacted]"),
        (False, "[redacted]"),
    ]
    assert lines[1]["error"]["code"] == "otp_does_not_match"


def test_after_two_trust_sends_the_newest_code_verifies_the_newest_id_only(otpcli, sandbox) -> None:
    """As the README says: `sandbox inbox PHONE -q` prints the newest code."""
    log_in(otpcli)
    phone = "+56961116666"
    older, newer = send(otpcli, phone, "sms"), send(otpcli, phone, "sms")
    code = inbox_code(otpcli, phone)
    assert otpcli("trust-verify", older, "--otp", code).exit_code == 4
    assert otpcli("trust-verify", newer, "--otp", code, "-q").stdout == "verified\n"
