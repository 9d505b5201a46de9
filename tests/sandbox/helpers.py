"""What the sandbox tests share: an in-process client, a clock to move, request builders."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from pathlib import Path
from typing import Any

import httpx

from otpcli.sandbox.app import create_app

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
TRUST_WHATSAPP = "/verification/api/v2/verification/whatsapp"
MANUAL = "/v2/phone-validations/manual"
SESSION = "/v2/auth/session"
RENEW_AND_REVOKE = "/v2/auth/renew-and-revoke"
OBJECT_ID = re.compile(r"[0-9a-f]{24}")
ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "sandbox-magic-numbers.md"


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


def manual(
    client: Client, token: str, phone: str = PHONE, gateway: str = "sms", **extra: Any
) -> httpx.Response:
    body = {"phone": phone, "countryCode": CC, "phoneGateway": gateway, **extra}
    return client.post(MANUAL, json=body, headers=bearer(token))


def trust_create(client: Client, token: str, phone: str = TRUST_PHONE) -> httpx.Response:
    form = {"phone": (None, phone), "nin": (None, "20123354-1")}
    return client.post(TRUST_CREATE, files=form, headers=bearer(token))


def trust_whatsapp(client: Client, token: str, number: str = TRUST_PHONE) -> httpx.Response:
    form = {"number": (None, number), "nin": (None, "20123354-1")}
    return client.post(TRUST_WHATSAPP, files=form, headers=bearer(token))


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
