"""`otpcli send PHONE --manual`: a code without a project or flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import respx

from tests.conftest import TOKEN, VERIFIK

URL = f"{VERIFIK}/v2/phone-validations/manual"
SENT = {"data": {"_id": "6b0c6df4066c562002275898", "status": "sent", "sent": True, "new": True}}


def test_manual_posts_the_documented_fields(cli: Any, respx_mock: respx.MockRouter, logged_in: Any):
    route = respx_mock.post(URL).respond(200, json=SENT)
    args = ("send", "+50762617737", "--manual", "--title", "Acme", "--language", "es")
    result = cli(*args, "--whatsapp-template", "flow2", "--gateway", "whatsapp", "--force", "-q")
    assert (result.exit_code, result.stdout) == (0, "6b0c6df4066c562002275898\n")
    request = route.calls[0].request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert json.loads(request.content) == {
        "phone": "62617737",
        "countryCode": "+507",
        "phoneGateway": "whatsapp",
        "title": "Acme",
        "language": "es",
        "whatsappTemplate": "flow2",
        "force": True,
    }


def test_manual_needs_no_project_and_defaults_to_sms(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    route = respx_mock.post(URL).respond(200, json=SENT)
    assert cli("send", "+50762617737", "--manual").exit_code == 0
    assert json.loads(route.calls[0].request.content)["phoneGateway"] == "sms"


def test_a_200_without_sent_true_is_exit_7(cli: Any, respx_mock: respx.MockRouter, logged_in: Any):
    respx_mock.post(URL).respond(200, json={"data": {"_id": "x", "status": "sent", "sent": False}})
    result = cli("send", "+50762617737", "--manual", "--json")
    assert result.exit_code == 7
    assert "not send" in result.error["message"]


@pytest.mark.parametrize("title", ["", "a title that is too long"])
def test_a_title_outside_1_to_15_characters_is_refused_before_sending(
    cli: Any, no_network: Any, logged_in: Any, title: str
) -> None:
    result = cli("send", "+50762617737", "--manual", "--title", title)
    assert result.exit_code == 2


def test_manual_only_options_without_manual_are_a_usage_error(cli: Any, logged_in: Any, project):
    assert cli("send", "+50762617737", "--title", "Acme").exit_code == 2


def test_send_without_a_project_says_manual_exists(cli: Any, no_network: Any, logged_in: Any):
    result = cli("send", "+50762617737")
    assert result.exit_code == 2
    assert "--manual" in result.stderr


def test_manual_sends_in_bulk(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, tmp_path: Path
) -> None:
    route = respx_mock.post(URL).respond(200, json=SENT)
    source = tmp_path / "phones.csv"
    source.write_text("phone,gateway\n+50762617737,whatsapp\n+50762617738,\n")
    result = cli("send", "--from", str(source), "--manual")
    assert result.exit_code == 0, result.stderr
    gateways = [json.loads(c.request.content)["phoneGateway"] for c in route.calls]
    assert sorted(gateways) == ["sms", "whatsapp"]
    assert [json.loads(line)["ok"] for line in result.stdout.splitlines()] == [True, True]
