"""How the answer table (providers/answers.py) tells each provider's errors: one line, the
provider's own message, the kind of page an HTML answer was.

Which exit code each documented error gives is in tests/cli/test_exit_codes.py; arbitrary
answers are fuzzed in test_answers_fuzz.py.
"""

from __future__ import annotations

from tests.conftest import VERIFIK

PUT = f"{VERIFIK}/v2/phone-validations"
VALIDATE = ("validate", "+50762617737", "--otp", "123456", "--json")


def test_missing_parameter_message_stays_one_line(cli, respx_mock, logged_in) -> None:
    respx_mock.put(PUT).respond(
        409, json={"code": "MissingParameter", "message": "missing phone\n. missing otp"}
    )
    result = cli(*VALIDATE[:-1])
    assert result.stderr.strip() == "error: Verifik: missing phone . missing otp"


def test_html_page_is_named_as_such(cli, respx_mock, logged_in) -> None:
    respx_mock.put(PUT).respond(
        502,
        text="<html><title>502 Bad Gateway</title></html>",
        headers={"content-type": "text/html"},
    )
    assert "HTML page (502 Bad Gateway)" in cli(*VALIDATE).error["message"]


def test_trust_500_with_status_true_is_a_failure_showing_its_message(
    cli, respx_mock, monkeypatch
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    respx_mock.post(url__regex=r".*/verification/create").respond(
        500,
        json={
            "status": True,
            "message": "No fue posible enviar el sms a traves de ningun servicio.",
        },
    )
    result = cli("trust-send", "+56912345678", "--nin", "12345678-5", "--json")
    assert result.exit_code == 7
    assert "No fue posible enviar el sms a traves de ningun servicio." in result.error["message"]
    assert result.error["status"] == 500


def test_atenea_oauth_error_is_shown(cli, respx_mock) -> None:
    respx_mock.post(url__regex=r".*/oauth/token/").respond(
        401, json={"error": "invalid_client", "error_description": "Client authentication failed"}
    )
    result = cli("trust-login", "--client-id", "x", "--secret-stdin", "--json", stdin="s3cr3t\n")
    assert result.exit_code == 3
    assert result.error["code"] == "invalid_client"
    assert "Client authentication failed" in result.error["message"]
