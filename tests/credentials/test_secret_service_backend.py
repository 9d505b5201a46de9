"""otpcli's Secret Service backend on a stand-in bus: one connection, ReadAlias first.

tests/keyring_real proves the same against gnome-keyring, and that python-keyring's own
backend and this one read each other's entries.
"""

from __future__ import annotations

import threading
import time

import pytest
from keyring.errors import KeyringLocked, PasswordDeleteError

from tests.credentials.fake_secret_service import DEFAULT, SESSION, FakeSecretService

secretstorage = pytest.importorskip("secretstorage")

from otpcli.credentials.secret_service import (  # noqa: E402
    APPLICATION,
    SecretServiceBackend,
    wait_until_registered,
)

NEVER = ["/"] * 100_000  # aliases that never resolve
KEYRING_ATTRIBUTES = {
    "username": "default:verifik",
    "service": "otpcli",
    "application": APPLICATION,
}


def backend_on(service: FakeSecretService, settle: float = 1.0) -> SecretServiceBackend:
    return SecretServiceBackend(connect=service.connect, settle=settle)


def test_set_get_delete_round_trip() -> None:
    service = FakeSecretService()
    backend = backend_on(service)
    assert backend.get_password("otpcli", "default:verifik") is None
    backend.set_password("otpcli", "default:verifik", "tok-ü")
    assert backend.get_password("otpcli", "default:verifik") == "tok-ü"
    backend.delete_password("otpcli", "default:verifik")
    assert backend.get_password("otpcli", "default:verifik") is None
    with pytest.raises(PasswordDeleteError):
        backend.delete_password("otpcli", "default:verifik")


def test_items_carry_the_attributes_and_label_python_keyring_gives_them() -> None:
    from keyring.backends.SecretService import Keyring as KeyringSecretService

    service = FakeSecretService()
    backend_on(service).set_password("otpcli", "default:verifik", "tok")
    [(attributes, label, _)] = service.items.values()
    assert attributes == KEYRING_ATTRIBUTES
    # What keyring 25's backend stores (its _query and appid), so an item it wrote is replaced.
    theirs = KeyringSecretService()
    assert attributes == theirs._query("otpcli", "default:verifik", application=theirs.appid)
    assert label == "Password for 'default:verifik' on 'otpcli'"


def test_an_entry_python_keyring_stored_is_read_and_replaced_not_duplicated() -> None:
    service = FakeSecretService()
    service.store(KEYRING_ATTRIBUTES, "old-token")
    backend = backend_on(service)
    assert backend.get_password("otpcli", "default:verifik") == "old-token"
    backend.set_password("otpcli", "default:verifik", "new-token")
    assert [secret for _, _, secret in service.items.values()] == [b"new-token"]


def test_every_call_goes_through_one_connection_that_starts_with_read_alias() -> None:
    service = FakeSecretService()
    backend = backend_on(service)
    backend.get_password("otpcli", "a")
    backend.set_password("otpcli", "a", "x")
    backend.delete_password("otpcli", "a")
    [connection] = service.connections
    assert connection.asked[:3] == ["NameHasOwner", "ReadAlias(default)", "Get(Label)"]
    assert connection.asked.count("NameHasOwner") == 1  # waited on once


def test_the_default_collection_is_found_with_read_alias_never_by_its_alias_path() -> None:
    service = FakeSecretService()
    backend = backend_on(service)
    backend.set_password("otpcli", "a", "x")
    backend.get_password("otpcli", "a")
    backend.delete_password("otpcli", "a")
    sent = service.connections[0].sent
    assert not [path for path, _ in sent if path.startswith("/org/freedesktop/secrets/aliases/")]
    assert [asked for _, asked in sent].count("ReadAlias(default)") == 4  # the wait, each call
    assert ("/org/freedesktop/secrets/collection/login", "SearchItems") in sent


def test_without_a_default_alias_the_default_collection_is_asked_for_as_keyring_does() -> None:
    service = FakeSecretService(["/", "/org/freedesktop/secrets/collection/session", "/"])
    backend_on(service).get_password("otpcli", "a")
    assert (DEFAULT, "Get(Label)") in service.connections[0].sent


