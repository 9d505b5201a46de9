"""The installed CLI against a real sandbox on 127.0.0.1: every command, every magic number."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def code(otpcli, sandbox, phone: str) -> str:  # type: ignore[no-untyped-def]
    result = otpcli("sandbox", "inbox", phone, "--port", str(sandbox.port), "-q")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout.strip())


def log_in(otpcli, sandbox, phone: str = "+50762617737") -> None:  # type: ignore[no-untyped-def]
    assert otpcli("login", phone).exit_code == 0
    assert otpcli("confirm", phone, "--otp", code(otpcli, sandbox, phone)).exit_code == 0


def test_login_confirm_send_validate_round_trip(otpcli, sandbox, tmp_path: Path) -> None:
    phone = "+50762611111"
    login = otpcli("login", phone)
    assert login.exit_code == 0, login.stderr
    login_code = code(otpcli, sandbox, phone)
    confirm = otpcli("confirm", phone, "--otp", login_code, "--json")
    assert confirm.exit_code == 0, confirm.stderr
    assert json.loads(confirm.stdout)["storedIn"] == "file"
    send = otpcli("send", phone, "-q")
    assert send.exit_code == 0, send.stderr
    sent_code = code(otpcli, sandbox, phone)
    validate = otpcli("validate", phone, "--otp", sent_code, "-q")
    assert (validate.exit_code, validate.stdout) == (0, "validated\n")
    token = json.loads((tmp_path / "data" / "credentials.json").read_text())["sandbox"]["verifik"]
    for result in (login, confirm, send, validate):
        assert token not in result.stdout + result.stderr
        assert login_code not in result.stdout + result.stderr
    assert sent_code not in send.stdout + send.stderr


def test_trust_login_then_trust_send(otpcli, sandbox) -> None:
    login = otpcli("trust-login", "--client-id", "qa", "--secret-stdin", stdin="qa-secret-99\n")
    assert login.exit_code == 0, login.stderr
    send = otpcli("trust-send", "+56 9 6111 2222", "--nin", "12.345.678-5", "-q")
    assert send.exit_code == 0, send.stderr
    assert send.stdout.strip()
    assert "qa-secret-99" not in login.stdout + login.stderr + send.stdout + send.stderr


def test_a_wrong_code_is_exit_4(otpcli, sandbox) -> None:
    log_in(otpcli, sandbox, "+50762612222")
    otpcli("send", "+50762612222")
    assert otpcli("validate", "+50762612222", "--otp", "000001").exit_code == 4


@pytest.mark.parametrize(
    ("phone", "command", "exit_code"),
    [
        ("+50762610403", "validate", 4),
        ("+50762610404", "validate", 5),
        ("+50762610412", "validate", 6),
        ("+50762610409", "send", 9),
        ("+50762610402", "send", 7),
        ("+50762610500", "send", 7),
        ("+50762610429", "send", 9),
        ("+50762610502", "send", 7),
        ("+50762610200", "send", 7),
        ("+50762610408", "send", 8),
        ("+50762610401", "send", 3),
    ],
)
def test_magic_numbers_give_their_exit_codes(otpcli, sandbox, phone, command, exit_code) -> None:
    log_in(otpcli, sandbox, "+50762613333")
    args = [command, phone, "--timeout", "1"]
    if command == "validate":
        args += ["--otp", "123456"]
    result = otpcli(*args, timeout=60)
    assert result.exit_code == exit_code, result.stderr
    assert "Traceback" not in result.stderr


def test_trust_magic_500_shows_the_providers_message(otpcli, sandbox) -> None:
    otpcli("trust-login", "--client-id", "qa", "--secret-stdin", stdin="qa-secret-99\n")
    result = otpcli("trust-send", "+56961110500", "--nin", "12345678-5")
    assert result.exit_code == 7
    assert "No fue posible enviar el sms a traves de ningun servicio." in result.stderr


def test_atenea_refuses_a_magic_client(otpcli, sandbox) -> None:
    result = otpcli("trust-login", "--client-id", "invalid-qa", "--secret-stdin", stdin="x1234\n")
    assert result.exit_code == 3


def test_a_refused_connection_is_exit_8(otpcli, sandbox) -> None:
    from tests.fixtures_sandbox import free_port

    otpcli.env["OTPCLI_VERIFIK_URL"] = f"http://127.0.0.1:{free_port()}"
    result = otpcli("login", "+50762617737")
    assert result.exit_code == 8
    assert "connection refused" in result.stderr


def test_sandbox_refuses_a_port_in_use_with_one_line(otpcli, sandbox) -> None:
    result = otpcli("sandbox", "serve", "--port", str(sandbox.port), timeout=20)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


# 000's curl example, line by line as published.
DOCUMENTED_TRUST_CURL = " \\\n".join(
    (
        "curl --location --request POST"
        " 'https://api.trust.lat/verification/api/v2/verification/create'",
        "--header 'Authorization: Bearer `{{access_token}}`'",
        """--form 'phone="+56912345678"'""",
        """--form 'nin="20123123-9"'""",
    )
)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_documented_trust_curl_gets_a_200_from_the_sandbox(sandbox) -> None:
    """000's curl example, verbatim but for the host and the token placeholder."""
    import subprocess
    import urllib.request

    request = urllib.request.Request(
        f"{sandbox.url}/oauth/token/",
        data=json.dumps(
            {"client_id": "doc", "client_secret": "doc-secret", "grant_type": "client_credentials"}
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        token = json.load(answer)["access_token"]
    command = DOCUMENTED_TRUST_CURL.replace("https://api.trust.lat", sandbox.url).replace(
        "`{{access_token}}`", token
    )
    done = subprocess.run(
        ["sh", "-c", command + " --silent --write-out '\\n%{http_code}'"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    body, status = done.stdout.rsplit("\n", 1)
    assert status == "200"
    assert (
        json.loads(body)["message"] == "El mensaje se envio correctamente al numero: +56912345678"
    )
