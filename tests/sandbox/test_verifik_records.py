"""The sandbox's Verifik records: `GET /v2/phone-validations` and `GET .../{id}`."""

from __future__ import annotations

from typing import Any

import bcrypt
import pytest

from tests.sandbox.helpers import (
    CC,
    FLOW,
    PHONE,
    PROJECT,
    VALIDATIONS,
    Client,
    FakeClock,
    bearer,
    last_code,
    login,
    manual,
    send,
    validate,
    verifik_token,
)


def listing(client: Client, token: str, **query: Any) -> dict[str, Any]:
    response = client.get(VALIDATIONS, params=query, headers=bearer(token))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def token(client: Client) -> str:
    """A token, and with it one login record: +507 60000001, validated."""
    return verifik_token(client)


def test_list_answers_the_documented_shape(client: Client, token: str) -> None:
    sent = send(client, token).json()["data"]
    body = listing(client, token)
    assert body["success"] is True
    assert body["pagination"] == {"page": 1, "limit": 10, "total": 2, "pages": 1}
    first, second = body["data"]
    assert (first["type"], first["status"], first["phone"]) == ("login", "validated", "60000001")
    assert {k: v for k, v in second.items() if k not in ("new", "providerConfirmation")} == {
        k: v for k, v in sent.items() if k not in ("new", "providerConfirmation")
    }


def test_list_records_carry_a_hash_and_the_state_of_each_code(client: Client, token: str) -> None:
    send(client, token)
    code = last_code(client)
    manual(client, token, phone="60000003", gateway="whatsapp")
    validate(client, token, code)
    records = listing(client, token)["data"]
    by_phone = {record["phone"]: record for record in records}
    assert by_phone[PHONE]["status"] == "validated"
    assert bcrypt.checkpw(code.encode(), by_phone[PHONE]["otp"].encode())
    assert (by_phone["60000003"]["source"], by_phone["60000003"]["status"]) == ("manual", "sent")
    assert "source" not in by_phone[PHONE]


def test_validated_records_are_updated_when_validated(
    client: Client, token: str, clock: FakeClock
) -> None:
    send(client, token)
    clock.advance(30)
    validate(client, token, last_code(client))
    record = listing(client, token, phone=PHONE)["data"][0]
    assert (record["createdAt"], record["updatedAt"]) == (
        "2024-12-02T16:46:40.000Z",
        "2024-12-02T16:47:10.000Z",
    )


def test_list_pages_and_sorts(client: Client, token: str) -> None:
    for index in range(4):
        login(client, phone=f"6100000{index}")
    body = listing(client, token, limit=2, page=2)
    assert body["pagination"] == {"page": 2, "limit": 2, "total": 5, "pages": 3}
    assert [r["phone"] for r in body["data"]] == ["61000001", "61000002"]
    newest = listing(client, token, limit=2, sort="-createdAt")["data"]
    assert [r["phone"] for r in newest] == ["61000003", "61000002"]
    assert listing(client, token, page=9)["data"] == []


def test_list_limit_is_capped_at_one_hundred(client: Client, token: str) -> None:
    assert listing(client, token, limit=500)["pagination"]["limit"] == 100


@pytest.mark.parametrize(
    ("query", "phones"),
    [
        ({"status": "validated"}, ["60000001"]),
        ({"status": "sent"}, [PHONE, "60000004"]),
        ({"status": "failed"}, []),
        ({"project": PROJECT}, [PHONE]),
        ({"type": "login"}, ["60000001", PHONE, "60000004"]),
        ({"countryCode": CC}, ["60000001", PHONE]),
        ({"countryCode": " 57"}, ["60000004"]),
        ({"phone": PHONE}, [PHONE]),
        ({"phone": "+50762617737"}, [PHONE]),
        ({"phoneGateway": "whatsapp"}, ["60000004"]),
    ],
)
def test_list_filters(client: Client, token: str, query: dict[str, str], phones: list[str]) -> None:
    send(client, token)
    body = {"phone": "60000004", "countryCode": "+57", "phoneGateway": "whatsapp"}
    client.post(f"{VALIDATIONS}/manual", json=body, headers=bearer(token))
    records = listing(client, token, **query)["data"]
    assert [record["phone"] for record in records] == phones


def test_magic_limit_99_answers_the_flat_shape(client: Client, token: str) -> None:
    body = listing(client, token, limit=99)
    assert set(body) == {"data", "total", "limit", "page", "pages"}
    assert (body["total"], body["limit"], body["page"], body["pages"]) == (1, 99, 1, 1)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": "ten"}, "Invalid limit."),
        ({"limit": "0"}, "Invalid limit."),
        ({"page": "-1"}, "Invalid page."),
        ({"status": "lost"}, "Invalid status."),
    ],
)
def test_list_refuses_invalid_queries(
    client: Client, token: str, query: dict[str, str], message: str
) -> None:
    response = client.get(VALIDATIONS, params=query, headers=bearer(token))
    assert response.status_code == 409
    assert response.json()["code"] == "MissingParameter"
    assert response.json()["message"].startswith(message)


def test_list_and_one_record_need_a_token(client: Client) -> None:
    sent = login(client).json()["data"]
    for path in (VALIDATIONS, f"{VALIDATIONS}/{sent['_id']}"):
        response = client.get(path, headers=bearer("nope"))
        assert response.status_code == 401
        assert response.json() == {"code": "Unauthorized", "message": "Invalid or expired token."}


def test_one_record_by_id(client: Client, token: str) -> None:
    sent = send(client, token, phoneGateway="whatsapp").json()["data"]
    response = client.get(f"{VALIDATIONS}/{sent['_id']}", headers=bearer(token))
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["_id"], data["status"], data["projectFlow"]) == (sent["_id"], "sent", FLOW)
    assert data["otp"] == sent["otp"]


@pytest.mark.parametrize("id_", ["0" * 24, "not-an-object-id", "manual"])
def test_an_unknown_id_is_not_found(client: Client, token: str, id_: str) -> None:
    response = client.get(f"{VALIDATIONS}/{id_}", headers=bearer(token))
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "error": "Phone validation not found",
        "code": "PHONE_VALIDATION_NOT_FOUND",
    }
