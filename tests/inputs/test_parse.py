"""What users type, read through the commands: phones and country codes as people write
them, RUTs in every common spelling, each sent in the one documented form.

The parsers themselves (otpcli.inputs) are fuzzed in test_parse_fuzz.py; a value that is
refused exits 2 and sends nothing (tests/cli/test_usage_errors.py).
"""

from __future__ import annotations

import pytest

# Phones ---------------------------------------------------------------------------------------


def test_country_code_without_plus_is_read_with_plus(cli, respx_mock, logged_in, project) -> None:
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "sent", "_id": "1"}}
    )
    assert cli("send", "(626) 17.737", "--country-code", "507").exit_code == 0
    assert b'"countryCode":"+507"' in route.calls[0].request.content


def test_possible_but_invalid_number_is_sent_with_a_warning(
    cli, respx_mock, logged_in, project
) -> None:
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "sent", "_id": "1"}}
    )
    result = cli("send", "+56912345678")
    assert result.exit_code == 0
    assert route.called
    assert "warning: +56912345678 is a possible but not a valid number" in result.stderr


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("+5071", "too short"),
        ("+5", "not a phone number"),
        ("+507123456789012345678", "too long"),
    ],
)
def test_unreadable_phone_is_refused_in_otpcli_s_own_marked_words(
    cli, no_network, logged_in, project, phone, reason
) -> None:
    """libphonenumber's own messages are English only ("The string supplied is too short
    to be a phone number."): each of its failures is told with a message of the catalog."""
    result = cli("send", phone)
    assert result.exit_code == 2
    assert result.stderr == f"error: invalid phone number {phone!r}: {reason}\n"
    assert not no_network.calls


# RUTs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["12.345.678-5", "12345678-5", "123456785", " 12345678-5 "])
def test_every_common_rut_spelling_is_sent_in_documented_form(
    cli, respx_mock, monkeypatch, spelling
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(url__regex=r".*/verification/create").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "1"}}
    )
    assert cli("trust-send", "+56912345678", "--nin", spelling).exit_code == 0
    assert b'name="nin"\r\n\r\n12345678-5\r\n' in route.calls[0].request.content


def test_rut_with_lowercase_k_is_accepted(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(url__regex=r".*/verification/create").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "1"}}
    )
    assert cli("trust-send", "+56912345678", "--nin", "10.000.013-k").exit_code == 0
    assert b"10000013-K" in route.calls[0].request.content


def test_wrong_rut_check_digit_names_the_right_one(cli, no_network) -> None:
    result = cli("trust-send", "+56912345678", "--nin", "12.345.678-4")
    assert "it should be 5" in result.stderr
