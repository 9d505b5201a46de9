"""`otpcli send PHONE`: the documented request, the project it needs, the token it sends."""

from __future__ import annotations

import json

import respx

from tests.conftest import TOKEN, VERIFIK

SENT = {"data": {"_id": "674de8df", "status": "sent", "otp": "$2a$10$hash", "phoneGateway": "sms"}}


def test_send_posts_the_documented_fields_with_bearer(
    cli, respx_mock: respx.MockRouter, logged_in, project
) -> None:
    route = respx_mock.post(f"{VERIFIK}/v2/phone-validations").respond(200, json=SENT)
    result = cli("send", "+50762617737", "--gateway", "whatsapp")
    assert result.exit_code == 0, result.stderr
    request = route.calls[0].request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "project": "proj-1",
        "projectFlow": "flow-1",
        "countryCode": "+507",
        "phone": "62617737",
        "validationMethod": "verificationCode",
        "type": "login",
        "phoneGateway": "whatsapp",
    }


def test_send_without_project_is_a_usage_error(cli, no_network, logged_in) -> None:
    result = cli("send", "+50762617737")
    assert result.exit_code == 2
    assert "--project and --project-flow" in result.stderr


def test_a_missing_project_and_flow_are_asked_for_in_the_plural_with_both_settings(
    cli, no_network, logged_in
) -> None:
    both = cli("send", "+50762617737")
    assert "missing --project and --project-flow — pass them, set them once" in both.stderr
    assert "`otpcli config set project_flow ID`" in both.stderr


def test_a_missing_flow_alone_names_its_own_setting(
    cli, no_network, logged_in, monkeypatch
) -> None:
    monkeypatch.setenv("OTPCLI_PROJECT", "proj-1")
    flow = cli("send", "+50762617737")
    assert flow.exit_code == 2
    assert "missing --project-flow — pass it, set it once" in flow.stderr
    assert "(`otpcli config set project_flow ID`)" in flow.stderr


def test_a_token_with_non_ascii_or_line_breaks_is_a_usage_error(cli, monkeypatch, project):
    for bad in ("tökén-123456", "abc\ndef-123456"):
        monkeypatch.setenv("VERIFIK_TOKEN", bad)
        result = cli("send", "+50762617737")
        assert result.exit_code == 2, bad
        assert "VERIFIK_TOKEN does not hold a usable token" in result.stderr
