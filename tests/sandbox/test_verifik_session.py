"""The sandbox's Verifik token lifecycle: session renewal, renew-and-revoke, expired tokens."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.helpers import (
    RENEW_AND_REVOKE,
    SESSION,
    START,
    Client,
    FakeClock,
    atenea_token,
    bearer,
    jwt_claims,
    send,
    trust_create,
    verifik_token,
)

UNAUTHORIZED = {"code": "Unauthorized", "message": "Invalid or expired token."}


def renew(client: Client, authorization: str | None, **query: str) -> httpx.Response:
    params = {"origin": "refresh", "expiresIn": "3", **query}
    headers = {} if authorization is None else {"Authorization": authorization}
    return client.get(SESSION, params=params, headers=headers)


def test_session_renews_a_bare_token_for_n_months(client: Client, clock: FakeClock) -> None:
    token = verifik_token(client)
    clock.advance(100)
    response = renew(client, token)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"accessToken", "tokenType"}
    assert body["tokenType"] == "bearer"
    claims = jwt_claims(body["accessToken"])
    assert claims["expiresAt"] - claims["iat"] == 3 * 30 * 86400
    assert claims["phone"] == jwt_claims(token)["phone"] == "+50760000001"
    assert send(client, body["accessToken"]).status_code == 200
    # Renewing does not end the old token.
    assert send(client, token, phone="60000009").status_code == 200


def test_session_also_reads_a_bearer_header(client: Client) -> None:
    response = renew(client, f"Bearer {verifik_token(client)}", expiresIn="12")
    assert response.status_code == 200
    claims = jwt_claims(response.json()["accessToken"])
    assert claims["expiresAt"] - claims["iat"] == 12 * 30 * 86400


def test_session_defaults_to_one_month(client: Client) -> None:
    response = client.get(
        SESSION, params={"origin": "refresh"}, headers={"Authorization": verifik_token(client)}
    )
    claims = jwt_claims(response.json()["accessToken"])
    assert claims["expiresAt"] - claims["iat"] == 30 * 86400


def test_session_without_a_header_is_missing_parameter(client: Client) -> None:
    response = renew(client, None)
    assert response.status_code == 409
    assert response.json() == {
        "code": "MissingParameter",
        "message": "missing Authorization header",
    }


def test_session_refuses_an_expired_or_unknown_token(client: Client, clock: FakeClock) -> None:
    token = verifik_token(client)
    clock.advance(30 * 86400)
    for value in (token, "eyJhbGciOiJIUzI1NiJ9.e30.forged", atenea_token(client)):
        response = renew(client, value)
        assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"expiresIn": "13"}, "Invalid expiresIn."),
        ({"expiresIn": "0"}, "Invalid expiresIn."),
        ({"expiresIn": "two"}, "Invalid expiresIn."),
        ({"origin": "login"}, "Invalid origin."),
        ({"origin": ""}, "missing origin"),
    ],
)
def test_session_refuses_invalid_queries(
    client: Client, query: dict[str, str], message: str
) -> None:
    response = renew(client, verifik_token(client), **query)
    assert response.status_code == 409
    assert response.json()["code"] == "MissingParameter"
    assert response.json()["message"].startswith(message)


def test_renew_and_revoke_ends_every_earlier_token(client: Client, clock: FakeClock) -> None:
    first, second = verifik_token(client), verifik_token(client)
    atenea = atenea_token(client)
    clock.advance(60)
    response = client.post(RENEW_AND_REVOKE, headers=bearer(second))
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    token = response.json()["token"]
    claims = jwt_claims(token)
    assert (claims["iat"], claims["expiresAt"]) == (int(START) + 60, int(START) + 60 + 30 * 86400)
    for old in (first, second):
        refused = send(client, old)
        assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)
        assert renew(client, old).status_code == 401
    assert send(client, token).status_code == 200
    # Atenea's tokens belong to another service: Verifik cannot revoke them.
    assert trust_create(client, atenea).status_code == 200


def test_renew_and_revoke_needs_a_valid_verifik_token(client: Client) -> None:
    for headers in ({}, bearer("nope"), bearer(atenea_token(client))):
        response = client.post(RENEW_AND_REVOKE, headers=headers)
        assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_sandbox_tokens_issues_a_valid_token(client: Client) -> None:
    body = client.post("/_sandbox/tokens", params={"phone": "+50762617737"}).json()
    assert body["tokenType"] == "bearer"
    assert body["expiresAt"] == int(START) + 30 * 86400
    assert jwt_claims(body["accessToken"])["phone"] == "+50762617737"
    assert send(client, body["accessToken"]).status_code == 200


def test_sandbox_tokens_expired_gives_a_signed_token_that_is_refused(client: Client) -> None:
    body = client.post("/_sandbox/tokens", params={"expired": "1"}).json()
    claims = jwt_claims(body["accessToken"])
    assert body["expiresAt"] == claims["expiresAt"] == int(START) - 3600
    assert claims["expiresAt"] - claims["iat"] == 30 * 86400
    for response in (send(client, body["accessToken"]), renew(client, body["accessToken"])):
        assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
