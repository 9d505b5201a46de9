"""The Secret Service guard: a new connection is registered before keyring reads a property.

A fake bus stands in for D-Bus here; tests/keyring_real proves it against gnome-keyring.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

import pytest

secretstorage = pytest.importorskip("secretstorage")
jeepney = pytest.importorskip("jeepney")

from jeepney import HeaderFields, new_method_return  # noqa: E402

from otpcli import secret_service  # noqa: E402
from otpcli.secret_service import guard_connections, wait_until_registered  # noqa: E402

LOGIN = "/org/freedesktop/secrets/collection/login"
SESSION = "/org/freedesktop/secrets/collection/session"


class FakeBus:
    """Answers NameHasOwner and ReadAlias the way gnome-keyring does; records what was asked."""

    def __init__(self, aliases: Iterable[str], owned: bool = True) -> None:
        self.aliases = iter(aliases)
        self.owned = owned
        self.asked: list[str] = []
        self.closed = False

    def send_and_get_reply(self, message: Any, timeout: float | None = None) -> Any:
        member = message.header.fields[HeaderFields.member]
        if member == "ReadAlias":
            member += f"({message.body[0]})"
        self.asked.append(member)
        if member == "NameHasOwner":
            return new_method_return(message, "b", (self.owned,))
        return new_method_return(message, "o", (next(self.aliases),))

    def close(self) -> None:
        self.closed = True


def test_a_registered_client_costs_one_read_alias() -> None:
    bus = FakeBus([LOGIN])
    assert wait_until_registered(bus) is True
    assert bus.asked == ["NameHasOwner", "ReadAlias(default)"]


def test_an_unregistered_client_is_asked_again_until_an_alias_resolves() -> None:
    bus = FakeBus(["/", "/", "/", "/", LOGIN])
    assert wait_until_registered(bus) is True
    assert bus.asked.count("ReadAlias(default)") == 3


def test_the_session_collection_proves_registration_without_a_default_alias() -> None:
    bus = FakeBus(["/", SESSION])
    assert wait_until_registered(bus) is True
    assert bus.asked == ["NameHasOwner", "ReadAlias(default)", "ReadAlias(session)"]


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard's per-process memory, as in a process that has not connected yet."""
    monkeypatch.setattr(secret_service, "_gave_up", threading.Event())
    monkeypatch.setattr(secret_service, "_resolved_once", threading.Event())


def _guarded_connection(monkeypatch: pytest.MonkeyPatch, bus: FakeBus) -> FakeBus:
    monkeypatch.setattr(secretstorage, "dbus_init", lambda: bus)
    guard_connections()
    connection: FakeBus = secretstorage.dbus_init()
    return connection


def test_a_service_whose_aliases_never_resolve_costs_the_wait_once_per_process(
    fresh_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert wait_until_registered(FakeBus(["/"] * 10_000), settle=0.05) is False
    assert _guarded_connection(monkeypatch, FakeBus([])).asked == []


def test_a_slow_registration_after_a_good_one_keeps_the_guard_on(
    fresh_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert wait_until_registered(FakeBus([LOGIN])) is True
    assert wait_until_registered(FakeBus(["/"] * 10_000), settle=0.05) is False  # load
    assert _guarded_connection(monkeypatch, FakeBus([LOGIN])).asked[-1] == "ReadAlias(default)"


def test_a_service_that_is_not_running_is_never_started_by_the_guard() -> None:
    bus = FakeBus([], owned=False)
    assert wait_until_registered(bus) is False
    assert bus.asked == ["NameHasOwner"]


def test_keyring_connections_come_back_registered(
    fresh_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    bus = FakeBus(["/", "/", LOGIN])
    monkeypatch.setattr(secretstorage, "dbus_init", lambda: bus)
    guard_connections()
    guard_connections()  # idempotent: one handshake, not two
    assert secretstorage.dbus_init() is bus
    assert bus.asked == [
        "NameHasOwner",
        "ReadAlias(default)",
        "ReadAlias(session)",
        "ReadAlias(default)",
    ]


def test_only_a_secret_service_backend_gets_the_guard() -> None:
    from types import SimpleNamespace

    from keyring.backends.SecretService import Keyring as SecretServiceKeyring

    from tests.conftest import MemoryKeyring

    assert secret_service.uses_secret_service(SecretServiceKeyring())
    assert not secret_service.uses_secret_service(MemoryKeyring())
    chainer = SimpleNamespace(backends=[MemoryKeyring(), SecretServiceKeyring()])  # as keyring's
    assert secret_service.uses_secret_service(chainer)


def test_every_keyring_call_of_the_cli_passes_through_the_guard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from otpcli.credentials import KeyringStore

    seen: list[object] = []
    monkeypatch.setattr(secret_service, "guard_backend", seen.append)
    store = KeyringStore(timeout=5)
    store.set("p", "verifik", "tok")  # a write, then a read-back
    store.get("p", "verifik")
    store.delete("p", "verifik")
    assert len(seen) == 4
    assert all(type(b).__name__ == "MemoryKeyring" for b in seen)
