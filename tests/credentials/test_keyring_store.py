"""The OS keyring, every call bounded: an absent or hung keyring fails fast with the three
ways out, before a code is spent."""

from __future__ import annotations

import time

import keyring
from keyring.backends import fail

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