def test_an_unregistered_client_asks_again_until_an_alias_resolves() -> None:
    service = FakeSecretService(["/", "/", "/", "/"])
    backend_on(service).get_password("otpcli", "a")
    waited = ["ReadAlias(default)", "ReadAlias(session)"] * 2 + ["ReadAlias(default)"]
    assert service.connections[0].asked[:7] == ["NameHasOwner", *waited, "Get(Label)"]


def test_the_session_collection_proves_registration_without_a_default_alias() -> None:
    connection = FakeSecretService(["/", SESSION]).connect()
    assert wait_until_registered(connection) == "registered"
    assert connection.asked == [
        "NameHasOwner",
        "ReadAlias(default)",
        "ReadAlias(session)",
        "Get(Label)",
    ]


def test_a_service_that_is_not_running_is_never_started_by_the_wait() -> None:
    connection = FakeSecretService(running=False).connect()
    assert wait_until_registered(connection) == "not running"
    assert connection.asked == ["NameHasOwner"]


def test_a_service_whose_aliases_never_resolve_costs_the_wait_once_per_process() -> None:
    service = FakeSecretService(NEVER, fail=["SearchItems"])
    backend = backend_on(service, settle=0.05)
    started = time.monotonic()
    with pytest.raises(secretstorage.exceptions.SecretServiceNotAvailableException):
        backend.get_password("otpcli", "a")  # waited, gave up, went on; then failed
    assert time.monotonic() - started >= 0.05
    assert backend.get_password("otpcli", "a") is None  # a new connection, no wait
    first, second = service.connections
    assert first.closed and first.asked.count("ReadAlias(session)") > 1
    assert "NameHasOwner" not in second.asked and "ReadAlias(session)" not in second.asked


def test_a_slow_registration_after_a_good_one_keeps_the_wait_on() -> None:
    service = FakeSecretService(fail=["SearchItems"])
    backend = backend_on(service, settle=0.05)
    with pytest.raises(secretstorage.exceptions.SecretServiceNotAvailableException):
        backend.get_password("otpcli", "a")  # registered, then the connection broke
    service.answer_aliases(NEVER)  # under load: the next connection does not resolve in time
    assert backend.get_password("otpcli", "a") is None
    service.answer_aliases([])
    backend.close()
    assert backend.get_password("otpcli", "a") is None
    assert ["NameHasOwner" in c.asked for c in service.connections] == [True, True, True]


def test_a_service_that_answers_read_alias_with_an_error_is_not_waited_for() -> None:
    service = FakeSecretService(fail=["ReadAlias"], error="org.freedesktop.DBus.Error.AccessDenied")
    connection = service.connect()
    started = time.monotonic()
    assert wait_until_registered(connection, settle=5) == "gave up"
    assert time.monotonic() - started < 1


def test_concurrent_calls_share_the_connection_one_message_at_a_time() -> None:
    service = FakeSecretService(delay=0.002)
    backend = backend_on(service)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            backend.set_password("otpcli", f"user-{n}", f"secret-{n}")
            assert backend.get_password("otpcli", f"user-{n}") == f"secret-{n}"
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert len(service.connections) == 1
    assert service.most_at_once == 1
    assert service.connections[0].asked.count("NameHasOwner") == 1


def test_a_locked_collection_that_stays_locked_is_an_error_and_drops_the_connection() -> None:
    service = FakeSecretService(locked=True)
    backend = backend_on(service)
    with pytest.raises(KeyringLocked):
        backend.get_password("otpcli", "a")
    assert "Unlock" in service.connections[0].asked
    assert service.connections[0].closed


def test_a_preferred_collection_is_used_instead_of_the_default_alias() -> None:
    service = FakeSecretService()
    backend = backend_on(service)
    backend.preferred_collection = SESSION
    backend.get_password("otpcli", "a")
    assert (SESSION, "Get(Locked)") in service.connections[0].sent


def test_keyring_never_chooses_it_by_itself() -> None:
    assert SecretServiceBackend.viable is False


def test_a_connection_that_fails_during_the_wait_is_closed() -> None:
    service = FakeSecretService(fail=["NameHasOwner"])
    backend = backend_on(service)
    with pytest.raises(Exception, match=r"NoReply"):
        backend.get_password("otpcli", "a")
    assert service.connections[0].closed
