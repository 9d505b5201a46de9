"""The sandbox's Verifik: phone-login, confirm, and phone-validations send and validate."""

from __future__ import annotations

import base64
import json
import re

import bcrypt

from tests.sandbox.helpers import (
    CC,
    FLOW,
    ISO_MS,
    LOGIN,
    PHONE,
    PROJECT,
    START,
    VALIDATIONS,
    Client,
    FakeClock,
    bearer,
    confirm,
    error,
    inbox,
    jwt_claims,
    last_code,
    login,
    send,
    validate,
    verifik_token,
)

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
