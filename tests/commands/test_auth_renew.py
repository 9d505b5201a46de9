"""`otpcli auth renew` and `otpcli auth revoke-all`: a new token in the same store."""

from __future__ import annotations

import time
from typing import Any

import pytest
import respx

from tests.conftest import TOKEN, VERIFIK, MemoryKeyring

NEW = "eyJhbGciOiJIUzI1NiJ9.eyJleHBpcmVzQXQiOjQxMDI0NDQ4MDB9.bmV3LXNpZ25hdHVyZS0xMjM0NQ"
SESSION = f"{VERIFIK}/v2/auth/session"
REVOKE = f"{VERIFIK}/v2/auth/renew-and-revoke"


def test_renew_sends_the_token_bare_as_documented_and_stores_the_new_one(
    cli: Any, respx_mock: respx.MockRouter, logged_in: MemoryKeyring
) -> None:
    route = respx_mock.get(SESSION).respond(200, json={"accessToken": NEW, "tokenType": "bearer"})
    result = cli("auth", "renew", "--months", "3")
    assert result.exit_code == 0, result.stderr
    request = route.calls[0].request
    assert request.headers["Authorization"] == TOKEN  # no "Bearer", as the docs show
    assert dict(request.url.params) == {"origin": "refresh", "expiresIn": "3"}
    assert logged_in.entries[("otpcli", "default:verifik")] == NEW
    assert NEW not in result.everything and TOKEN not in result.everything


def test_renew_keeps_the_file_store_when_the_token_lives_there(
    cli: Any, respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    respx_mock.post(url__regex=r".*/confirm").respond(200, json={"data": {"accessToken": TOKEN}})
    assert cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage").exit_code == 0
    respx_mock.get(SESSION).respond(200, json={"accessToken": NEW, "tokenType": "bearer"})
    result = cli("auth", "renew", "--json")
    assert result.json()["storedIn"] == "file"
    assert NEW in (tmp_path / "data" / "credentials.json").read_text()


def test_an_expired_token_cannot_be_renewed(cli: Any, no_network: Any, logged_in: Any) -> None:
    from otpcli import credentials

    credentials.save_metadata("default", "verifik", {"expires_at": time.time() - 60})
    result = cli("auth", "renew", "--json")
    assert result.exit_code == 3
    assert "login" in result.error["hint"]


def test_a_refused_renewal_is_exit_3_saying_log_in_again(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    respx_mock.get(SESSION).respond(
        401, json={"code": "Unauthorized", "message": "Invalid or expired token."}
    )
    result = cli("auth", "renew", "--json")
    assert result.exit_code == 3
    assert "log in again" in result.error["hint"]


def test_the_expiry_warning_suggests_renew(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None
) -> None:
    from otpcli import credentials

    credentials.save_metadata("default", "verifik", {"expires_at": time.time() + 86400})
    respx_mock.post(f"{VERIFIK}/v2/phone-validations").respond(
        200, json={"data": {"_id": "v", "status": "sent"}}
    )
    assert "otpcli auth renew" in cli("send", "+50762617737").stderr


def test_revoke_all_with_yes_stores_the_new_token_and_says_others_stop(
    cli: Any, respx_mock: respx.MockRouter, logged_in: MemoryKeyring
) -> None:
    route = respx_mock.post(REVOKE).respond(200, json={"token": NEW})
    result = cli("auth", "revoke-all", "--yes")
    assert result.exit_code == 0, result.stderr
    assert route.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert logged_in.entries[("otpcli", "default:verifik")] == NEW
    assert "other machines" in result.stderr


def test_revoke_all_without_yes_is_refused_when_it_cannot_ask(
    cli: Any, no_network: Any, logged_in: Any
) -> None:
    result = cli("auth", "revoke-all", "--no-input")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
