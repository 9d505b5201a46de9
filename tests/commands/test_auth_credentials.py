"""`otpcli auth status`, `auth token` and `auth logout` with stored credentials, and no
secret in anything they print or write."""

from __future__ import annotations

import time
from pathlib import Path

import keyring
from keyring.backends import fail

from tests.conftest import TOKEN

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
SENT = {"data": {"_id": "v1", "status": "sent"}}


def _files_outside_store(root: Path) -> dict[Path, str]:
    return {
        p: p.read_text(errors="replace")
        for p in root.rglob("*")
        if p.is_file() and p.name != "credentials.json"
    }


def test_auth_status_shows_source_expiry_and_masked_token(cli, respx_mock) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456")
    shown = cli("auth", "status", "--json")
    assert shown.exit_code == 0
    verifik = shown.json()["providers"][0]
    assert verifik["source"] == "keyring"
    assert verifik["expiresAt"] == "2100-01-01T00:00:00Z"
    assert verifik["maskedToken"] == f"{TOKEN[:4]}…{TOKEN[-4:]}"
    assert TOKEN not in shown.everything


def test_auth_status_without_credentials_is_exit_3(cli) -> None:
    result = cli("auth", "status")
    assert result.exit_code == 3
    assert "verifik" in result.stdout and "none" in result.stdout


def test_auth_status_quiet_prints_the_expiry(cli, respx_mock) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456")
    assert cli("auth", "status", "-q").stdout == "2100-01-01T00:00:00Z\n"


def test_auth_token_prints_the_raw_token_alone(cli, logged_in) -> None:
    assert cli("auth", "token").stdout == TOKEN + "\n"


def test_auth_logout_forgets_and_says_the_token_stays_valid(cli, respx_mock, isolated) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456")
    result = cli("auth", "logout")
    assert result.exit_code == 0
    assert isolated.entries == {}
    assert "stays valid at the provider until it expires" in result.stderr
    assert cli("auth", "status").exit_code == 3


def test_no_auth_command_leaks_the_token_or_secret(cli, respx_mock, tmp_path) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200,
        json={
            "access_token": "atenea-token-abcdef123456",
            "expires_in": 7200,
            "created_at": int(time.time()),
        },
    )
    outputs = [
        cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage"),
        cli("trust-login", "--client-id", "cid", "--secret-stdin", stdin="client-secret-xyz987\n"),
        cli("auth", "status"),
        cli("auth", "status", "--json"),
        cli("auth", "status", "--debug"),
        cli("auth", "logout", "--provider", "trust"),
        cli("auth", "logout"),
    ]
    for secret in (TOKEN, "client-secret-xyz987", "atenea-token-abcdef123456"):
        for result in outputs:
            assert secret not in result.everything
        for path, text in _files_outside_store(tmp_path).items():
            assert secret not in text, path


def test_status_and_confirm_give_the_same_remedy_for_a_damaged_file_store(
    cli, respx_mock, tmp_path
) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    (tmp_path / "data" / "credentials.json").write_text("{not json")
    status = cli("auth", "status", "--json")
    confirm = cli("confirm", "+50762617737", "--otp", "123456", "--json")
    assert status.exit_code == confirm.exit_code == 3
    assert status.error["message"] == confirm.error["message"]
    assert status.error["hint"] == confirm.error["hint"]
    assert "move it aside" in status.error["hint"]
    assert status.json()["providers"][0]["hint"] == confirm.error["hint"]


def test_status_shows_no_keyring_error_for_trust_when_the_profile_uses_the_file_store(
    cli, respx_mock
) -> None:
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    cli("config", "set", "credential_store", "file", "--profile", "filed")
    for profile in ("default", "filed"):  # the entry in the file store; the store chosen
        shown = cli("auth", "status", "--json", "--profile", profile)
        trust = shown.json()["providers"][1]
        assert (trust["source"], trust.get("problem")) == ("none", None), profile
        table = cli("auth", "status", "--profile", profile)
        assert "keyring" not in table.stdout, profile


def test_status_shows_the_keyring_error_for_an_entry_the_keyring_holds(
    cli, respx_mock, isolated
) -> None:
    respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200, json={"access_token": "atk-0123456789", "expires_in": 7200, "created_at": 1}
    )
    cli("trust-login", "--client-id", "cid", "--secret-stdin", stdin="s3cr3t-value\n")
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    keyring.set_keyring(fail.Keyring())
    trust = cli("auth", "status", "--json").json()["providers"][1]
    assert "no usable OS keyring" in trust["problem"]
