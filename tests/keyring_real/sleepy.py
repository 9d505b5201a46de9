"""A keyring backend that never answers, as a hung D-Bus call would not."""

from __future__ import annotations

import time

from keyring.backend import KeyringBackend


class SleepingKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(60)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        time.sleep(60)

    def delete_password(self, service: str, username: str) -> None:
        time.sleep(60)
