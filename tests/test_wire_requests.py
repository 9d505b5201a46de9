"""Each command puts exactly the documented request on the wire."""

from __future__ import annotations

import json

import respx

from tests.conftest import ATENEA, TOKEN, TRUST, VERIFIK

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


def test_confirm_sends_otp_as_a_string(cli, respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{VERIFIK}/v2/projects/phone-login/confirm").respond(
        200, json={"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
    )
    assert cli("confirm", "62617737", "-c", "507", "--otp", "123456").exit_code == 0
    body = json.loads(route.calls[0].request.content)
    assert body == {"countryCode": "+507", "phone": 62617737, "otp": "123456"}


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


def test_validate_puts_otp_as_a_json_number(cli, respx_mock: respx.MockRouter, logged_in) -> None:
    route = respx_mock.put(f"{VERIFIK}/v2/phone-validations").respond(
        200, json={"data": {"_id": "x", "status": "validated"}}
    )
    result = cli("validate", "+50762617737", "--otp", "123456", "--gateway", "none")
    assert result.exit_code == 0, result.stderr
    body = json.loads(route.calls[0].request.content)
    assert body == {
        "phone": "62617737",
        "countryCode": "+507",
        "otp": 123456,
        "phoneGateway": "none",
    }
    assert isinstance(body["otp"], int)


def test_trust_send_posts_multipart_with_whole_phone_and_rut(
    cli, respx_mock: respx.MockRouter, monkeypatch
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(f"{TRUST}/verification/api/v2/verification/create").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "abc-1"}}
    )
    result = cli("trust-send", "+56 9 1234 5678", "--nin", "12.345.678-5", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "abc-1"
    request = route.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert request.headers["Authorization"] == "Bearer trust-token-123456"
    content = request.content.decode()
    assert 'name="phone"\r\n\r\n+56912345678\r\n' in content
    assert 'name="nin"\r\n\r\n12345678-5\r\n' in content


def test_trust_login_exchanges_client_credentials_at_atenea(
    cli, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.post(f"{ATENEA}/oauth/token/").respond(
        200,
        json={
            "access_token": "atk-0123456789",
            "token_type": "Bearer",
            "expires_in": 7200,
            "created_at": 1_900_000_000,
        },
    )
    result = cli("trust-login", "--client-id", "cid", "--secret-stdin", stdin="s3cr3t-value\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls[0].request.content) == {
        "client_id": "cid",
        "client_secret": "s3cr3t-value",
        "grant_type": "client_credentials",
    }


def test_env_urls_override_the_real_providers(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", "http://127.0.0.1:9/base/")
    route = respx_mock.post("http://127.0.0.1:9/base/v2/projects/phone-login").respond(
        200, json=SENT
    )
    assert cli("login", "+50762617737").exit_code == 0
    assert route.called


def test_default_urls_are_the_real_providers(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.delenv("OTPCLI_VERIFIK_URL")
    route = respx_mock.post("https://api.verifik.co/v2/projects/phone-login").respond(
        200, json=SENT
    )
    assert cli("login", "+50762617737").exit_code == 0
    assert route.called


def test_login_without_a_terminal_only_sends(cli, respx_mock) -> None:
    respx_mock.post(f"{VERIFIK}/v2/projects/phone-login").respond(200, json=SENT)
    confirm = respx_mock.post(f"{VERIFIK}/v2/projects/phone-login/confirm")
    result = cli("login", "+50762617737")
    assert result.exit_code == 0
    assert not confirm.called
    assert "otpcli confirm +50762617737" in result.stderr
