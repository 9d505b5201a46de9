"""The OS keyring, every call bounded: an absent or hung keyring fails fast with the three
ways out, before a code is spent."""

from __future__ import annotations

import time

import keyring
import pytest
from keyring.backends import fail, null

from tests.conftest import TOKEN, MemoryKeyring

CONFIRM = r".*/phone-login/confirm"
ACCEPTED = {"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
SENT = {"data": {"_id": "v1", "status": "sent"}}


class SleepingKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(30)
        return None


def test_no_keyring_fails_with_the_three_remedies_before_spending_the_code(cli, respx_mock):
    keyring.set_keyring(fail.Keyring())
    route = respx_mock.post(url__regex=CONFIRM).respond(200, json=ACCEPTED)
    result = cli("confirm", "+50762617737", "--otp", "123456")
    assert result.exit_code == 3
    assert not route.called
    for remedy in ("VERIFIK_TOKEN", "unlock a keyring", "--insecure-storage"):
        assert remedy in result.stderr


def test_a_hung_keyring_is_cut_off_by_the_timeout(cli, respx_mock, monkeypatch) -> None:
    keyring.set_keyring(SleepingKeyring())
    monkeypatch.setenv("OTPCLI_KEYRING_TIMEOUT", "0.3")
    started = time.monotonic()
    result = cli("send", "+50762617737", "--project", "p", "--project-flow", "f")
    assert time.monotonic() - started < 2
    assert result.exit_code == 3
    assert "did not answer within 0.3 s" in result.stderr


class NoBackendKeyring(MemoryKeyring):
    """A backend that says, in keyring's English, that there is no backend after all."""

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import NoKeyringError

        raise NoKeyringError("No recommended backend was available. Install a recommended one")


@pytest.mark.parametrize(
    "chosen", [fail.Keyring(), null.Keyring(), NoBackendKeyring()], ids=["fail", "null", "raises"]
)
@pytest.mark.parametrize("command", [("send", "+50762617737"), ("auth", "status")])
def test_no_keyring_backend_is_told_in_otpcli_s_words_by_every_command(
    cli, no_network, project, chosen, command
) -> None:
    """doctor and confirm said "no keyring backend is available"; send and auth status said
    keyring's own English ("No recommended backend was available")."""
    keyring.set_keyring(chosen)
    result = cli(*command)
    assert result.exit_code == 3
    assert "no usable OS keyring (no keyring backend is available)" in (result.stderr)
    assert "No recommended backend" not in result.everything
