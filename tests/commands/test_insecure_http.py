"""Plain http to a host other than this machine warns that tokens would travel in clear;
allow_insecure_http makes it a quiet choice. The sandbox on loopback never warns."""

from __future__ import annotations

from typing import Any

import pytest
import respx

SENT = {"data": {"_id": "v1", "status": "sent"}}
PLAIN = "http://verifik.example.com"


def test_setting_a_plain_http_url_to_another_host_warns(cli: Any) -> None:
    result = cli("config", "set", "verifik_url", PLAIN)
    assert result.exit_code == 0
    assert "unencrypted" in result.stderr


def test_allow_insecure_http_quiets_the_warning(cli: Any) -> None:
    assert cli("config", "set", "allow_insecure_http", "yes").exit_code == 0
    result = cli("config", "set", "verifik_url", PLAIN)
    assert (result.exit_code, "unencrypted" in result.stderr) == (0, False)
    assert cli("config", "get", "allow_insecure_http").stdout == "true\n"


@pytest.mark.parametrize(
    ("url", "allowed", "warned"),
    [
        (PLAIN, None, True),
        (PLAIN, "true", False),
        ("http://127.0.0.1:8787", None, False),
        ("https://verifik.example.com", None, False),
    ],
)
def test_a_command_sending_a_token_in_clear_warns_once(
    cli: Any,
    respx_mock: respx.MockRouter,
    logged_in: Any,
    project: None,
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    allowed: str | None,
    warned: bool,
) -> None:
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", url)
    if allowed:
        monkeypatch.setenv("OTPCLI_ALLOW_INSECURE_HTTP", allowed)
    respx_mock.post(f"{url}/v2/phone-validations").respond(200, json=SENT)
    result = cli("send", "+50762617737")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("unencrypted") == (1 if warned else 0)


def test_a_bad_allow_insecure_http_value_is_a_usage_error(cli: Any) -> None:
    result = cli("config", "set", "allow_insecure_http", "maybe")
    assert result.exit_code == 2
    assert "true or false" in result.stderr
