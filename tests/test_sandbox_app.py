"""The sandbox emulator: one behaviour per test, against the ASGI app in process."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bcrypt
import httpx
import pytest
from rich.console import Console

from otpcli.sandbox.app import begin_shutdown, create_app, sandbox_state
from otpcli.sandbox.magic import MAGIC_NUMBERS, render_table
from otpcli.sandbox.server import MessagePrinter, serve
from otpcli.sandbox.state import Message

CC = "+507"
PHONE = "62617737"
TRUST_PHONE = "+56912345678"
PROJECT = "6266193db77ccc8111730c90"
FLOW = "658ed28b0990f300134d7b71"
START = 1_733_158_000.0
LOGIN = "/v2/projects/phone-login"
CONFIRM = "/v2/projects/phone-login/confirm"
VALIDATIONS = "/v2/phone-validations"
TOKEN = "/oauth/token/"
TOKEN_INFO = "/oauth/token/info"
TRUST_CREATE = "/verification/api/v2/verification/create"
TRUST_VERIFY = "/verification/api/v2/verification/verify"
ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "sandbox-magic-numbers.md"


class Client:
    """A synchronous facade over httpx.AsyncClient and ASGITransport, on a private loop.

    Requests run in this thread's loop, so the app's timers and the test's clock share it.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=app)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._loop.run_until_complete(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(clock: FakeClock) -> Iterator[Client]:
    with Client(create_app(clock=clock, seed=1, code_pool=0)) as test_client:
        yield test_client


def sandbox(**options: Any) -> Client:
    options.setdefault("code_pool", 0)
    return Client(create_app(**options))


def magic(ending: str) -> str:
    return "6261" + ending


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def inbox(client: Client, phone: str | None = None) -> list[dict[str, str]]:
    params = {"phone": phone} if phone else {}
    messages: list[dict[str, str]] = client.get("/_sandbox/messages", params=params).json()[
        "messages"
    ]
    return messages


def last_code(client: Client) -> str:
    return inbox(client)[-1]["code"]


def login(client: Client, phone: str | int = PHONE, **extra: Any) -> httpx.Response:
    return client.post(LOGIN, json={"countryCode": CC, "phone": phone, "type": "login", **extra})


def confirm(client: Client, otp: object, phone: str = PHONE) -> httpx.Response:
    return client.post(CONFIRM, json={"countryCode": CC, "phone": phone, "otp": otp})


def verifik_token(client: Client) -> str:
    login(client, phone="60000001")
    token: str = confirm(client, last_code(client), phone="60000001").json()["data"]["accessToken"]
    return token


def atenea_token(client: Client) -> str:
    body = {"client_id": "qa-client", "client_secret": "s3cret", "grant_type": "client_credentials"}
    token: str = client.post(TOKEN, json=body).json()["access_token"]
    return token


def send(client: Client, token: str, phone: str = PHONE, **extra: Any) -> httpx.Response:
    body = {
        "project": PROJECT,
        "projectFlow": FLOW,
        "countryCode": CC,
        "phone": phone,
        "validationMethod": "verificationCode",
        "type": "login",
        **extra,
    }
    return client.post(VALIDATIONS, json=body, headers=bearer(token))


def validate(
    client: Client, token: str, otp: object, phone: str = PHONE, **extra: Any
) -> httpx.Response:
    body = {"phone": phone, "countryCode": CC, "otp": otp, **extra}
    return client.put(VALIDATIONS, json=body, headers=bearer(token))


def trust_create(client: Client, token: str, phone: str = TRUST_PHONE) -> httpx.Response:
    form = {"phone": (None, phone), "nin": (None, "20123354-1")}
    return client.post(TRUST_CREATE, files=form, headers=bearer(token))


def trust_verify(client: Client, token: str, id_: str, totp: str) -> httpx.Response:
    return client.post(
        TRUST_VERIFY, files={"id": (None, id_), "totp": (None, totp)}, headers=bearer(token)
    )


def jwt_claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


def error(code: str, status: int) -> dict[str, str]:
    return {"code": code, "message": f"{status}:{code}"}


# Verifik phone-login ----------------------------------------------------------------------


