"""Tokens, client secrets and codes never reach stdout or stderr."""

from __future__ import annotations

from tests.conftest import TOKEN, VERIFIK

POST = f"{VERIFIK}/v2/phone-validations"
PUT = f"{VERIFIK}/v2/phone-validations"
HASH = "$2a$10$/v55.1QmwlCdX6zD1jy51OF87POIDZzj30.UmTtp13pZv6uKm.a.m"
SENT = {"data": {"_id": "v1", "status": "sent", "otp": HASH, "phoneGateway": "sms"}}


def test_dry_run_sends_nothing_and_prints_a_secret_free_curl(cli, respx_mock, logged_in) -> None:
    route = respx_mock.put(PUT).respond(200)
    result = cli("validate", "+50762617737", "--otp", "482913", "--dry-run")
    assert result.exit_code == 0
    assert not route.called
    assert "curl -sS -X PUT https://verifik.test/v2/phone-validations" in result.stdout
    assert '"Authorization: Bearer $VERIFIK_TOKEN"' in result.stdout
    assert TOKEN not in result.everything
    assert "482913" not in result.everything


def test_dry_run_curl_line_is_runnable_with_the_code_from_the_shell(
    cli, logged_in, tmp_path
) -> None:
    import subprocess

    line = cli("validate", "+50762617737", "--otp", "482913", "--dry-run").stdout.splitlines()[-1]
    fake_curl = tmp_path / "curl"
    fake_curl.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    fake_curl.chmod(0o755)
    argv = subprocess.run(
        ["sh", "-c", line],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", "OTP": "482913", "VERIFIK_TOKEN": "tk"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "Authorization: Bearer tk" in argv
    assert '{"phone": "62617737", "countryCode": "+507", "otp": 482913}' in argv


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
