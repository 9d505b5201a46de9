"""`otpcli auth logout`: the entry forgotten from every store that may hold it, and a store
it cannot check said so, never taken for empty (exit 3).

The other auth tests are in tests/commands/test_auth_credentials.py.
"""

from __future__ import annotations

import keyring
import respx
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked

from tests.conftest import TOKEN

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}


class LockedKeyring(KeyringBackend):
    """A keyring that is there but locked: every call fails."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked")


def test_logout_without_a_keyring_forgets_the_file_store_and_says_what_it_could_not_check(
    cli, respx_mock: respx.MockRouter
):
    keyring.set_keyring(fail.Keyring())
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage")
    result = cli("auth", "logout")
    assert result.exit_code == 3, result.stderr
    assert "verifik: forgot file; could not check the OS keyring" in result.stdout
    assert "could not check the OS keyring" in result.stderr
    assert cli("auth", "status", "--json").json()["providers"][0]["source"] == "none"


def test_logout_with_no_keyring_never_says_nothing_stored(cli) -> None:
    keyring.set_keyring(fail.Keyring())
    result = cli("auth", "logout", "--json")
    assert result.exit_code == 3
    assert result.json()["notChecked"] == {"verifik": ["keyring"], "trust": ["keyring"]}
    assert result.error["code"] == "keyring_unavailable"
    assert "nothing stored" not in cli("auth", "logout").stdout


def test_logout_forgets_the_keyring_entry_after_the_profile_moved_to_the_file_store(
    cli, respx_mock, isolated
) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456")
    cli("config", "set", "credential_store", "file")
    result = cli("auth", "logout")
    assert result.exit_code == 0, result.stderr
    assert "verifik: forgot keyring" in result.stdout
    assert isolated.entries == {}


def test_logout_without_metadata_and_a_locked_keyring_is_exit_3_naming_the_keyring(
    cli, respx_mock, isolated, tmp_path
) -> None:
    respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    cli("confirm", "+50762617737", "--otp", "123456")
    (tmp_path / "data" / "state.json").unlink()
    keyring.set_keyring(LockedKeyring())
    result = cli("auth", "logout")
    assert result.exit_code == 3
    assert "nothing stored" not in result.stdout
    assert "verifik: could not check the OS keyring" in result.stdout
    assert "could not check the OS keyring" in result.stderr
    assert "KeyringLocked" in result.stderr
    keyring.set_keyring(isolated)  # unlocked: now it goes
    assert cli("auth", "logout").exit_code == 0
    assert isolated.entries == {}
