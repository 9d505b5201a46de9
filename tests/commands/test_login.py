"""`otpcli login PHONE`: the documented request, and without a terminal only the send."""

from __future__ import annotations

import json

import keyring
import respx
from keyring.backends import fail

from tests.conftest import VERIFIK

SENT = {"data": {"_id": "674de8df", "status": "sent", "otp": "$2a$10$hash", "phoneGateway": "sms"}}


def test_login_posts_country_code_phone_and_type(cli, respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{VERIFIK}/v2/projects/phone-login").respond(200, json=SENT)
    result = cli("login", "+507 6261-7737")
    assert result.exit_code == 0
    assert json.loads(route.calls[0].request.content) == {
        "countryCode": "+507",
        "phone": 62617737,
        "type": "login",
    }


def test_login_without_a_terminal_only_sends(cli, respx_mock) -> None:
    respx_mock.post(f"{VERIFIK}/v2/projects/phone-login").respond(200, json=SENT)
    confirm = respx_mock.post(f"{VERIFIK}/v2/projects/phone-login/confirm")
    result = cli("login", "+50762617737")
    assert result.exit_code == 0
    assert not confirm.called
    assert "otpcli confirm +50762617737" in result.stderr


def test_login_without_a_terminal_checks_the_store_before_sending(cli, respx_mock) -> None:
    keyring.set_keyring(fail.Keyring())
    route = respx_mock.post(f"{VERIFIK}/v2/projects/phone-login").respond(200, json=SENT)
    result = cli("login", "+50762617737", "--no-input")
    assert result.exit_code == 3
    assert not route.called  # no code spent that `confirm` could not keep
    assert "--insecure-storage" in result.stderr
    assert cli("login", "+50762617737", "--no-input", "--dry-run").exit_code == 0
    assert cli("login", "+50762617737", "--no-input", "--insecure-storage").exit_code == 0
    assert route.call_count == 1
