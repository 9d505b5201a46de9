"""Tokens, client secrets and codes never reach stdout or stderr."""

from __future__ import annotations

from tests.conftest import TOKEN, VERIFIK

POST = f"{VERIFIK}/v2/phone-validations"
PUT = f"{VERIFIK}/v2/phone-validations"
HASH = "$2a$10$/v55.1QmwlCdX6zD1jy51OF87POIDZzj30.UmTtp13pZv6uKm.a.m"
SENT = {"data": {"_id": "v1", "status": "sent", "otp": HASH, "phoneGateway": "sms"}}


def test_confirm_stores_the_token_and_never_prints_it(cli, respx_mock, isolated) -> None:
    respx_mock.post(url__regex=r".*/confirm").respond(
        200, json={"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
    )
    for mode in ("--json", "-q", "--debug", "--no-input"):
        result = cli("confirm", "+50762617737", "--otp", "482913", mode)
        assert result.exit_code == 0, result.stderr
        assert TOKEN not in result.everything
    assert isolated.entries[("otpcli", "default:verifik")] == TOKEN


def test_confirm_json_shows_type_expiry_and_store(cli, respx_mock) -> None:
    respx_mock.post(url__regex=r".*/confirm").respond(
        200, json={"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
    )
    shown = cli("confirm", "+50762617737", "--otp", "482913", "--json").json()
    # expiresAt comes from the token's own expiresAt claim (4102444800 = 2100-01-01).
    assert shown == {
        "tokenType": "bearer",
        "expiresAt": "2100-01-01T00:00:00Z",
        "storedIn": "keyring",
        "profile": "default",
    }


def test_a_refused_code_stores_nothing(cli, respx_mock, isolated) -> None:
    respx_mock.post(url__regex=r".*/confirm").respond(
        400, json={"code": "BadRequest", "message": "Invalid OTP code."}
    )
    result = cli("confirm", "+50762617737", "--otp", "482913")
    assert result.exit_code == 4
    assert isolated.entries == {}