def test_phone_login_answers_with_the_documented_shape(client: Client) -> None:
    response = login(client)
    assert response.status_code == 200
    body = response.json()
    data = body["data"]
    assert data["status"] == "sent"
    assert data["phoneGateway"] == "sms"
    assert (data["countryCode"], data["phone"], data["type"]) == (CC, PHONE, "login")
    assert re.fullmatch(r"[0-9a-f]{24}", data["_id"])
    assert all(ISO_MS.fullmatch(data[key]) for key in ("expiresAt", "createdAt", "updatedAt"))
    assert data["providerConfirmation"]["sent"] is True
    assert body["signature"]["message"] == "Certified by Verifik.co"
    assert re.fullmatch(r"[A-Z0-9]{5}", body["id"])


def test_phone_login_otp_field_is_a_bcrypt_hash_of_the_delivered_code(client: Client) -> None:
    response = login(client)
    code = last_code(client)
    assert bcrypt.checkpw(code.encode(), response.json()["data"]["otp"].encode())
    assert code not in response.text


def test_codes_are_six_digits_that_survive_a_json_number(client: Client) -> None:
    for index in range(5):
        login(client, phone=f"6000010{index}")
    assert all(100000 <= int(m["code"]) <= 999999 for m in inbox(client))


def test_phone_login_accepts_the_phone_as_a_number(client: Client) -> None:
    assert login(client, phone=int(PHONE)).json()["data"]["phone"] == PHONE


def test_code_expires_ten_minutes_after_it_is_sent(client: Client) -> None:
    data = login(client).json()["data"]
    assert data["createdAt"] == "2024-12-02T16:46:40.000Z"
    assert data["expiresAt"] == "2024-12-02T16:56:40.000Z"


def test_second_send_within_two_minutes_is_otp_recently_sent(
    client: Client, clock: FakeClock
) -> None:
    login(client)
    clock.advance(119)
    response = login(client)
    assert response.status_code == 409
    assert response.json() == error("otp_recently_sent", 409)


def test_force_bypasses_the_resend_cooldown(client: Client) -> None:
    login(client)
    assert login(client, force=True).status_code == 200
    assert len(inbox(client)) == 2


def test_send_is_allowed_again_after_two_minutes(client: Client, clock: FakeClock) -> None:
    login(client)
    clock.advance(120)
    assert login(client).status_code == 200


def test_send_is_allowed_again_once_the_code_was_used(client: Client) -> None:
    login(client)
    confirm(client, last_code(client))
    assert login(client).status_code == 200


def test_login_and_validation_cooldowns_are_separate(client: Client) -> None:
    token = verifik_token(client)
    login(client)
    assert send(client, token).status_code == 200


def test_phone_login_without_country_code_is_missing_parameter(client: Client) -> None:
    response = client.post(LOGIN, json={"phone": PHONE, "type": "login"})
    assert response.status_code == 409
    assert response.json() == {"code": "MissingParameter", "message": "missing countryCode"}


