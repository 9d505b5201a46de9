"""The global options (--json, -q, --debug, --dry-run, --no-input, --profile, --timeout):
the same before and after the command name, and --json even when parsing fails.

--dry-run has its own file, test_dry_run.py.
"""

from __future__ import annotations

from tests.conftest import VERIFIK

SENT = {"data": {"_id": "674de8df", "status": "sent", "otp": "$2a$10$hash", "phoneGateway": "sms"}}


def test_output_options_work_after_the_command_name(cli, respx_mock) -> None:
    respx_mock.post(f"{VERIFIK}/v2/projects/phone-login").respond(200, json=SENT)
    after = cli("login", "+50762617737", "--json")
    before = cli("--json", "login", "+50762617737")
    assert after.json() == before.json()
    assert after.json()["data"]["status"] == "sent"


def test_json_errors_are_json_even_when_parsing_fails(cli) -> None:
    for args in (("--json", "bogus"), ("--json", "--timeout", "0", "send", "x")):
        result = cli(*args)
        assert result.exit_code == 2
        assert result.error["code"] == "usage_error"
        assert not result.stderr.startswith("error:")


def test_a_global_flag_right_after_a_value_option_is_its_value(cli, logged_in) -> None:
    result = cli("validate", "+50762617737", "--otp", "-q")
    assert result.exit_code == 2
    assert "invalid OTP" in result.stderr
