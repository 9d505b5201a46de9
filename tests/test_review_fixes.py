"""Behaviours a first review found wrong, pinned so they stay right."""

from __future__ import annotations

import keyring
import respx
from keyring.backends import fail

from tests.conftest import TOKEN


def test_a_malformed_url_is_a_usage_error(cli, monkeypatch) -> None:
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", "http://[::1")
    result = cli("login", "+50762617737")
    assert result.exit_code == 2
    assert "OTPCLI_VERIFIK_URL" in result.stderr


def test_a_token_with_non_ascii_or_line_breaks_is_a_usage_error(cli, monkeypatch, project):
    for bad in ("tökén-123456", "abc\ndef-123456"):
        monkeypatch.setenv("VERIFIK_TOKEN", bad)
        result = cli("send", "+50762617737")
        assert result.exit_code == 2, bad
        assert "VERIFIK_TOKEN does not hold a usable token" in result.stderr


def test_logout_without_a_keyring_forgets_the_file_store(cli, respx_mock: respx.MockRouter):
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=r".*/confirm").respond(
        200, json={"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
    )
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    result = cli("auth", "logout")
    assert result.exit_code == 0, result.stderr
    assert "verifik: forgot file" in result.stdout
    assert cli("auth", "status", "--json").json()["providers"][0]["source"] == "none"


def test_logout_with_nothing_stored_and_no_keyring_is_fine(cli) -> None:
    keyring.set_keyring(fail.Keyring())
    result = cli("auth", "logout")
    assert result.exit_code == 0
    assert "nothing stored" in result.stdout
    assert "stays valid" not in result.stderr


def test_a_validation_code_with_a_leading_zero_keeps_it(cli, respx_mock, logged_in) -> None:
    route = respx_mock.put(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "validated", "_id": "v"}}
    )
    assert cli("validate", "+50762617737", "--otp", "012345").exit_code == 0
    assert b'"otp":"012345"' in route.calls[0].request.content


def test_absurd_expiry_claims_fall_back_to_30_days(cli, respx_mock) -> None:
    import base64
    import json

    for claim in ("1e20", "NaN", "1" + "0" * 400):
        payload = base64.urlsafe_b64encode(f'{{"exp": {claim}}}'.encode()).decode().rstrip("=")
        token = f"eyJhbGciOiJIUzI1NiJ9.{payload}.c2lnbmF0dXJl"
        respx_mock.post(url__regex=r".*/confirm").respond(
            200, json={"data": {"accessToken": token, "tokenType": "bearer"}}
        )
        confirmed = cli("confirm", "+50762617737", "--otp", "123456", "--json")
        assert confirmed.exit_code == 0, (claim, confirmed.stderr)
        status = cli("auth", "status", "--json")
        assert status.exit_code == 0
        assert 29 <= json.loads(status.stdout)["providers"][0]["daysLeft"] <= 30


def test_an_unwritable_data_directory_fails_before_the_code_is_spent(cli, respx_mock, monkeypatch):
    monkeypatch.setenv("OTPCLI_DATA_DIR", "/proc/otpcli-cannot-be-here")
    route = respx_mock.post(url__regex=r".*/confirm").respond(200)
    result = cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    assert result.exit_code == 3
    assert not route.called
    assert "cannot write the credential store" in result.stderr


def test_an_unwritable_config_directory_is_exit_2(cli, monkeypatch) -> None:
    monkeypatch.setenv("OTPCLI_CONFIG_DIR", "/proc/otpcli-cannot-be-here")
    result = cli("config", "set", "project", "p")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write")


def test_files_of_the_wrong_shape_are_errors_not_crashes(cli, tmp_path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "state.json").write_text('{"profiles": []}')
    assert cli("auth", "logout").exit_code == 0
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text('profiles = "x"\n')
    result = cli("config", "set", "project", "p")
    assert result.exit_code == 2
    assert (tmp_path / "config" / "config.toml").read_text() == 'profiles = "x"\n'