def test_phone_login_with_a_body_that_is_not_json_is_a_bad_request(client: Client) -> None:
    response = client.post(
        LOGIN, content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"


def test_phone_login_rejects_a_phone_with_letters(client: Client) -> None:
    response = login(client, phone="6261-ABCD")
    assert response.status_code == 400
    assert response.json() == {"code": "BadRequest", "message": "Invalid phone number format."}


# Verifik confirm -------------------------------------------------------------------------


def test_confirm_returns_a_bearer_jwt_valid_for_thirty_days(client: Client) -> None:
    login(client)
    response = confirm(client, last_code(client))
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["tokenType"] == "bearer"
    header = json.loads(base64.urlsafe_b64decode(data["accessToken"].split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}
    claims = jwt_claims(data["accessToken"])
    assert claims["iat"] == int(START)
    assert claims["expiresAt"] == int(START) + 30 * 86400
    assert "exp" not in claims


def test_confirm_accepts_the_code_as_a_number(client: Client) -> None:
    login(client)
    assert confirm(client, int(last_code(client))).status_code == 200


def test_confirm_with_a_wrong_code_is_invalid_otp(client: Client) -> None:
    login(client)
    wrong = str(int(last_code(client)) % 900000 + 100000)
    response = confirm(client, wrong)
    assert response.status_code == 400
    assert response.json() == {"code": "BadRequest", "message": "Invalid OTP code."}


def test_confirm_without_a_pending_login_is_not_found(client: Client) -> None:
    response = confirm(client, "123456")
    assert response.status_code == 404
    assert response.json() == error("phone_validation_not_found", 404)


def test_confirm_after_ten_minutes_is_expired(client: Client, clock: FakeClock) -> None:
    login(client)
    clock.advance(600)
    response = confirm(client, last_code(client))
    assert response.status_code == 412
    assert response.json() == error("phoneValidation_has_expired", 412)


def test_confirm_token_is_refused_after_thirty_days(client: Client, clock: FakeClock) -> None:
    token = verifik_token(client)
    clock.advance(30 * 86400)
    assert send(client, token).status_code == 401


# Verifik phone-validations POST ------------------------------------------------------------


def test_send_validation_answers_with_the_documented_shape(client: Client) -> None:
    token = verifik_token(client)
    response = send(client, token)
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["project"], data["projectFlow"], data["status"]) == (PROJECT, FLOW, "sent")
    assert bcrypt.checkpw(last_code(client).encode(), data["otp"].encode())
    assert data["ipAddress"] == "127.0.0.1"
    assert inbox(client)[-1]["kind"] == "validation"


def test_send_validation_without_a_token_is_unauthorized(client: Client) -> None:
    response = client.post(VALIDATIONS, json={})
    assert response.status_code == 401
    assert response.json() == {"code": "Unauthorized", "message": "Invalid or expired token."}


def test_send_validation_with_an_unknown_token_is_unauthorized(client: Client) -> None:
    assert send(client, "eyJhbGciOiJIUzI1NiJ9.e30.forged").status_code == 401


def test_send_validation_lists_every_missing_parameter(client: Client) -> None:
    response = client.post(VALIDATIONS, json={}, headers=bearer(verifik_token(client)))
    assert response.status_code == 409
    assert response.json() == {
        "code": "MissingParameter",
        "message": "missing project\n. missing projectFlow\n. missing countryCode\n. "
        "missing phone\n. missing validationMethod\n. missing type",
    }


def test_send_validation_rejects_a_malformed_country_code(client: Client) -> None:
    response = send(client, verifik_token(client), countryCode="507")
    assert response.status_code == 409
    assert response.json()["message"] == (
        "Invalid countryCode format. CountryCode should be in the format + followed by 1 to 3 "
        "digits."
    )


def test_send_validation_rejects_an_unknown_gateway(client: Client) -> None:
    response = send(client, verifik_token(client), phoneGateway="pigeon")
    assert response.status_code == 409
    assert response.json()["code"] == "MissingParameter"


def test_whatsapp_gateway_delivers_on_whatsapp(client: Client) -> None:
    response = send(client, verifik_token(client), phoneGateway="whatsapp")
    assert response.json()["data"]["phoneGateway"] == "whatsapp"
    assert inbox(client)[-1]["channel"] == "whatsapp"


# Verifik phone-validations PUT -------------------------------------------------------------


def test_validate_with_the_delivered_code_is_validated(client: Client) -> None:
    token = verifik_token(client)
    sent = send(client, token).json()["data"]
    response = validate(client, token, int(last_code(client)))
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "_id": sent["_id"],
            "status": "validated",
            "countryCode": CC,
            "phone": PHONE,
            "type": "login",
            "showFaceLivenessRecommendation": False,
        }
    }


def test_validate_accepts_the_code_as_a_string(client: Client) -> None:
    token = verifik_token(client)
    send(client, token)
    assert validate(client, token, last_code(client)).status_code == 200


def test_validate_strips_spaces_from_the_phone(client: Client) -> None:
    token = verifik_token(client)
    send(client, token)
    assert validate(client, token, last_code(client), phone="6261 7737").status_code == 200


def test_validate_with_a_wrong_code_is_otp_does_not_match(client: Client) -> None:
    token = verifik_token(client)
    send(client, token)
    response = validate(client, token, int(last_code(client)) % 900000 + 100000)
    assert response.status_code == 403
    assert response.json() == error("otp_does_not_match", 403)


def test_validate_without_a_pending_validation_is_not_found(client: Client) -> None:
    response = validate(client, verifik_token(client), 123456)
    assert response.status_code == 404
    assert response.json() == error("phone_validation_not_found", 404)


