"""An error's advice fits the command that met it."""

from __future__ import annotations

from typing import Any

import respx

from tests.conftest import VERIFIK

COOLDOWN = {"code": "otp_recently_sent", "message": "409:otp_recently_sent"}
NOT_FOUND = {"code": "phone_validation_not_found", "message": "404:phone_validation_not_found"}


def test_login_during_the_cooldown_does_not_suggest_send_force(
    cli: Any, respx_mock: respx.MockRouter
) -> None:
    respx_mock.post(f"{VERIFIK}/v2/projects/phone-login").respond(409, json=COOLDOWN)
    result = cli("login", "+50762617737", "--json")
    assert result.exit_code == 9
    assert "--force" not in result.error["hint"]
    assert "2 minutes" in result.error["hint"]


def test_send_during_the_cooldown_still_offers_force(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None
) -> None:
    respx_mock.post(f"{VERIFIK}/v2/phone-validations").respond(409, json=COOLDOWN)
    result = cli("send", "+50762617737", "--json")
    assert "--force" in result.error["hint"]


def test_confirm_without_a_pending_code_points_to_login(
    cli: Any, respx_mock: respx.MockRouter
) -> None:
    respx_mock.post(f"{VERIFIK}/v2/projects/phone-login/confirm").respond(404, json=NOT_FOUND)
    result = cli("confirm", "+50762617737", "--otp", "123456", "--json")
    assert result.exit_code == 5
    assert "otpcli login" in result.error["hint"] and "otpcli send" not in result.error["hint"]


def test_validate_without_a_pending_code_points_to_send(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    respx_mock.put(f"{VERIFIK}/v2/phone-validations").respond(404, json=NOT_FOUND)
    result = cli("validate", "+50762617737", "--otp", "123456", "--json")
    assert result.exit_code == 5
    assert "otpcli send" in result.error["hint"] and "otpcli login" not in result.error["hint"]
