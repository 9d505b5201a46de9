"""`otpcli confirm PHONE --otp CODE`: the documented request, and the token it stores: where,
with which expiry, never printed; nothing stored for a refused code, and no code spent when
the token could not be stored.
"""

from __future__ import annotations

import json

import respx

from tests.conftest import TOKEN, VERIFIK


def test_confirm_sends_otp_as_a_string(cli, respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{VERIFIK}/v2/projects/phone-login/confirm").respond(
        200, json={"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
    )
    assert cli("confirm", "62617737", "-c", "507", "--otp", "123456").exit_code == 0
    body = json.loads(route.calls[0].request.content)
    assert body == {"countryCode": "+507", "phone": 62617737, "otp": "123456"}


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


def test_absurd_expiry_claims_fall_back_to_30_days(cli, respx_mock) -> None:
    import base64
    import json

    for claim in ("1e20", "NaN", "1" + "0" * 400):
        payload = base64.urlsafe_b64encode(f'{{"exp": {claim}}}'.encode()).decode().rstrip("=")
        token = f"eyJhbGciOiJIUzI1NiJ9.{payload}.c2lnbmF0dXJl"
        respx_mock.post(url__regex=r".*/confirm").respond(
            200, json={"data": {"accessToken": token, "tokenType": "bearer"}}
        )
        confirmed = cli("confirm", "+50762617737", "--otp", "123456", "--json")
        assert confirmed.exit_code == 0, (claim, confirmed.stderr)
        status = cli("auth", "status", "--json")
        assert status.exit_code == 0
        assert 29 <= json.loads(status.stdout)["providers"][0]["daysLeft"] <= 30


def test_an_unwritable_data_directory_fails_before_the_code_is_spent(cli, respx_mock, monkeypatch):
    monkeypatch.setenv("OTPCLI_DATA_DIR", "/proc/otpcli-cannot-be-here")
    route = respx_mock.post(url__regex=r".*/confirm").respond(200)
    result = cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    assert result.exit_code == 3
    assert not route.called
    assert "cannot write the credential store" in result.stderr
