"""`otpcli auth logout` without a keyring: the file store forgotten, or nothing to forget.

The other auth tests are in tests/commands/test_auth_credentials.py.
"""

from __future__ import annotations

import keyring
import respx
from keyring.backends import fail

from tests.conftest import TOKEN


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
