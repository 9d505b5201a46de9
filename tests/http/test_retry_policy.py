"""What is retried (the server did not act) and what never is (it may have)."""

from __future__ import annotations

import httpx
import pytest
import respx

from tests.conftest import VERIFIK

POST = f"{VERIFIK}/v2/phone-validations"
SEND = ("send", "+50762617737")
SENT = {"data": {"_id": "v1", "status": "sent"}}


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr("time.sleep", waited.append)
    return waited


def test_429_with_retry_after_is_retried_after_the_stated_delay(
    cli, respx_mock: respx.MockRouter, logged_in, project, pauses
) -> None:
    route = respx_mock.post(POST).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(200, json=SENT),
        ]
    )
    result = cli(*SEND, "-q")
    assert (result.exit_code, result.stdout) == (0, "v1\n")
    assert route.call_count == 2
    assert pauses == [2.0]


def test_503_with_retry_after_is_retried(cli, respx_mock, logged_in, project, pauses) -> None:
    route = respx_mock.post(POST).mock(
        side_effect=[
            httpx.Response(503, headers={"Retry-After": "1"}),
            httpx.Response(200, json=SENT),
        ]
    )
    assert cli(*SEND).exit_code == 0
    assert route.call_count == 2


def test_retries_stop_when_the_delay_would_pass_30_seconds(
    cli, respx_mock, logged_in, project, pauses
) -> None:
    route = respx_mock.post(POST).respond(429, headers={"Retry-After": "31"})
    assert cli(*SEND).exit_code == 9
    assert route.call_count == 1
    assert pauses == []


def test_429_without_retry_after_is_not_retried(
    cli, respx_mock, logged_in, project, pauses
) -> None:
    route = respx_mock.post(POST).respond(429)
    assert cli(*SEND).exit_code == 9
    assert route.call_count == 1


def test_refused_connection_is_retried_because_nothing_was_sent(
    cli, respx_mock, logged_in, project, pauses
) -> None:
    route = respx_mock.post(POST).mock(
        side_effect=[httpx.ConnectError("Connection refused"), httpx.Response(200, json=SENT)]
    )
    assert cli(*SEND).exit_code == 0
    assert route.call_count == 2


def test_a_timed_out_send_is_never_sent_again(cli, respx_mock, logged_in, project, pauses) -> None:
    route = respx_mock.post(POST).mock(side_effect=httpx.ReadTimeout("timed out"))
    result = cli(*SEND)
    assert result.exit_code == 8
    assert route.call_count == 1
    assert "may have reached the provider" in result.stderr


def test_a_500_is_never_retried(cli, respx_mock, logged_in, project, pauses) -> None:
    route = respx_mock.post(POST).respond(500, json={"code": "InternalServerError"})
    assert cli(*SEND).exit_code == 7
    assert route.call_count == 1


def test_retry_after_as_http_date_is_understood() -> None:
    from otpcli.http.retry import retry_delay

    delay = retry_delay(429, {"retry-after": "Wed, 21 Oct 2015 07:28:05 GMT"}, now=1445412480.0)
    assert delay == 5.0
