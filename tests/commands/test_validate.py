"""`otpcli validate PHONE --otp CODE`: the documented request, the code as sent, from stdin."""

from __future__ import annotations

import json

import respx

from tests.conftest import VERIFIK


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


def test_a_validation_code_with_a_leading_zero_keeps_it(cli, respx_mock, logged_in) -> None:
    route = respx_mock.put(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "validated", "_id": "v"}}
    )
    assert cli("validate", "+50762617737", "--otp", "012345").exit_code == 0
    assert b'"otp":"012345"' in route.calls[0].request.content


def test_otp_dash_reads_the_code_from_stdin(cli, respx_mock, logged_in) -> None:
    route = respx_mock.put(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "validated", "_id": "1"}}
    )
    result = cli("validate", "+50762617737", "--otp", "-", stdin="654321\n")
    assert result.exit_code == 0, result.stderr
    assert b'"otp":654321' in route.calls[0].request.content
