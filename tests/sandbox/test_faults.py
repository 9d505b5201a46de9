"""The sandbox emulator: magic numbers, latency, random faults and seeds."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from otpcli.sandbox.magic import MAGIC_NUMBERS, render_table
from tests.sandbox.helpers import (
    DOCS,
    TOKEN,
    Client,
    atenea_token,
    confirm,
    error,
    inbox,
    last_code,
    login,
    magic,
    manual,
    sandbox,
    send,
    trust_create,
    trust_verify,
    trust_whatsapp,
    validate,
    verifik_token,
)

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
        manual(client, token, phone=magic(ending)),
        trust_create(client, atenea_token(client), phone="+5691234" + ending),
        trust_whatsapp(client, atenea_token(client), number="+5691234" + ending),
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
    assert [r.status_code for r in every_call(client, "0401")] == [401] * 7


def test_magic_0408_answers_normally_after_slow_seconds() -> None:
    with sandbox(slow_seconds=0.2) as client:
        started = time.monotonic()
        response = login(client, phone=magic("0408"))
        assert time.monotonic() - started >= 0.2
        assert response.status_code == 200


def test_magic_0408_also_holds_manual_and_trust_whatsapp_sends() -> None:
    with sandbox(slow_seconds=0.2) as client:
        verifik, atenea = verifik_token(client), atenea_token(client)
        for call in (
            lambda: manual(client, verifik, phone=magic("0408")),
            lambda: trust_whatsapp(client, atenea, number="+56912340408"),
        ):
            started = time.monotonic()
            assert call().status_code == 200
            assert time.monotonic() - started >= 0.2


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
