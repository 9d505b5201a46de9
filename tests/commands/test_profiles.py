"""Profiles: made by `config set` or by logging in to them; an unknown one is exit 2 with a
"did you mean"; a key otpcli does not know blocks the commands that read the settings, not
`config unset` of that key nor `auth logout`."""

from __future__ import annotations

import tomllib

from tests.conftest import TOKEN, write_config

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
LOGIN_SENT = {"data": {"_id": "674de8df", "status": "sent", "phoneGateway": "sms"}}
ATENEA_TOKEN = {"access_token": "atk-0123456789", "expires_in": 7200, "created_at": 1_900_000_000}


def _profiles(tmp_path) -> dict[str, object]:
    text = (tmp_path / "config" / "config.toml").read_text()
    return tomllib.loads(text)["profiles"]  # type: ignore[no-any-return]


def test_confirm_to_a_new_profile_creates_it(cli, respx_mock, tmp_path) -> None:
    respx_mock.post(url__regex=r".*/phone-login$").respond(200, json=LOGIN_SENT)
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    assert cli("login", "+50762617737", "--profile", "qa", "--dry-run").exit_code == 0
    assert cli("login", "+50762617737", "--profile", "qa").exit_code == 0
    assert not (tmp_path / "config" / "config.toml").exists()  # nothing stored yet
    confirmed = cli("confirm", "+50762617737", "--otp", "123456", "--profile", "qa")
    assert confirmed.exit_code == 0, confirmed.stderr
    assert "profile 'qa' is new" in confirmed.stderr
    assert _profiles(tmp_path) == {"qa": {}}
    assert cli("auth", "status", "--profile", "qa").exit_code == 0
    assert cli("config", "list", "--profile", "qa").exit_code == 0


def test_trust_login_to_a_new_profile_creates_it(cli, respx_mock, tmp_path) -> None:
    respx_mock.post(url__regex=r".*/oauth/token/").respond(200, json=ATENEA_TOKEN)
    result = cli(
        "trust-login", "--client-id", "cid", "--secret-stdin", "-p", "cl", stdin="s3cr3t\n"
    )
    assert result.exit_code == 0, result.stderr
    assert _profiles(tmp_path) == {"cl": {}}
    status = cli("auth", "status", "--json", "--profile", "cl").json()
    assert status["providers"][1]["source"] == "keyring"


def test_a_failed_login_creates_no_profile(cli, respx_mock, tmp_path) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(
        400, json={"code": "BadRequest", "message": "Invalid OTP code."}
    )
    assert cli("confirm", "+50762617737", "--otp", "123456", "-p", "qa").exit_code == 4
    assert not (tmp_path / "config" / "config.toml").exists()


def test_unset_keeps_a_profile_made_by_logging_in(cli, respx_mock, tmp_path) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456", "--profile", "qa")
    cli("config", "set", "project", "p-1", "--profile", "qa")
    assert cli("config", "unset", "project", "--profile", "qa").exit_code == 0
    unset_again = cli("config", "unset", "project", "--profile", "qa")
    assert (unset_again.exit_code, unset_again.stderr) == (0, "project was not set in profile qa\n")
    assert _profiles(tmp_path) == {"qa": {}}


def test_other_commands_on_an_unknown_profile_suggest_a_close_one(cli) -> None:
    cli("config", "set", "project", "p-1", "--profile", "staging")
    for args in (
        ("config", "list"),
        ("config", "unset", "project"),
        ("auth", "status"),
        ("auth", "logout"),
        ("send", "+50762617737"),
    ):
        result = cli(*args, "--profile", "stagign", "--json")
        assert result.exit_code == 2, args
        assert result.error["message"] == "no profile named 'stagign'"
        assert result.error["hint"].startswith("did you mean 'staging'?"), args
    far = cli("config", "list", "--profile", "zzz")
    assert far.exit_code == 2
    assert "did you mean" not in far.stderr


def test_an_unknown_key_blocks_the_settings_but_not_unset_or_logout(cli, tmp_path) -> None:
    write_config(tmp_path, '[profiles.default]\nproject = "p-1"\ncolour = "blue"\n')
    listed = cli("config", "list")
    assert listed.exit_code == 2
    assert "otpcli config unset colour" in listed.stderr
    logout = cli("auth", "logout")
    assert logout.exit_code == 0, logout.stderr
    unset = cli("config", "unset", "colour")
    assert unset.exit_code == 0, unset.stderr
    assert _profiles(tmp_path) == {"default": {"project": "p-1"}}
    assert cli("config", "get", "project").stdout == "p-1\n"