def test_validate_after_ten_minutes_is_expired(client: Client, clock: FakeClock) -> None:
    token = verifik_token(client)
    send(client, token)
    clock.advance(600)
    response = validate(client, token, last_code(client))
    assert response.status_code == 412
    assert response.json() == error("phoneValidation_has_expired", 412)


def test_validate_lists_every_missing_parameter(client: Client) -> None:
    response = client.put(VALIDATIONS, json={}, headers=bearer(verifik_token(client)))
    assert response.status_code == 409
    assert response.json() == {
        "code": "MissingParameter",
        "message": "missing phone\n. missing countryCode\n. missing otp",
    }


def test_validate_names_only_the_missing_parameter(client: Client) -> None:
    body = {"phone": PHONE, "countryCode": CC}
    response = client.put(VALIDATIONS, json=body, headers=bearer(verifik_token(client)))
    assert response.json() == {"code": "MissingParameter", "message": "missing otp"}


def test_validate_rejects_a_malformed_country_code(client: Client) -> None:
    response = client.put(
        VALIDATIONS,
        json={"phone": PHONE, "countryCode": "+5071", "otp": 123456},
        headers=bearer(verifik_token(client)),
    )
    assert response.status_code == 409
    assert response.json()["message"].startswith("Invalid countryCode format.")


def test_validate_without_a_token_is_unauthorized(client: Client) -> None:
    response = client.put(VALIDATIONS, json={"phone": PHONE, "countryCode": CC, "otp": 1})
    assert response.status_code == 401


def test_validate_twice_is_already_validated(client: Client) -> None:
    token = verifik_token(client)
    send(client, token)
    validate(client, token, last_code(client))
    response = validate(client, token, last_code(client))
    assert response.status_code == 409
    assert response.json() == error("phone_validation_already_validated", 409)


def test_validate_for_another_project_is_not_found(client: Client) -> None:
    token = verifik_token(client)
    send(client, token)
    response = validate(client, token, last_code(client), project="0" * 24)
    assert response.status_code == 404


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


# Magic numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ending", "status", "code"),
    [
        ("0403", 403, "otp_does_not_match"),
        ("0404", 404, "phone_validation_not_found"),
        ("0412", 412, "phoneValidation_has_expired"),
    ],
)
def test_check_magic_numbers_refuse_even_the_right_code(
    client: Client, ending: str, status: int, code: str
) -> None:
    token = verifik_token(client)
    assert send(client, token, phone=magic(ending)).status_code == 200
    response = validate(client, token, last_code(client), phone=magic(ending))
    assert (response.status_code, response.json()) == (status, error(code, status))
    assert login(client, phone=magic(ending)).status_code == 200
    response = confirm(client, last_code(client), phone=magic(ending))
    assert (response.status_code, response.json()) == (status, error(code, status))


def test_magic_0409_send_is_always_recently_sent(client: Client) -> None:
    response = login(client, phone=magic("0409"), force=True)
    assert (response.status_code, response.json()) == (409, error("otp_recently_sent", 409))
    assert inbox(client) == []


def test_magic_0402_send_is_insufficient_credits(client: Client) -> None:
    response = send(client, verifik_token(client), phone=magic("0402"))
    assert (response.status_code, response.json()) == (403, error("insufficient_credits", 403))


def test_magic_0500_verifik_send_is_otp_send_failed(client: Client) -> None:
    response = login(client, phone=magic("0500"))
    assert (response.status_code, response.json()) == (409, error("otp_send_failed", 409))


def test_magic_0500_trust_create_is_the_documented_500(client: Client) -> None:
    response = trust_create(client, atenea_token(client), phone="+56912340500")
    assert response.status_code == 500
    assert response.json() == {
        "status": True,
        "message": "No fue posible enviar el sms a traves de ningun servicio.",
    }


@pytest.mark.parametrize(("ending", "status"), [("0403", 400), ("0404", 404), ("0412", 400)])
def test_check_magic_numbers_apply_to_trust_verify(client: Client, ending: str, status: int):
    token = atenea_token(client)
    id_ = trust_create(client, token, phone="+5691234" + ending).json()["obj"]["id"]
    response = trust_verify(client, token, id_, last_code(client))
    assert response.status_code == status
    assert response.json()["status"] is False


