"""Keyring bounded and honest, the opt-in file store, token metadata, auth commands."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import keyring
import pytest
import respx
from keyring.backends import fail

from tests.conftest import TOKEN, MemoryKeyring

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
SENT = {"data": {"_id": "v1", "status": "sent"}}


class SleepingKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(30)
        return None


def _files_outside_store(root: Path) -> dict[Path, str]:
    return {
        p: p.read_text(errors="replace")
        for p in root.rglob("*")
        if p.is_file() and p.name != "credentials.json"
    }


def test_no_keyring_fails_with_the_three_remedies_before_spending_the_code(cli, respx_mock):
    keyring.set_keyring(fail.Keyring())
    route = respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    result = cli("confirm", "+50762617737", "--otp", "123456")
    assert result.exit_code == 3
    assert not route.called
    for remedy in ("VERIFIK_TOKEN", "unlock a keyring", "--insecure-storage"):
        assert remedy in result.stderr


def test_a_hung_keyring_is_cut_off_by_the_timeout(cli, respx_mock, monkeypatch) -> None:
    keyring.set_keyring(SleepingKeyring())
    monkeypatch.setenv("OTPCLI_KEYRING_TIMEOUT", "0.3")
    started = time.monotonic()
    result = cli("send", "+50762617737", "--project", "p", "--project-flow", "f")
    assert time.monotonic() - started < 2
    assert result.exit_code == 3
    assert "did not answer within 0.3 s" in result.stderr


def test_insecure_storage_writes_a_0600_file_in_a_0700_dir_and_warns(
    cli, respx_mock, tmp_path
) -> None:
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    result = cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    assert result.exit_code == 0, result.stderr
    assert "plain-text credential store" in result.stderr
    store = tmp_path / "data" / "credentials.json"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
    assert json.loads(store.read_text())["default"]["verifik"] == TOKEN


def test_the_file_store_is_found_later_without_the_flag(cli, respx_mock, project) -> None:
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    result = cli("send", "+50762617737")
    assert result.exit_code == 0, result.stderr
    assert route.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "plain-text credential store" in result.stderr


def test_config_credential_store_file_selects_the_file_store(cli, respx_mock, tmp_path) -> None:
    assert cli("config", "set", "credential_store", "file").exit_code == 0
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    assert cli("confirm", "+50762617737", "--otp", "123456").exit_code == 0
    assert (tmp_path / "data" / "credentials.json").exists()


def test_the_file_store_keeps_other_entries_when_one_changes(cli, respx_mock, tmp_path) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("config", "set", "credential_store", "file", "--profile", "other")
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    cli("confirm", "+50762617737", "--otp", "123456", "--profile", "other")
    stored = json.loads((tmp_path / "data" / "credentials.json").read_text())
    assert set(stored) == {"default", "other"}


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


# ---------------------------------------------------------------- auth commands


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


# ---------------------------------------------------------------- Trust / Atenea


@pytest.fixture
def trust_logged_in(cli, respx_mock: respx.MockRouter) -> respx.Route:
    route = respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200,
        json={
            "access_token": "atk-first-0123456789",
            "expires_in": 7200,
            "created_at": int(time.time()),
        },
    )
    assert (
        cli("trust-login", "--client-id", "cid", "--secret-stdin", stdin="sec-123456\n").exit_code
        == 0
    )
    return route


CREATED = {"status": True, "message": "ok", "obj": {"id": "t-1"}}


def test_trust_send_uses_the_cached_atenea_token(cli, respx_mock, trust_logged_in) -> None:
    create = respx_mock.post(url__regex=r".*/verification/create").respond(200, json=CREATED)
    assert cli("trust-send", "+56912345678", "--nin", "12345678-5").exit_code == 0
    assert create.calls[0].request.headers["Authorization"] == "Bearer atk-first-0123456789"
    assert trust_logged_in.call_count == 1


def test_an_expired_atenea_token_is_replaced_silently(cli, respx_mock, trust_logged_in, isolated):
    entry = json.loads(isolated.entries[("otpcli", "default:trust")])
    entry["expires_at"] = time.time() + 30  # inside the 60-second margin
    isolated.entries[("otpcli", "default:trust")] = json.dumps(entry)
    respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200,
        json={
            "access_token": "atk-second-0123456789",
            "expires_in": 7200,
            "created_at": int(time.time()),
        },
    )
    create = respx_mock.post(url__regex=r".*/verification/create").respond(200, json=CREATED)
    result = cli("trust-send", "+56912345678", "--nin", "12345678-5")
    assert result.exit_code == 0
    assert (
        result.stderr
        == "warning: +56912345678 is a possible but not a valid number; sending anyway\n"
    )
    assert create.calls[0].request.headers["Authorization"] == "Bearer atk-second-0123456789"


def test_a_401_refreshes_once_and_retries_once(cli, respx_mock, trust_logged_in) -> None:
    import httpx

    refresh = respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200,
        json={
            "access_token": "atk-second-0123456789",
            "expires_in": 7200,
            "created_at": int(time.time()),
        },
    )
    create = respx_mock.post(url__regex=r".*/verification/create").mock(
        side_effect=[
            httpx.Response(401, json={"error": "invalid_token", "error_description": "bad"}),
            httpx.Response(200, json=CREATED),
        ]
    )
    assert cli("trust-send", "+56912345678", "--nin", "12345678-5").exit_code == 0
    assert create.call_count == 2
    assert refresh.call_count == 2  # the login, then exactly one refresh


def test_a_second_401_is_exit_3_with_no_third_try(cli, respx_mock, trust_logged_in) -> None:
    create = respx_mock.post(url__regex=r".*/verification/create").respond(
        401, json={"error": "invalid_token", "error_description": "The access token is invalid"}
    )
    assert cli("trust-send", "+56912345678", "--nin", "12345678-5").exit_code == 3
    assert create.call_count == 2


def test_trust_login_refuses_a_secret_without_stdin_or_terminal(cli, respx_mock) -> None:
    result = cli("trust-login", "--client-id", "cid")
    assert result.exit_code == 2
    assert "--secret-stdin" in result.stderr


def test_trust_send_without_login_is_exit_3(cli, respx_mock) -> None:
    result = cli("trust-send", "+56912345678", "--nin", "12345678-5")
    assert result.exit_code == 3
    assert "trust-login" in result.stderr
