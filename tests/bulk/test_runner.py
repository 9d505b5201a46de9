"""Bulk runs against the sandbox (in-process) and mocks: order, retries, pace, tokens.

Resuming a run is in test_resume.py; interrupting one, in test_signals.py.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from otpcli.sandbox.app import create_app, sandbox_state
from otpcli.sandbox.state import SandboxState, VerifikOtp
from otpcli.trust_auth import TrustCredentials
from tests.bulk.helpers import CREATE, SEND, records, write
from tests.conftest import ATENEA

SENT = {"data": {"_id": "v1", "status": "sent"}}


@pytest.fixture
def sandbox(respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Start the sandbox app in-process; every provider call of the CLI goes to it."""

    def start(**options: Any) -> SandboxState:
        app = create_app(**options)
        asgi = httpx.ASGITransport(app=app)

        async def forward(request: httpx.Request) -> httpx.Response:
            return await asgi.handle_async_request(request)

        respx_mock.route().mock(side_effect=forward)
        state = sandbox_state(app)
        # A token of this sandbox's own, as `otpcli confirm` would have stored.
        now = time.time()
        otp = VerifikOtp(
            "id", "login", "+507", "62610000", "123456", "login", "sms", "p", "f", now, now + 600
        )
        monkeypatch.setenv("VERIFIK_TOKEN", state.issue_verifik_token(otp).value)
        monkeypatch.setenv("OTPCLI_PROJECT", "sandbox-project")
        monkeypatch.setenv("OTPCLI_PROJECT_FLOW", "sandbox-flow")
        return state

    return start


def test_every_record_gets_one_line_in_input_order_whatever_the_provider_answers(
    cli: Any, sandbox: Any, tmp_path: Path
) -> None:
    state = sandbox(fail_rate=0.3, seed=7)
    magic = {"0409": "otp_recently_sent", "0402": "insufficient_credits"}
    magic |= {"0500": "otp_send_failed", "0502": "http_502", "0200": "invalid_response"}
    # (0401, a refused token, stops the run instead: see tests/e2e/test_bulk_stop_rules.py)
    phones = [f"+5076261{n:04d}" for n in range(1000, 1030)] + [f"+5076262{e}" for e in magic]
    phones = [*phones[::2], "not a phone", *phones[1::2]]
    result = cli("send", "--from", write(tmp_path, "\n".join(phones)), "--concurrency", "8")
    lines = records(result.stdout)
    assert result.exit_code == 10
    assert [(r["line"], r["input"]["phone"]) for r in lines] == list(enumerate(phones, start=1))
    struck = [r for r in lines if not r["ok"] and r["input"]["phone"][-4:] not in magic]
    assert len(struck) > 3  # the fail rate did strike ordinary numbers
    delivered = sorted(m.phone for m in state.messages)
    assert delivered == sorted(r["input"]["phone"] for r in lines if r["ok"])


def test_magic_numbers_in_a_bulk_run_give_their_own_error_codes(
    cli: Any, sandbox: Any, tmp_path: Path
) -> None:
    sandbox()  # no --fail-rate: each magic number must give exactly its answer
    magic = {"0409": "otp_recently_sent", "0402": "insufficient_credits"}
    magic |= {"0500": "otp_send_failed", "0502": "http_502", "0200": "invalid_response"}
    magic |= {"0401": "Unauthorized"}
    phones = [f"+5076262{ending}" for ending in magic]
    result = cli("send", "--from", write(tmp_path, "\n".join(phones)))
    codes = [r["error"]["code"] for r in records(result.stdout)]
    assert codes == list(magic.values())


def test_a_run_where_every_record_succeeds_exits_0(cli: Any, sandbox: Any, tmp_path: Path) -> None:
    sandbox()
    source = write(tmp_path, "phone,gateway\n+50762611001,sms\n+50762611002,whatsapp\n")
    result = cli("send", "--from", source)
    assert result.exit_code == 0
    assert [r["response"]["data"]["phoneGateway"] for r in records(result.stdout)] == [
        "sms",
        "whatsapp",
    ]


def test_validate_in_bulk_checks_each_rows_code(cli: Any, sandbox: Any, tmp_path: Path) -> None:
    state = sandbox()
    cli("send", "--from", write(tmp_path, "+50762611001\n+50762611002\n"))
    codes = {m.phone: m.code for m in state.messages}
    wrong = "111111" if codes["+50762611002"] != "111111" else "222222"
    text = f"phone,otp\n+50762611001,{codes['+50762611001']}\n+50762611002,{wrong}\n"
    result = cli("validate", "--from", write(tmp_path, text, "codes.csv"))
    assert [r.get("error", {}).get("code") for r in records(result.stdout)] == [
        None,
        "otp_does_not_match",
    ]