def every_call(client: Client, ending: str) -> list[httpx.Response]:
    """One call to each phone-carrying endpoint with a number ending in `ending`."""
    token = verifik_token(client)
    return [
        login(client, phone=magic(ending)),
        confirm(client, "123456", phone=magic(ending)),
        send(client, token, phone=magic(ending)),
        validate(client, token, 123456, phone=magic(ending)),
        trust_create(client, atenea_token(client), phone="+5691234" + ending),
    ]


def test_magic_0429_is_rate_limited_everywhere(client: Client) -> None:
    for response in every_call(client, "0429"):
        assert response.status_code == 429
        assert response.headers["retry-after"] == "1"
        assert response.json() == {"code": "TooManyRequests", "message": "429:too_many_requests"}


def test_magic_0502_is_an_html_bad_gateway_everywhere(client: Client) -> None:
    for response in every_call(client, "0502"):
        assert response.status_code == 502
        assert response.headers["content-type"].startswith("text/html")
        assert "<title>502 Bad Gateway</title>" in response.text


def test_magic_0200_is_truncated_json_everywhere(client: Client) -> None:
    for response in every_call(client, "0200"):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert len(response.content) == 40
        with pytest.raises(ValueError):
            json.loads(response.content)


def test_magic_0401_is_unauthorized_everywhere_even_with_a_valid_token(
    client: Client,
) -> None:
    assert [r.status_code for r in every_call(client, "0401")] == [401] * 5


def test_magic_0408_answers_normally_after_slow_seconds() -> None:
    with sandbox(slow_seconds=0.2) as client:
        started = time.monotonic()
        response = login(client, phone=magic("0408"))
        assert time.monotonic() - started >= 0.2
        assert response.status_code == 200


def test_every_magic_number_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert render_table() in text
    assert all(f"`{m.ending}`" in text for m in MAGIC_NUMBERS)


# Latency, faults, seeds -----------------------------------------------------------------


def test_latency_delays_provider_calls_but_not_sandbox_endpoints() -> None:
    with sandbox(latency_ms=150) as client:
        started = time.monotonic()
        login(client)
        assert time.monotonic() - started >= 0.15
        started = time.monotonic()
        client.get("/_sandbox/messages")
        assert time.monotonic() - started < 0.15


def test_fail_rate_one_fails_every_provider_call_with_a_listed_fault() -> None:
    with sandbox(fail_rate=1.0, seed=3) as client:
        for _ in range(12):
            response = login(client, force=True)
            truncated = response.status_code == 200 and len(response.content) == 40
            assert response.status_code in (500, 502) or truncated
        assert client.get("/_sandbox/health").json() == {"ok": True}


def fault_pattern(seed: int) -> list[tuple[int, int]]:
    with sandbox(fail_rate=0.5, seed=seed) as client:
        return [
            (r.status_code, len(r.content))
            for r in (client.post(TOKEN, json={"grant_type": "x"}) for _ in range(30))
        ]


def test_fail_rate_is_reproducible_with_a_seed() -> None:
    pattern = fault_pattern(7)
    assert pattern == fault_pattern(7)
    assert {status for status, _ in pattern} >= {400, 500, 502, 200}


def test_seed_makes_codes_reproducible() -> None:
    def codes() -> list[str]:
        with sandbox(seed=11, code_pool=4) as client:
            for index in range(6):
                login(client, phone=f"6000020{index}")
            return [m["code"] for m in inbox(client)]

    assert codes() == codes()


# Messages and health --------------------------------------------------------------------


def test_messages_are_listed_oldest_first_with_every_field(client: Client) -> None:
    login(client)
    trust_create(client, atenea_token(client))
    first, second = inbox(client)
    assert set(first) == {"time", "provider", "channel", "phone", "code", "kind"}
    assert (first["provider"], first["phone"], first["kind"]) == (
        "verifik",
        "+50762617737",
        "login",
    )
    assert second["phone"] == TRUST_PHONE
    assert ISO_MS.fullmatch(first["time"])


def test_messages_filter_accepts_spaces_and_dashes(client: Client) -> None:
    login(client)
    login(client, phone="60000002")
    assert [m["phone"] for m in inbox(client, "+507 6261-7737")] == ["+50762617737"]


