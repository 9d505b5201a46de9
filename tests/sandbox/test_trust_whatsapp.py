"""The sandbox's Trust WhatsApp send, and verify for codes from either channel."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from tests.sandbox.helpers import (
    TRUST_PHONE,
    TRUST_WHATSAPP,
    Client,
    FakeClock,
    atenea_token,
    bearer,
    inbox,
    last_code,
    trust_create,
    trust_verify,
    trust_whatsapp,
)

Send = Callable[[Client, str, str], httpx.Response]
BOTH: list[Send] = [trust_create, trust_whatsapp]


def test_whatsapp_send_answers_like_create(client: Client) -> None:
    response = trust_whatsapp(client, atenea_token(client))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] is True
    assert body["message"].endswith("+56912345678")
    assert re.fullmatch(r"[0-9a-f-]{36}", body["obj"]["id"])


def test_whatsapp_code_is_four_digits_on_whatsapp(client: Client) -> None:
    trust_whatsapp(client, atenea_token(client), "+56 9 1234 5678")
    message = inbox(client)[-1]
    assert (message["provider"], message["channel"], message["phone"]) == (
        "trust",
        "whatsapp",
        TRUST_PHONE,
    )
    assert re.fullmatch(r"[1-9][0-9]{3}", message["code"])


def test_whatsapp_send_needs_an_atenea_style_token(client: Client) -> None:
    form = {"number": (None, TRUST_PHONE), "nin": (None, "20123354-1")}
    response = client.post(TRUST_WHATSAPP, files=form, headers=bearer("nope"))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"nin": "20123354-1"}, "Faltan campos obligatorios: number"),
        ({"number": TRUST_PHONE}, "Faltan campos obligatorios: nin"),
        ({"phone": TRUST_PHONE, "nin": "1-9"}, "Faltan campos obligatorios: number"),
        ({"number": "+56 abc", "nin": "1-9"}, "El número de teléfono no es válido"),
    ],
)
def test_whatsapp_send_refuses_missing_or_bad_fields(
    client: Client, form: dict[str, str], message: str
) -> None:
    files = {name: (None, value) for name, value in form.items()}
    response = client.post(TRUST_WHATSAPP, files=files, headers=bearer(atenea_token(client)))
    assert (response.status_code, response.json()) == (400, {"status": False, "message": message})
    assert inbox(client) == []


def test_magic_0500_whatsapp_send_is_the_documented_500(client: Client) -> None:
    response = trust_whatsapp(client, atenea_token(client), "+56912340500")
    assert response.status_code == 500
    assert response.json() == {
        "status": True,
        "message": "No fue posible enviar el sms a traves de ningun servicio.",
    }


@pytest.mark.parametrize("send", BOTH)
def test_verify_accepts_the_right_code_from_either_channel(client: Client, send: Send) -> None:
    token = atenea_token(client)
    id_ = send(client, token, TRUST_PHONE).json()["obj"]["id"]
    response = trust_verify(client, token, id_, last_code(client))
    assert response.status_code == 200
    assert response.json() == {"status": True, "message": "Código verificado correctamente"}


@pytest.mark.parametrize("send", BOTH)
def test_verify_refuses_a_wrong_or_reused_code(client: Client, send: Send) -> None:
    token = atenea_token(client)
    id_ = send(client, token, TRUST_PHONE).json()["obj"]["id"]
    code = last_code(client)
    wrong = trust_verify(client, token, id_, str(int(code) % 9000 + 1000))
    assert (wrong.status_code, wrong.json()) == (
        400,
        {"status": False, "message": "Código inválido"},
    )
    assert trust_verify(client, token, id_, code).status_code == 200
    assert trust_verify(client, token, id_, code).status_code == 400


@pytest.mark.parametrize("send", BOTH)
def test_verify_after_ten_minutes_is_expired(client: Client, clock: FakeClock, send: Send) -> None:
    token = atenea_token(client)
    id_ = send(client, token, TRUST_PHONE).json()["obj"]["id"]
    clock.advance(600)
    response = trust_verify(client, token, id_, last_code(client))
    assert (response.status_code, response.json()) == (
        400,
        {"status": False, "message": "Código expirado"},
    )


@pytest.mark.parametrize("send", BOTH)
@pytest.mark.parametrize(
    ("ending", "status", "message"),
    [
        ("0403", 400, "Código inválido"),
        ("0404", 404, "Verificación no encontrada"),
        ("0412", 400, "Código expirado"),
    ],
)
def test_check_magic_numbers_refuse_the_right_code_from_either_channel(
    client: Client, send: Send, ending: str, status: int, message: str
) -> None:
    token = atenea_token(client)
    id_ = send(client, token, "+5691234" + ending).json()["obj"]["id"]
    response = trust_verify(client, token, id_, last_code(client))
    assert (response.status_code, response.json()) == (
        status,
        {"status": False, "message": message},
    )


def test_verify_an_unknown_id_is_not_found(client: Client) -> None:
    response = trust_verify(client, atenea_token(client), "0" * 24, "1234")
    assert (response.status_code, response.json()["status"]) == (404, False)