# Retries: only what the server did not act on -----------------------------------------------


def test_a_timed_out_send_gets_its_error_line_and_is_never_sent_again(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    route = respx_mock.post(SEND).mock(side_effect=httpx.ReadTimeout("timed out"))
    result = cli("send", "--from", write(tmp_path, "+50762610001\n"))
    assert records(result.stdout)[0]["error"]["code"] == "timeout"
    assert route.call_count == 1


def test_a_refused_connection_is_retried_because_nothing_was_sent(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    route = respx_mock.post(SEND).mock(
        side_effect=[httpx.ConnectError("Connection refused"), httpx.Response(200, json=SENT)]
    )
    result = cli("send", "--from", write(tmp_path, "+50762610001\n"))
    assert records(result.stdout)[0]["ok"] is True
    assert route.call_count == 2


def test_after_a_429_no_request_starts_until_its_retry_after_has_passed(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    starts: list[float] = []
    throttled_at: list[float] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        starts.append(time.monotonic())
        first = len(starts) == 1
        await asyncio.sleep(0.05)  # without a shared pause, 40 records take about 0.5 s
        if first:
            throttled_at.append(time.monotonic())
            return httpx.Response(429, headers={"Retry-After": "1"})
        return httpx.Response(200, json=SENT)

    respx_mock.post(SEND).mock(side_effect=answer)
    phones = "\n".join(f"+5076261{n:04d}" for n in range(1000, 1040))
    result = cli("send", "--from", write(tmp_path, phones), "--concurrency", "4")
    assert result.exit_code == 0
    assert all(r["ok"] for r in records(result.stdout))
    during_pause = [t for t in starts if throttled_at[0] + 0.05 < t < throttled_at[0] + 0.95]
    assert during_pause == []
    assert len(starts) == 41  # the throttled record was tried again, nothing else twice


def test_a_429_storm_slows_the_run_and_it_still_completes(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    answered = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal answered
        await asyncio.sleep(0.02)  # a network's delay: the whole first wave is in flight
        answered += 1
        if answered <= 6:
            return httpx.Response(429, headers={"Retry-After": "1"})
        return httpx.Response(200, json=SENT)

    respx_mock.post(SEND).mock(side_effect=answer)
    phones = "\n".join(f"+5076261{n:04d}" for n in range(1000, 1008))
    started = time.monotonic()
    result = cli("send", "--from", write(tmp_path, phones), "--concurrency", "8")
    assert result.exit_code == 0
    assert [r["ok"] for r in records(result.stdout)] == [True] * 8
    assert time.monotonic() - started >= 1.0


def test_rate_spaces_the_requests_out(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    starts: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        starts.append(time.monotonic())
        return httpx.Response(200, json=SENT)

    respx_mock.post(SEND).mock(side_effect=answer)
    phones = "\n".join(f"+5076261{n:04d}" for n in range(1000, 1006))
    cli("send", "--from", write(tmp_path, phones), "--rate", "20", "--concurrency", "6")
    assert len(starts) == 6
    # 20 per second: six tries span at least five intervals of 50 ms. (Single gaps are not
    # asserted: a try's own start can be delayed a few ms after the pace let it go.)
    assert starts[-1] - starts[0] >= 5 * 0.05 * 0.95


# Tokens ---------------------------------------------------------------------------------------


def test_a_refused_trust_token_is_refreshed_once_for_the_whole_run(
    cli: Any, respx_mock: respx.MockRouter, isolated: Any, tmp_path: Path
) -> None:
    stored = TrustCredentials("client", "secret-xyz-123456", "old-token-123456", time.time() + 3600)
    isolated.set_password("otpcli", "default:trust", stored.dumps())
    atenea = respx_mock.post(f"{ATENEA}/oauth/token/").respond(
        200, json={"access_token": "new-token-654321", "expires_in": 7200}
    )

    def create(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == "Bearer old-token-123456":
            return httpx.Response(401, json={"error": "invalid_token", "error_description": "x"})
        return httpx.Response(200, json={"status": True, "obj": {"id": "t1"}})

    respx_mock.post(CREATE).mock(side_effect=create)
    text = "phone,nin\n" + "".join(f"+5691234{n},12345678-5\n" for n in range(5670, 5676))
    result = cli("trust-send", "--from", write(tmp_path, text), "--concurrency", "6")
    assert [r["ok"] for r in records(result.stdout)] == [True] * 6
    assert atenea.call_count == 1
    assert "new-token-654321" not in result.everything
