"""The opt-in file store as a user meets it: --insecure-storage, found again later, chosen by
config, and other entries kept."""

from __future__ import annotations

import json
import stat

import keyring
from keyring.backends import fail

from tests.conftest import TOKEN

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
SENT = {"data": {"_id": "v1", "status": "sent"}}


def test_insecure_storage_writes_a_0600_file_in_a_0700_dir_and_warns(
    cli, respx_mock, tmp_path
) -> None:
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    result = cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    assert result.exit_code == 0, result.stderr
    assert "plain-text credential store" in result.stderr
    store = tmp_path / "data" / "credentials.json"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
    assert json.loads(store.read_text())["default"]["verifik"] == TOKEN


def test_the_file_store_is_found_later_without_the_flag(cli, respx_mock, project) -> None:
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    result = cli("send", "+50762617737")
    assert result.exit_code == 0, result.stderr
    assert route.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "plain-text credential store" in result.stderr


def test_config_credential_store_file_selects_the_file_store(cli, respx_mock, tmp_path) -> None:
    assert cli("config", "set", "credential_store", "file").exit_code == 0
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    assert cli("confirm", "+50762617737", "--otp", "123456").exit_code == 0
    assert (tmp_path / "data" / "credentials.json").exists()


def test_the_file_store_keeps_other_entries_when_one_changes(cli, respx_mock, tmp_path) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("config", "set", "credential_store", "file", "--profile", "other")
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    cli("confirm", "+50762617737", "--otp", "123456", "--profile", "other")
    stored = json.loads((tmp_path / "data" / "credentials.json").read_text())
    assert set(stored) == {"default", "other"}


def test_the_file_store_warning_is_said_once_with_a_stable_code(cli, respx_mock) -> None:
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    result = cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage", "--json")
    assert result.exit_code == 0, result.stderr
    warnings = [json.loads(line)["warning"] for line in result.stderr.splitlines()]
    assert [w["code"] for w in warnings] == ["insecure_storage"]
    assert "plain-text credential store" in warnings[0]["message"]


def test_one_vault_per_run_even_when_it_turns_to_the_file_store(capsys, tmp_path) -> None:
    """A run that reads the stores and is then told to prefer the file keeps one FileStore,
    so the warning is not said a second time."""
    from otpcli.application import App
    from otpcli.cli.options import GlobalOptions
    from otpcli.credentials import FileStore

    FileStore(warn=lambda _: None).set("default", "verifik", TOKEN)
    app = App(GlobalOptions())
    assert app.vault().stored("verifik") is not None
    assert app.vault(prefer_file=True).stored("verifik") is not None
    assert app.vault() is app.vault(prefer_file=True)
    assert capsys.readouterr().err.count("plain-text credential store") == 1


def test_send_says_not_logged_in_when_the_file_store_holds_the_other_provider(
    cli, respx_mock
) -> None:
    """As `auth status` says: with Trust in the file store and no keyring, Verifik is not
    logged in, rather than the keyring being the problem."""
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=r".*/oauth/token/").respond(
        200, json={"access_token": "atk-0123456789", "expires_in": 7200, "created_at": 1}
    )
    login = cli(
        "trust-login",
        "--client-id",
        "cid",
        "--secret-stdin",
        "--insecure-storage",
        stdin="s3cr3t-value\n",
    )
    assert login.exit_code == 0, login.stderr
    result = cli("send", "+50762617737", "--project", "p", "--project-flow", "f")
    assert result.exit_code == 3
    assert "not logged in to Verifik" in result.stderr
    assert "keyring" not in result.stderr
