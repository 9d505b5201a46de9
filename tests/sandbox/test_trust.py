"""The sandbox's Atenea tokens and Trust create/verify."""

from __future__ import annotations

import base64
import re

from tests.sandbox.helpers import (
    START,
    TOKEN,
    TOKEN_INFO,
    TRUST_CREATE,
    TRUST_PHONE,
    Client,
    FakeClock,
    atenea_token,
    bearer,
    inbox,
    last_code,
    send,
    trust_create,
    trust_verify,
    verifik_token,
)

# Atenea ---------------------------------------------------------------------------------


def test_atenea_token_answers_with_the_documented_shape(client: Client) -> None:
    body = {"client_id": "qa", "client_secret": "s", "grant_type": "client_credentials"}
    response = client.post(TOKEN, json=body)
    assert response.status_code == 200
    token = response.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 7200
    assert token["created_at"] == int(START)
    assert len(token["access_token"]) >= 32


def test_atenea_token_accepts_a_form_encoded_body(client: Client) -> None:
    form = {"client_id": "qa", "client_secret": "s", "grant_type": "client_credentials"}
    assert client.post(TOKEN, data=form).status_code == 200


def test_atenea_token_with_another_grant_type_is_unsupported(client: Client) -> None:
    response = client.post(
        TOKEN, json={"client_id": "qa", "client_secret": "s", "grant_type": "password"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_atenea_refuses_client_ids_starting_with_invalid(client: Client) -> None:
    body = {"client_id": "invalid-qa", "client_secret": "s", "grant_type": "client_credentials"}
    response = client.post(TOKEN, json=body)
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Client authentication failed due to unknown client, no client "
        "authentication included, or unsupported authentication method.",
    }


def test_atenea_token_accepts_http_basic_client_credentials(client: Client) -> None:
    basic = base64.b64encode(b"qa:s3cret").decode()
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200


def test_atenea_token_info_describes_a_valid_token(client: Client, clock: FakeClock) -> None:
    token = atenea_token(client)
    clock.advance(100)
    info = client.get(TOKEN_INFO, headers=bearer(token)).json()
    assert info["expires_in"] == 7100
    assert info["created_at"] == int(START)
    assert info["application"] == {"uid": "qa-client"}


def test_atenea_token_info_refuses_an_unknown_token(client: Client) -> None:
    response = client.get(TOKEN_INFO, headers=bearer("nope"))
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "The access token is invalid",
        "state": "unauthorized",
    }


def test_atenea_token_expires_after_two_hours(client: Client, clock: FakeClock) -> None:
    token = atenea_token(client)
    clock.advance(7200)
    assert client.get(TOKEN_INFO, headers=bearer(token)).status_code == 401
    assert trust_create(client, token).status_code == 401


# Trust ----------------------------------------------------------------------------------


def test_trust_create_answers_with_the_documented_shape(client: Client) -> None:
    response = trust_create(client, atenea_token(client))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] is True
    assert body["message"] == "El mensaje se envio correctamente al numero: +56912345678"
    assert re.fullmatch(r"[0-9a-f-]{36}", body["obj"]["id"])


def test_trust_codes_are_four_digits(client: Client) -> None:
    trust_create(client, atenea_token(client))
    message = inbox(client)[-1]
    assert (message["provider"], message["kind"], message["channel"]) == ("trust", "trust", "sms")
    assert re.fullmatch(r"[1-9][0-9]{3}", message["code"])


def test_trust_create_without_a_token_is_invalid_token(client: Client) -> None:
    response = client.post(TRUST_CREATE, files={"phone": (None, TRUST_PHONE)})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


def test_trust_create_without_nin_is_a_bad_request(client: Client) -> None:
    token = atenea_token(client)
    response = client.post(
        TRUST_CREATE, files={"phone": (None, TRUST_PHONE)}, headers=bearer(token)
    )
    assert response.status_code == 400
    assert response.json()["status"] is False


def test_trust_create_does_not_check_the_rut_digit(client: Client) -> None:
    token = atenea_token(client)
    form = {"phone": (None, TRUST_PHONE), "nin": (None, "12345678-0")}
    assert client.post(TRUST_CREATE, files=form, headers=bearer(token)).status_code == 200


def test_trust_verify_with_the_delivered_code_succeeds(client: Client) -> None:
    token = atenea_token(client)
    id_ = trust_create(client, token).json()["obj"]["id"]
    response = trust_verify(client, token, id_, last_code(client))
    assert response.status_code == 200
    assert response.json() == {"status": True, "message": "Código verificado correctamente"}


def test_trust_verify_with_a_wrong_code_is_invalid(client: Client) -> None:
    token = atenea_token(client)
    id_ = trust_create(client, token).json()["obj"]["id"]
    wrong = str(int(last_code(client)) % 9000 + 1000)
    response = trust_verify(client, token, id_, wrong)
    assert response.status_code == 400
    assert response.json() == {"status": False, "message": "Código inválido"}


def test_trust_verify_after_ten_minutes_is_expired(client: Client, clock: FakeClock) -> None:
    token = atenea_token(client)
    id_ = trust_create(client, token).json()["obj"]["id"]
    clock.advance(600)
    response = trust_verify(client, token, id_, last_code(client))
    assert (response.status_code, response.json()["status"]) == (400, False)


def test_trust_verify_with_an_unknown_id_is_not_found(client: Client) -> None:
    response = trust_verify(client, atenea_token(client), "no-such-id", "1234")
    assert response.status_code == 404
    assert response.json()["status"] is False


def test_every_issued_token_works_on_every_bearer_endpoint(client: Client) -> None:
    assert trust_create(client, verifik_token(client)).status_code == 200
    assert send(client, atenea_token(client)).status_code == 200


def test_trust_create_with_an_unreadable_form_is_a_bad_request(client: Client) -> None:
    headers = {**bearer(atenea_token(client)), "Content-Type": "multipart/form-data; boundary=x"}
    response = client.post(TRUST_CREATE, content=b"garbage", headers=headers)
    assert response.status_code == 400
    assert response.json()["status"] is False
