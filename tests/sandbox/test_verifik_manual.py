"""The sandbox's Verifik manual send: `POST /v2/phone-validations/manual`."""

from __future__ import annotations

import bcrypt
import pytest

from tests.sandbox.helpers import (
    CC,
    MANUAL,
    OBJECT_ID,
    PHONE,
    Client,
    FakeClock,
    bearer,
    error,
    inbox,
    last_code,
    magic,
    manual,
    validate,
    verifik_token,
)


def test_manual_send_answers_with_the_documented_shape(client: Client) -> None:
    response = manual(client, verifik_token(client))
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["source"], data["status"], data["sent"], data["new"]) == (
        "manual",
        "sent",
        True,
        True,
    )
    assert (data["phoneGateway"], data["countryCode"], data["phone"]) == ("sms", CC, PHONE)
    assert OBJECT_ID.fullmatch(data["_id"])
    assert data["expiresAt"] == "2024-12-02T16:56:40.000Z"
    assert "project" not in data
    assert bcrypt.checkpw(last_code(client).encode(), data["otp"].encode())


def test_manual_send_delivers_on_the_chosen_channel(client: Client) -> None:
    token = verifik_token(client)
    manual(client, token)
    data = manual(client, token, phone="60000002", gateway="whatsapp").json()["data"]
    assert data["whatsappTemplate"] == "authentication"
    sms, whatsapp = inbox(client)[-2:]
    assert (sms["channel"], sms["kind"], sms["provider"]) == ("sms", "manual", "verifik")
    assert (whatsapp["channel"], whatsapp["phone"]) == ("whatsapp", "+50760000002")


def test_manual_send_keeps_its_optional_fields(client: Client) -> None:
    response = manual(
        client,
        verifik_token(client),
        gateway="whatsapp",
        title="Acme",
        language="es",
        whatsappTemplate="flow2",
        ipAddress="203.0.113.9",
    )
    data = response.json()["data"]
    assert data["phoneData"] == {"title": "Acme"}
    assert (data["language"], data["whatsappTemplate"], data["ipAddress"]) == (
        "es",
        "flow2",
        "203.0.113.9",
    )


def test_manual_code_is_checked_by_put_validate(client: Client) -> None:
    token = verifik_token(client)
    sent = manual(client, token).json()["data"]
    response = validate(client, token, last_code(client), project="6266193db77ccc8111730c90")
    assert response.status_code == 200
    assert response.json()["data"]["_id"] == sent["_id"]


def test_manual_send_has_the_two_minute_cooldown(client: Client, clock: FakeClock) -> None:
    token = verifik_token(client)
    manual(client, token)
    clock.advance(60)
    response = manual(client, token)
    assert (response.status_code, response.json()) == (409, error("otp_recently_sent", 409))
    forced = manual(client, token, force=True)
    assert forced.status_code == 200
    # Every send starts ten minutes again.
    assert forced.json()["data"]["expiresAt"] == "2024-12-02T16:57:40.000Z"


def test_manual_send_without_a_token_is_unauthorized(client: Client) -> None:
    response = client.post(MANUAL, json={"phone": PHONE, "countryCode": CC})
    assert response.status_code == 401
    assert response.json() == {"code": "Unauthorized", "message": "Invalid or expired token."}


def test_manual_send_lists_every_missing_parameter(client: Client) -> None:
    response = client.post(MANUAL, json={}, headers=bearer(verifik_token(client)))
    assert response.status_code == 409
    assert response.json() == {
        "code": "MissingParameter",
        "message": "missing phone\n. missing countryCode\n. missing phoneGateway",
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"phoneGateway": "pigeon"}, "Invalid phoneGateway."),
        ({"countryCode": "507"}, "Invalid countryCode format."),
        ({"title": "A title far too long"}, "Invalid title."),
        ({"title": ""}, "Invalid title."),
        ({"whatsappTemplate": "marketing"}, "Invalid whatsappTemplate."),
    ],
)
def test_manual_send_refuses_invalid_fields(
    client: Client, extra: dict[str, str], message: str
) -> None:
    body = {"phone": PHONE, "countryCode": CC, "phoneGateway": "sms", **extra}
    response = client.post(MANUAL, json=body, headers=bearer(verifik_token(client)))
    assert response.status_code == 409
    assert response.json()["code"] == "MissingParameter"
    assert response.json()["message"].startswith(message)
    assert len(inbox(client)) == 1  # the login code of verifik_token only


@pytest.mark.parametrize(
    ("ending", "status", "code"),
    [
        ("0409", 409, "otp_recently_sent"),
        ("0402", 403, "insufficient_credits"),
        ("0500", 409, "otp_send_failed"),
    ],
)
def test_send_magic_numbers_apply_to_manual_sends(
    client: Client, ending: str, status: int, code: str
) -> None:
    response = manual(client, verifik_token(client), phone=magic(ending), force=True)
    assert (response.status_code, response.json()) == (status, error(code, status))
    assert len(inbox(client)) == 1
