"""The sandbox app: the inbox, health, the providers' documented requests, stopping."""

from __future__ import annotations

import asyncio
import json
from email.utils import formatdate

import httpx
import pytest

from otpcli.sandbox.app import begin_shutdown, create_app, sandbox_state
from otpcli.sandbox.state import Message
from tests.sandbox.helpers import (
    CC,
    CONFIRM,
    ISO_MS,
    LOGIN,
    START,
    TRUST_CREATE,
    TRUST_PHONE,
    VALIDATIONS,
    Client,
    FakeClock,
    atenea_token,
    inbox,
    last_code,
    login,
    magic,
    manual,
    sandbox,
    send,
    trust_create,
    trust_whatsapp,
    verifik_token,
)

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


def test_every_kind_of_send_tells_its_channel(client: Client) -> None:
    token, atenea = verifik_token(client), atenea_token(client)
    send(client, token, phone="60000002", phoneGateway="whatsapp")
    manual(client, token, phone="60000003", gateway="whatsapp")
    manual(client, token, phone="60000004")
    trust_create(client, atenea)
    trust_whatsapp(client, atenea, number="+56912345679")
    assert [(m["provider"], m["kind"], m["channel"]) for m in inbox(client)] == [
        ("verifik", "login", "sms"),
        ("verifik", "validation", "whatsapp"),
        ("verifik", "manual", "whatsapp"),
        ("verifik", "manual", "sms"),
        ("trust", "trust", "sms"),
        ("trust", "trust", "whatsapp"),
    ]


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


def test_clock_skew_shifts_the_date_of_every_answer() -> None:
    clock = FakeClock()
    with sandbox(clock=clock, clock_skew=-90.5) as client:
        expected = formatdate(START - 90.5, usegmt=True)
        for response in (login(client), client.get("/_sandbox/health")):
            assert response.headers.get_list("date") == [expected]
        clock.advance(60)
        assert client.get("/_sandbox/health").headers["date"] == formatdate(
            START - 30.5, usegmt=True
        )


def test_without_clock_skew_the_app_leaves_the_date_to_the_server() -> None:
    with sandbox() as client:
        assert "date" not in login(client).headers


def test_clock_skew_must_be_finite() -> None:
    with pytest.raises(ValueError, match="clock_skew"):
        create_app(clock_skew=float("inf"), code_pool=0)
