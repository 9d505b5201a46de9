"""Trust's Atenea token: cached, replaced when it expires, refreshed once after a 401; and
Trust without credentials."""

from __future__ import annotations

import json
import time

import pytest
import respx

from tests.conftest import TOKEN

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
SENT = {"data": {"_id": "v1", "status": "sent"}}


def atenea(token: str) -> dict[str, object]:
    """Atenea's answer: a 2-hour token, created now."""
    return {"access_token": token, "expires_in": 7200, "created_at": int(time.time())}


@pytest.fixture
def trust_logged_in(cli, respx_mock: respx.MockRouter) -> respx.Route:
    route = respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200,
        json=atenea("atk-first-0123456789"),
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
        json=atenea("atk-second-0123456789"),
    )
    create = respx_mock.post(url__regex=r".*/verification/create").respond(200, json=CREATED)
    result = cli("trust-send", "+56912345678", "--nin", "12345678-5")
    assert result.exit_code == 0
    assert (
        result.stderr
        == "warning: +56912345678 is a possible but not a valid number; sending anyway\n"
    )
    assert create.calls[0].request.headers["Authorization"] == "Bearer atk-second-0123456789"


# Each call that carries the Atenea token: its arguments, its URL, a success body.
TOKEN_USERS = {
    "trust-send": (
        ["trust-send", "+56912345678", "--nin", "12345678-5"],
        r".*/verification/create",
        CREATED,
    ),
    "trust-verify": (
        ["trust-verify", "t-1", "--otp", "7391"],
        r".*/verification/verify",
        {"status": True, "message": "ok"},
    ),
}


@pytest.mark.parametrize("command", list(TOKEN_USERS))
def test_a_401_refreshes_once_and_retries_once(
    cli, respx_mock, trust_logged_in, command: str
) -> None:
    import httpx

    args, url, success = TOKEN_USERS[command]
    refresh = respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200,
        json=atenea("atk-second-0123456789"),
    )
    call = respx_mock.post(url__regex=url).mock(
        side_effect=[
            httpx.Response(401, json={"error": "invalid_token", "error_description": "bad"}),
            httpx.Response(200, json=success),
        ]
    )
    assert cli(*args).exit_code == 0
    assert call.call_count == 2
    assert refresh.call_count == 2  # the login, then exactly one refresh
    tokens = [made.request.headers["Authorization"] for made in call.calls]
    assert tokens == ["Bearer atk-first-0123456789", "Bearer atk-second-0123456789"]


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
