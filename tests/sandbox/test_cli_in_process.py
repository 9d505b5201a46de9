"""The CLI's client code against the sandbox app in-process (no socket): fast, and faithful.

The sandbox app is reached through `httpx.ASGITransport`, driven from the CLI's synchronous
client on one private event loop, so every request the CLI builds is parsed by the same code
that `otpcli sandbox serve` runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from otpcli.application import App
from otpcli.http.client import HttpClient
from otpcli.sandbox.app import create_app, sandbox_state

BASE = "http://sandbox.local"


class SyncASGITransport(httpx.BaseTransport):
    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def call() -> httpx.Response:
            await request.aread()
            response = await self._inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return self._loop.run_until_complete(call())


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    app = create_app(seed=3, code_pool=0)
    loop = asyncio.new_event_loop()
    transport = SyncASGITransport(app, loop)
    try:

        def http(self: App) -> HttpClient:
            if self._http is None:
                self._http = HttpClient(
                    timeout=self.options.seconds,
                    tracer=self.reporter if self.options.debug else None,
                    transport=transport,
                )
            return self._http

        monkeypatch.setattr(App, "http", property(http))
        for var in ("OTPCLI_VERIFIK_URL", "OTPCLI_TRUST_URL", "OTPCLI_ATENEA_URL"):
            monkeypatch.setenv(var, BASE)
        monkeypatch.setenv("OTPCLI_PROFILE", "sandbox")
        yield sandbox_state(app)
    finally:
        loop.close()


def _newest_code(state: Any, phone: str) -> str:
    return str([m for m in state.messages if m.phone == phone][-1].code)


def test_the_full_verifik_flow_is_accepted_by_the_sandbox(cli, sandbox) -> None:
    phone = "+50762617737"
    assert cli("login", phone).exit_code == 0
    assert cli("confirm", phone, "--otp", _newest_code(sandbox, phone)).exit_code == 0
    sent = cli("send", phone, "-q")
    assert sent.exit_code == 0, sent.stderr
    validated = cli("validate", phone, "--otp", _newest_code(sandbox, phone), "-q")
    assert (validated.exit_code, validated.stdout) == (0, "validated\n")


def test_trust_login_and_send_are_accepted_by_the_sandbox(cli, sandbox) -> None:
    login = cli("trust-login", "--client-id", "qa", "--secret-stdin", stdin="qa-secret-1\n")
    assert login.exit_code == 0, login.stderr
    sent = cli("trust-send", "+56912345678", "--nin", "12.345.678-5", "--json")
    assert sent.exit_code == 0, sent.stderr
    assert sent.json()["obj"]["id"]


def test_a_send_within_the_cooldown_is_9_and_force_sends(cli, sandbox) -> None:
    phone = "+50762617738"
    cli("login", phone)
    cli("confirm", phone, "--otp", _newest_code(sandbox, phone))
    assert cli("send", phone).exit_code == 0
    again = cli("send", phone, "--json")
    assert again.exit_code == 9
    assert again.error["code"] == "otp_recently_sent"
    assert cli("send", phone, "--force").exit_code == 0


def test_a_token_the_sandbox_never_issued_is_refused_with_3(cli, sandbox, monkeypatch) -> None:
    monkeypatch.setenv("VERIFIK_TOKEN", "made-up-token-123456")
    result = cli("send", "+50762617737", "--json")
    assert result.exit_code == 3
    assert result.error["status"] == 401
