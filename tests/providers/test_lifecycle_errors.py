"""The error codes Verifik documents for the lifecycle calls, each to its exit code."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from tests.conftest import VERIFIK

PUT = f"{VERIFIK}/v2/phone-validations"


@pytest.mark.parametrize(
    ("status", "body", "exit_code", "hint_has"),
    [
        (409, {"code": "phone_validation_already_validated"}, 4, "new code"),
        (409, {"code": "otp_not_sent", "message": "409:otp_not_sent"}, 7, "gateway"),
        (409, {"code": "otp_send_failed", "message": "409:otp_send_failed"}, 7, "gateway"),
        (404, {"code": "project_not_found", "message": "404:project_not_found"}, 5, "project"),
        (404, {"code": "projectFlow_not_found"}, 5, "project_flow"),
        (403, {"code": "Forbidden", "message": "Access denied"}, 7, "credits"),
        (403, {"code": "Forbidden", "message": "insufficient_credits"}, 7, "credits"),
    ],
)
def test_each_documented_error_has_its_exit_code_and_advice(
    cli: Any,
    respx_mock: respx.MockRouter,
    logged_in: Any,
    status: int,
    body: dict[str, str],
    exit_code: int,
    hint_has: str,
) -> None:
    respx_mock.put(PUT).respond(status, json=body)
    result = cli("validate", "+50762617737", "--otp", "123456", "--json")
    assert result.exit_code == exit_code
    assert hint_has in result.error["hint"]
