"""What reaches stderr with --json, and what reaches a terminal from a provider: scripts can
parse every stderr line, and provider text cannot drive the terminal."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import respx

from tests.conftest import TRUST, VERIFIK

SEND = ("send", "+56912345678")  # possible, but not valid for libphonenumber: a warning
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b0m\u202e"


def stderr_objects(stderr: str) -> list[dict[str, Any]]:
    """Every stderr line as JSON; a line that is not JSON fails the test."""
    return [json.loads(line) for line in stderr.splitlines()]


def test_with_json_every_stderr_line_is_an_object_warnings_included(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None
) -> None:
    respx_mock.post(f"{VERIFIK}/v2/phone-validations").respond(
        409, json={"code": "otp_recently_sent", "message": "409:otp_recently_sent"}
    )
    result = cli(*SEND, "--json")
    objects = stderr_objects(result.stderr)
    assert result.exit_code == 9
    assert [next(iter(o)) for o in objects] == ["warning", "error"]
    assert objects[0]["warning"]["code"] == "phone_not_valid"
    assert "+56912345678" in objects[0]["warning"]["message"]


def test_with_json_the_file_store_warning_is_an_object_too(
    cli: Any, respx_mock: respx.MockRouter, project: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTPCLI_CREDENTIAL_STORE", "file")
    respx_mock.post(f"{VERIFIK}/v2/projects/phone-login/confirm").respond(
        200, json={"data": {"accessToken": "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"}}
    )
    result = cli("confirm", "+50762617737", "--otp", "123456", "--json")
    assert result.exit_code == 0, result.stderr
    objects = stderr_objects(result.stderr)
    assert objects and all("warning" in o for o in objects)


def test_with_json_and_debug_the_traces_are_objects(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None
) -> None:
    respx_mock.post(f"{VERIFIK}/v2/phone-validations").respond(
        200, json={"data": {"_id": "v1", "status": "sent"}}
    )
    result = cli("send", "+50762617737", "--json", "--debug")
    assert result.exit_code == 0
    kinds = [next(iter(o)) for o in stderr_objects(result.stderr)]
    assert set(kinds) == {"trace"} and len(kinds) == 2


def test_escape_sequences_in_a_provider_message_are_shown_not_obeyed(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None
) -> None:
    respx_mock.post(f"{VERIFIK}/v2/phone-validations").respond(
        400, json={"code": "BadRequest", "message": f"bad {ESCAPES} request"}
    )
    result = cli("send", "+50762617737")
    assert result.exit_code == 7
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;pwned\\x07" in result.stderr
    assert "\u202e" not in result.stderr


def trust_answer(respx_mock: respx.MockRouter, value: str) -> None:
    respx_mock.post(f"{TRUST}/verification/api/v2/verification/create").respond(
        200, json={"status": True, "message": value, "obj": {"id": f"id-{value}"}}
    )


@pytest.mark.parametrize("mode", [(), ("-q",)], ids=["table", "quiet"])
def test_escape_sequences_in_provider_values_are_escaped_in_tables_and_bare_values(
    cli: Any, respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, mode: tuple[str, ...]
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-0123")
    trust_answer(respx_mock, ESCAPES)
    result = cli("trust-send", "+56912345678", "--nin", "12.345.678-5", *mode)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert "\\x1b[2J" in result.stdout


def test_json_keeps_the_exact_value_escaped_as_json(
    cli: Any, respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-0123")
    trust_answer(respx_mock, ESCAPES)
    result = cli("trust-send", "+56912345678", "--nin", "12.345.678-5", "--json")
    assert "\x1b" not in result.stdout  # JSON escapes it...
    assert json.loads(result.stdout)["message"] == ESCAPES  # ...and it reads back exactly


def test_times_in_tables_are_local_with_offset_and_how_far_and_json_keeps_iso(
    cli: Any,
    respx_mock: respx.MockRouter,
    logged_in: Any,
    project: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "<-05>5")  # five hours behind UTC, all year
    time.tzset()
    expires = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 600))
    respx_mock.post(f"{VERIFIK}/v2/phone-validations").respond(
        200, json={"data": {"_id": "v1", "status": "sent", "expiresAt": expires}}
    )
    try:
        table = cli("send", "+50762617737")
        as_json = cli("send", "+50762617737", "--json")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    local = time.strftime("%Y-%m-%d %H:%M", time.gmtime(time.time() + 600 - 5 * 3600))
    assert f"{local}" in table.stdout
    assert "-05:00 (in 10 min)" in table.stdout or "-05:00 (in 9 min)" in table.stdout
    assert json.loads(as_json.stdout)["data"]["expiresAt"] == expires
