"""Tokens, client secrets and codes never reach stdout or stderr.

The same holds for a --dry-run's curl line (tests/cli/test_dry_run.py), the token confirm
stores (tests/commands/test_confirm.py) and the lines of a --from run (tests/bulk/).
"""

from __future__ import annotations

import httpx
import respx

from tests.conftest import TOKEN, VERIFIK

POST = f"{VERIFIK}/v2/phone-validations"
PUT = f"{VERIFIK}/v2/phone-validations"
HASH = "$2a$10$/v55.1QmwlCdX6zD1jy51OF87POIDZzj30.UmTtp13pZv6uKm.a.m"
SENT = {"data": {"_id": "v1", "status": "sent", "otp": HASH, "phoneGateway": "sms"}}


def test_json_output_redacts_otp_fields(cli, respx_mock: respx.MockRouter, logged_in, project):
    respx_mock.post(POST).respond(200, json=SENT)
    result = cli("send", "+50762617737", "--json")
    assert result.json()["data"]["otp"] == "[redacted]"
    assert HASH not in result.everything


def test_clear_text_otp_in_a_response_is_redacted_everywhere(cli, respx_mock, logged_in, project):
    respx_mock.post(POST).respond(200, json={"data": {**SENT["data"], "otp": "482913"}})
    for mode in ("--json", "--debug", "-q"):
        assert "482913" not in cli("send", "+50762617737", mode).everything


def test_debug_trace_hides_token_and_code(cli, respx_mock, logged_in) -> None:
    respx_mock.put(PUT).respond(200, json={"data": {"status": "validated", "_id": "v1"}})
    result = cli("validate", "+50762617737", "--otp", "482913", "--debug")
    assert result.exit_code == 0
    assert "> PUT https://verifik.test/v2/phone-validations" in result.stderr
    assert "Authorization: Bearer [redacted]" in result.stderr
    assert TOKEN not in result.everything
    assert "482913" not in result.everything


def test_debug_trace_of_truncated_body_hides_the_code(cli, respx_mock, logged_in, project):
    respx_mock.post(POST).respond(200, content=b'{"data": {"otp": "482913", "status": "se')
    result = cli("send", "+50762617737", "--debug")
    assert result.exit_code == 7
    assert "482913" not in result.everything


def test_errors_never_echo_the_token(cli, respx_mock, logged_in) -> None:
    respx_mock.put(PUT).respond(401, json={"code": "Unauthorized", "message": f"bad {TOKEN}"})
    result = cli("validate", "+50762617737", "--otp", "482913", "--json")
    assert result.exit_code == 3
    assert TOKEN not in result.everything


def test_network_error_messages_never_echo_the_token(cli, respx_mock, logged_in) -> None:
    respx_mock.put(PUT).mock(side_effect=httpx.ConnectError(f"weird failure {TOKEN}"))
    result = cli("validate", "+50762617737", "--otp", "482913", "--debug")
    assert result.exit_code == 8
    assert TOKEN not in result.everything


def test_an_invalid_otp_is_not_echoed(cli, no_network, logged_in) -> None:
    result = cli("validate", "+50762617737", "--otp", "98x765")
    assert "98x765" not in result.everything


def test_a_trust_token_from_the_environment_is_never_echoed(cli, respx_mock, monkeypatch):
    monkeypatch.setenv("TRUST_TOKEN", "plainTrustTok123")
    respx_mock.post(url__regex=r".*/verification/create").respond(
        403, json={"status": False, "message": "token plainTrustTok123 refused"}
    )
    result = cli("trust-send", "+56912345678", "--nin", "12345678-5", "--json")
    assert result.exit_code == 7
    assert "plainTrustTok123" not in result.everything


def test_a_code_quoted_back_by_the_provider_is_redacted(cli, respx_mock, logged_in) -> None:
    respx_mock.put(url__regex=r".*/phone-validations").respond(
        400, json={"code": "BadRequest", "message": "code 482913 is not valid"}
    )
    result = cli("validate", "+50762617737", "--otp", "482913")
    assert result.exit_code == 7
    assert "482913" not in result.everything


def test_mask_never_shows_more_than_half_a_short_token() -> None:
    from otpcli.report.redact import mask

    assert mask("abcdefghijkl") == "abc…jkl"
    assert mask("abc") == "••••"