def test_deleting_messages_clears_the_inbox(client: Client) -> None:
    login(client)
    assert client.delete("/_sandbox/messages").json() == {"deleted": 1}
    assert inbox(client) == []


def test_health_answers_ok(client: Client) -> None:
    assert client.get("/_sandbox/health").json() == {"ok": True}


def test_on_message_is_called_for_each_delivery() -> None:
    delivered: list[Message] = []
    with sandbox(on_message=delivered.append) as client:
        login(client)
        assert [(m.phone, m.code) for m in delivered] == [("+50762617737", last_code(client))]


def test_state_is_reachable_from_the_app() -> None:
    app = create_app(code_pool=0)
    assert list(sandbox_state(app).messages) == []


# The providers' own documented requests, host swapped -----------------------------------


def test_documented_requests_succeed(client: Client) -> None:
    # 002: phone-login then confirm, with the values of the documented response.
    sent = client.post(LOGIN, json={"countryCode": "+1", "phone": "1234566663", "type": "login"})
    assert sent.status_code == 200
    confirmed = client.post(
        CONFIRM, json={"countryCode": "+1", "phone": "1234566663", "otp": last_code(client)}
    )
    assert confirmed.status_code == 200
    verifik = confirmed.json()["data"]["accessToken"]

    # 001: the axios example.
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {verifik}"}
    data = json.dumps(
        {
            "project": "6266193db77ccc8111730c90",
            "projectFlow": "658ed28b0990f300134d7b71",
            "countryCode": "+507",
            "phone": "62617737",
            "validationMethod": "verificationCode",
            "type": "login",
        }
    )
    assert client.post(VALIDATIONS, content=data, headers=headers).status_code == 200

    # 003: the Python example, after a send to its phone (otp swapped for the delivered code).
    client.post(VALIDATIONS, content=data.replace("62617737", "62647737"), headers=headers)
    payload = {"phone": "62647737", "countryCode": "+507", "otp": int(last_code(client))}
    assert client.put(VALIDATIONS, json=payload, headers=headers).status_code == 200

    # 000: Atenea token, then the curl --form example...
    atenea = atenea_token(client)
    auth = {"Authorization": f"Bearer {atenea}"}
    form = {"phone": (None, "+56912345678"), "nin": (None, "20123123-9")}
    assert client.post(TRUST_CREATE, files=form, headers=auth).status_code == 200
    # ...the Python example (requests with data=payload and files=[] sends urlencoded)...
    payload_000 = {"phone": "+56912345678", "nin": "20123123-9"}
    assert client.post(TRUST_CREATE, data=payload_000, headers=auth).status_code == 200
    # ...and the Postman shape: a JSON Content-Type header over a form-data body.
    boundary = "----postman"
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in (("phone", "+56912345678"), ("nin", "20123354-1"))
        )
        + f"--{boundary}--\r\n"
    )
    postman = {**auth, "Content-Type": "application/json"}
    response = client.post(TRUST_CREATE, content=body.encode(), headers=postman)
    assert response.status_code == 200
    assert response.json()["message"].endswith("+56912345678")


# Stopping and serving --------------------------------------------------------------------


def test_shutdown_answers_paused_requests_at_once() -> None:
    app = create_app(slow_seconds=30, code_pool=0)

    async def scenario() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
            body = {"countryCode": CC, "phone": magic("0408")}
            request = asyncio.create_task(http.post(LOGIN, json=body))
            await asyncio.sleep(0.05)
            begin_shutdown(app)
            return await asyncio.wait_for(request, 2)

    assert asyncio.run(scenario()).status_code == 503


def test_serve_on_a_busy_port_raises_a_readable_oserror() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(OSError, match=f"127.0.0.1:{port}: the port is already in use") as err:
            serve(port=port)
        assert err.value.strerror == "the port is already in use"


def test_printer_writes_one_plain_line_per_message_when_not_a_terminal() -> None:
    out = io.StringIO()
    printer = MessagePrinter(Console(file=out, force_terminal=False))
    printer(Message(START, "verifik", "whatsapp", "+50762617737", "123456", "login"))
    line = out.getvalue()
    assert line.count("\n") == 1
    assert "\x1b" not in line
    assert all(part in line for part in ("whatsapp", "+50762617737", "123456", "Verifik login"))
