"""`otpcli trust-send PHONE --nin RUT [--channel sms|whatsapp]`: the documented multipart
request, --skip-nin-check, and the WhatsApp call whose answer's shape is unpublished.

How RUTs are read is in tests/inputs/test_parse.py.
"""

from __future__ import annotations

import pytest
import respx

from tests.bulk.helpers import records, write
from tests.conftest import TRUST


@pytest.mark.parametrize(
    ("channel", "call", "phone_field"),
    [([], "create", "phone"), (["--channel", "whatsapp"], "whatsapp", "number")],
)
def test_trust_send_posts_multipart_with_whole_phone_and_rut(
    cli, respx_mock: respx.MockRouter, monkeypatch, channel, call, phone_field
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(f"{TRUST}/verification/api/v2/verification/{call}").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "abc-1"}}
    )
    result = cli("trust-send", "+56 9 1234 5678", "--nin", "12.345.678-5", *channel, "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "abc-1"
    request = route.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert request.headers["Authorization"] == "Bearer trust-token-123456"
    content = request.content.decode()
    assert f'name="{phone_field}"\r\n\r\n+56912345678\r\n' in content
    assert 'name="nin"\r\n\r\n12345678-5\r\n' in content
    assert content.count('name="') == 2  # those two fields, nothing else


def test_skip_nin_check_sends_a_placeholder_rut(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(url__regex=r".*/verification/create").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "1"}}
    )
    result = cli("trust-send", "+56912345678", "--nin", "20123354-1", "--skip-nin-check")
    assert result.exit_code == 0, result.stderr
    assert b"20123354-1" in route.calls[0].request.content


# ------------------------------------------------------------------ --channel whatsapp

WHATSAPP = f"{TRUST}/verification/api/v2/verification/whatsapp"
CREATE = f"{TRUST}/verification/api/v2/verification/create"
SEND = ("trust-send", "+56912345678", "--nin", "12.345.678-5")


@pytest.fixture
def trust_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")


def test_sms_is_the_default_channel(cli, respx_mock, trust_token) -> None:
    create = respx_mock.post(CREATE).respond(200, json={"status": True, "obj": {"id": "s-1"}})
    assert cli(*SEND, "-q").stdout == "s-1\n"
    assert cli(*SEND, "--channel", "sms", "-q").stdout == "s-1\n"
    assert create.call_count == 2


def test_an_unknown_channel_is_a_usage_error(cli, no_network) -> None:
    result = cli(*SEND, "--channel", "pigeon")
    assert result.exit_code == 2
    assert not no_network.calls


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ({"status": True, "obj": {"id": "w-obj"}, "id": "w-top"}, "w-obj"),
        ({"status": True, "id": "w-top", "data": {"id": "w-data"}}, "w-top"),
        ({"_id": "w-underscore"}, "w-underscore"),
        ({"uuid": "w-uuid"}, "w-uuid"),
        ({"verification_id": "w-snake"}, "w-snake"),
        ({"verificationId": "w-camel"}, "w-camel"),
        ({"status": True, "data": {"verificationId": "w-data"}}, "w-data"),
        ({"data": {"_id": 12345}}, "12345"),
    ],
)
def test_whatsapp_ids_are_found_where_they_may_stand(cli, respx_mock, trust_token, body, found):
    respx_mock.post(WHATSAPP).respond(200, json=body)
    result = cli(*SEND, "--channel", "whatsapp", "-q")
    assert (result.exit_code, result.stdout) == (0, f"{found}\n"), result.stderr


def test_whatsapp_without_an_id_warns_with_the_fields_names_only(
    cli, respx_mock, trust_token
) -> None:
    body = {"status": True, "message": "enviado-9ab1", "data": {"ref": "ref-value-77"}}
    respx_mock.post(WHATSAPP).respond(200, json=body)
    quiet = cli(*SEND, "--channel", "whatsapp", "-q")
    assert (quiet.exit_code, quiet.stdout) == (0, "")
    assert "fields: status, message, data, data.ref" in quiet.stderr
    assert "enviado-9ab1" not in quiet.stderr and "ref-value-77" not in quiet.stderr
    as_json = cli(*SEND, "--channel", "whatsapp", "--json")
    assert as_json.exit_code == 0
    assert as_json.json() == body
    assert '"code": "no_verification_id"' in as_json.stderr


def test_whatsapp_status_false_is_a_refusal(cli, respx_mock, trust_token) -> None:
    respx_mock.post(WHATSAPP).respond(200, json={"status": False, "message": "Sin WhatsApp"})
    result = cli(*SEND, "--channel", "whatsapp")
    assert result.exit_code == 7
    assert "Trust: Sin WhatsApp" in result.stderr


def test_create_without_obj_id_stays_an_error(cli, respx_mock, trust_token) -> None:
    # create's documented answer always has obj.id: an id elsewhere is not taken for it.
    respx_mock.post(CREATE).respond(200, json={"status": True, "id": "top-level"})
    result = cli(*SEND, "-q")
    assert (result.exit_code, result.stdout) == (7, "")


def test_the_table_names_the_channel(cli, respx_mock, trust_token) -> None:
    respx_mock.post(WHATSAPP).respond(200, json={"status": True, "obj": {"id": "w-1"}})
    result = cli(*SEND, "--channel", "whatsapp")
    assert result.exit_code == 0
    assert "Trust code sent" in result.stdout
    assert any(line.split() == ["Channel", "whatsapp"] for line in result.stdout.splitlines())


def test_a_file_is_sent_by_whatsapp_too(cli, respx_mock, trust_token, tmp_path) -> None:
    route = respx_mock.post(WHATSAPP).respond(200, json={"status": True, "obj": {"id": "w"}})
    source = write(tmp_path, "phone,nin\n+56912345678,12.345.678-5\n+56912345679,12345678-5\n")
    result = cli("trust-send", "--from", source, "--channel", "whatsapp")
    assert result.exit_code == 0, result.stderr
    assert [r["ok"] for r in records(result.stdout)] == [True, True]
    assert route.call_count == 2
    assert all(b'name="number"' in call.request.content for call in route.calls)


def test_a_channel_column_is_refused_by_name(cli, no_network, trust_token, tmp_path) -> None:
    source = write(tmp_path, "phone,nin,channel\n+56912345678,12.345.678-5,whatsapp\n")
    result = cli("trust-send", "--from", source, "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.error["code"] == "unknown_column"
    assert "'channel'" in result.error["message"]
    assert not no_network.calls


@pytest.mark.parametrize("nin", ["", "  "])
def test_an_empty_nin_option_is_said_of_the_option_not_of_a_row(
    cli, no_network, trust_token, nin
) -> None:
    result = cli("trust-send", "+56912345678", "--nin", nin)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --nin is empty — give the person's RUT, e.g. --nin")
    assert "row" not in result.stderr
    assert not no_network.calls


@pytest.mark.parametrize("nin", ["", "  "])
def test_an_empty_nin_option_is_said_the_same_way_with_from(
    cli, no_network, trust_token, tmp_path, nin
) -> None:
    source = write(tmp_path, "phone,nin\n+56912345678,12.345.678-5\n")
    result = cli("trust-send", "--from", source, "--nin", nin)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: --nin is empty — give the person's RUT, e.g. --nin")
    assert not no_network.calls


def test_a_missing_nin_option_says_how_to_give_one(cli, no_network, trust_token) -> None:
    result = cli("trust-send", "+56912345678")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: missing --nin (the person's RUT) — give the person's")
