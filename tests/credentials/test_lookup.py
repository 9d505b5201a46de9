"""Which token a call carries: --token-stdin > environment > stored, and what the stored
token's metadata says about its expiry."""

from __future__ import annotations

import json
import time

from tests.conftest import TOKEN

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
SENT = {"data": {"_id": "v1", "status": "sent"}}


def test_an_expired_token_is_not_logged_in_without_calling_the_provider(
    cli, respx_mock, isolated, project
) -> None:
    expired = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE2MDAwMDAwMDB9.c2lnbmF0dXJlLXh5eg"
    respx_mock.post(url__regex=CONFIRM).respond(
        200, json={"data": {"accessToken": expired, "tokenType": "bearer"}}
    )
    cli("confirm", "+50762617737", "--otp", "123456")
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    result = cli("send", "+50762617737")
    assert result.exit_code == 3
    assert "expired" in result.stderr
    assert not route.called


def test_a_token_close_to_expiry_warns(cli, respx_mock, project) -> None:
    import base64

    claims = base64.urlsafe_b64encode(json.dumps({"expiresAt": time.time() + 86400}).encode())
    soon = f"eyJhbGciOiJIUzI1NiJ9.{claims.decode().rstrip('=')}.c2lnbmF0dXJl"
    respx_mock.post(url__regex=CONFIRM).respond(
        200, json={"data": {"accessToken": soon, "tokenType": "bearer"}}
    )
    cli("confirm", "+50762617737", "--otp", "123456")
    respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    result = cli("send", "+50762617737")
    assert result.exit_code == 0
    assert "expires in 1.0 days" in result.stderr


def test_token_without_expiry_claims_lasts_30_days_from_receipt() -> None:
    from otpcli.credentials import token_expiry

    assert token_expiry("not-a-jwt", received=1000.0) == 1000.0 + 30 * 86400


def test_environment_token_wins_over_the_stored_one(
    cli, respx_mock, logged_in, project, monkeypatch
):
    monkeypatch.setenv("VERIFIK_TOKEN", "env-token-1234567890")
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    cli("send", "+50762617737")
    assert route.calls[0].request.headers["Authorization"] == "Bearer env-token-1234567890"


def test_token_stdin_wins_over_the_environment(cli, respx_mock, project, monkeypatch) -> None:
    monkeypatch.setenv("VERIFIK_TOKEN", "env-token-1234567890")
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    cli("send", "+50762617737", "--token-stdin", stdin="stdin-token-0987654321\n")
    assert route.calls[0].request.headers["Authorization"] == "Bearer stdin-token-0987654321"
