"""Every row of the contract's exit-code table, one provider answer or failure a row.

Exit 1 (a bug) is in test_internal_error.py, exit 2 (usage) in test_usage_errors.py, and 10
and 130 in tests/bulk/. How the answers' messages are told is in tests/providers/.
"""

from __future__ import annotations

import httpx
import pytest
import respx

from tests.conftest import VERIFIK

PUT = f"{VERIFIK}/v2/phone-validations"
VALIDATE = ("validate", "+50762617737", "--otp", "123456", "--json")


def test_success_is_0(cli, respx_mock: respx.MockRouter, logged_in) -> None:
    respx_mock.put(PUT).respond(200, json={"data": {"status": "validated", "_id": "v1"}})
    result = cli(*VALIDATE[:-1], "-q")
    assert (result.exit_code, result.stdout) == (0, "validated\n")


def test_not_logged_in_is_3(cli, respx_mock) -> None:
    result = cli(*VALIDATE)
    assert result.exit_code == 3
    assert result.error["code"] == "not_authenticated"


def test_401_is_3_with_a_hint_to_log_in(cli, respx_mock, logged_in) -> None:
    respx_mock.put(PUT).respond(
        401, json={"code": "Unauthorized", "message": "Invalid or expired token."}
    )
    result = cli(*VALIDATE)
    assert result.exit_code == 3
    assert "Invalid or expired token." in result.error["message"]
    assert "otpcli login" in result.error["hint"]


@pytest.mark.parametrize(
    ("status", "body", "code", "exit_code"),
    [
        (
            403,
            {"code": "otp_does_not_match", "message": "403:otp_does_not_match"},
            "otp_does_not_match",
            4,
        ),
        (403, {"code": "Forbidden", "message": "otp_does_not_match"}, "otp_does_not_match", 4),
        (
            403,
            {"success": False, "error": "otp_does_not_match", "code": "otp_does_not_match"},
            "otp_does_not_match",
            4,
        ),
        (
            404,
            {"code": "phone_validation_not_found", "message": "404:phone_validation_not_found"},
            "phone_validation_not_found",
            5,
        ),
        (
            412,
            {"code": "phoneValidation_has_expired", "message": "412:phoneValidation_has_expired"},
            "phoneValidation_has_expired",
            6,
        ),
        (
            409,
            {"code": "MissingParameter", "message": "missing phone\n. missing otp"},
            "MissingParameter",
            7,
        ),
        (
            409,
            {"code": "otp_recently_sent", "message": "409:otp_recently_sent"},
            "otp_recently_sent",
            9,
        ),
        (
            403,
            {"code": "insufficient_credits", "message": "403:insufficient_credits"},
            "insufficient_credits",
            7,
        ),
        (500, {"success": False, "error": "Something broke"}, "Something broke", 7),
    ],
)
def test_verifik_error_shapes_map_to_code_and_exit(
    cli, respx_mock, logged_in, status, body, code, exit_code
) -> None:
    respx_mock.put(PUT).respond(status, json=body)
    result = cli(*VALIDATE)
    assert result.exit_code == exit_code
    assert result.error["code"] == code
    assert result.error["status"] == status


@pytest.mark.parametrize(
    ("response", "code"),
    [
        (
            httpx.Response(
                502,
                text="<html><title>502 Bad Gateway</title></html>",
                headers={"content-type": "text/html"},
            ),
            "http_502",
        ),
        (
            httpx.Response(
                200,
                content=b'{"data": {"_id": "674de8df21c7',
                headers={"content-type": "application/json"},
            ),
            "invalid_response",
        ),
        (httpx.Response(200, json=["not", "an", "object"]), "invalid_response"),
        (httpx.Response(200, json={"data": {"status": "pending"}}), "not_validated"),
        (httpx.Response(503, text="down"), "http_503"),
    ],
)
def test_odd_provider_answers_are_7(cli, respx_mock, logged_in, response, code) -> None:
    respx_mock.put(PUT).mock(return_value=response)
    result = cli(*VALIDATE)
    assert result.exit_code == 7
    assert result.error["code"] == code
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "connection_refused"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "dns_error"),
        (
            httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            "tls_error",
        ),
        (httpx.ReadTimeout("timed out"), "timeout"),
        (httpx.ConnectTimeout("timed out"), "connect_timeout"),
        (httpx.RemoteProtocolError("Server disconnected"), "connection_lost"),
    ],
)
def test_network_failures_are_8(cli, respx_mock, logged_in, exc, code, monkeypatch) -> None:
    monkeypatch.setattr("time.sleep", lambda s: None)
    respx_mock.put(PUT).mock(side_effect=exc)
    result = cli(*VALIDATE)
    assert result.exit_code == 8
    assert result.error["code"] == code


def test_429_after_retries_is_9(cli, respx_mock, logged_in, monkeypatch) -> None:
    monkeypatch.setattr("time.sleep", lambda s: None)
    route = respx_mock.put(PUT).respond(429, headers={"Retry-After": "1"}, json={})
    result = cli(*VALIDATE)
    assert result.exit_code == 9
    assert route.call_count == 3
