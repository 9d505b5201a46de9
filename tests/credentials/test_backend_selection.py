"""Which backend otpcli calls: keyring's choice, with its SecretService replaced by ours."""

from __future__ import annotations

import subprocess
import sys
from unittest.mock import NonCallableMock

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyring.backends.SecretService import Keyring as KeyringSecretService

from otpcli.credentials import KeyringStore, keyring_store
from otpcli.credentials.keyring_store import Chain, effective_backend
from otpcli.credentials.secret_service import SecretServiceBackend
from tests.conftest import MemoryKeyring
from tests.credentials.fake_secret_service import FakeSecretService


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Secret Service backend of ours yet, as in a process that has not used one."""
    monkeypatch.setattr(keyring_store, "_ours", None)


def chainer_of(*backends: object) -> chainer.ChainerBackend:
    """A ChainerBackend as keyring builds it (its backends come from the machine otherwise)."""
    chain = NonCallableMock(spec=chainer.ChainerBackend)
    chain.backends = list(backends)
    return chain  # type: ignore[no-any-return]


def test_keyrings_secret_service_is_replaced_by_ours_one_per_process() -> None:
    chosen = KeyringSecretService()
    ours = effective_backend(chosen)
    assert isinstance(ours, SecretServiceBackend)
    assert effective_backend(KeyringSecretService()) is ours


def test_ours_takes_the_scheme_and_preferred_collection_keyring_was_given() -> None:
    chosen = KeyringSecretService()
    chosen.scheme = "KeePassXC"
    chosen.preferred_collection = "/org/freedesktop/secrets/collection/work"
    ours = effective_backend(chosen)
    assert isinstance(ours, SecretServiceBackend)
    assert (ours.scheme, ours.preferred_collection) == (chosen.scheme, chosen.preferred_collection)
    assert ours._attributes("otpcli", "u") == {"UserName": "u", "Title": "otpcli"}


def test_in_a_chainer_ours_takes_the_secret_service_place_and_the_rest_stays() -> None:
    first, last = MemoryKeyring(), MemoryKeyring()
    chosen = chainer_of(first, KeyringSecretService(), last)
    used = effective_backend(chosen)
    assert isinstance(used, Chain)
    assert used.backends[0] is first and used.backends[2] is last
    assert isinstance(used.backends[1], SecretServiceBackend)


@pytest.mark.parametrize(
    "chosen",
    [MemoryKeyring(), fail.Keyring(), null.Keyring(), chainer_of(MemoryKeyring())],
    ids=["memory", "fail", "null", "chainer-without-secret-service"],
)
def test_every_other_backend_is_used_as_keyring_chose_it(chosen: object) -> None:
    assert effective_backend(chosen) is chosen  # type: ignore[arg-type]


def test_a_chain_follows_keyrings_chainer_rules() -> None:
    class ReadOnly(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise NotImplementedError

    read_only, writable = ReadOnly(), MemoryKeyring()
    read_only.entries[("otpcli", "a")] = "from-first"
    chain = Chain([read_only, writable])
    assert chain.get_password("otpcli", "a") == "from-first"
    chain.set_password("otpcli", "b", "x")
    assert writable.entries == {("otpcli", "b"): "x"}
    assert chain.get_password("otpcli", "missing") is None


def test_the_cli_store_talks_through_ours_when_keyring_chose_secret_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = FakeSecretService()
    monkeypatch.setattr(keyring_store, "_ours", SecretServiceBackend(connect=service.connect))
    keyring.set_keyring(KeyringSecretService())  # tests/conftest.py puts its own one back
    store = KeyringStore(timeout=5)
    store.check("p", "verifik")
    store.set("p", "verifik", "tok")  # a write, then a read-back
    assert store.get("p", "verifik") == "tok"
    assert store.delete("p", "verifik") is True
    [connection] = service.connections
    assert connection.asked[:2] == ["NameHasOwner", "ReadAlias(default)"]
    assert isinstance(store.backend, SecretServiceBackend)


def test_importing_the_package_imports_no_keyring_library() -> None:
    code = (
        "import sys, otpcli.credentials as c; c.Vault, c.KeyringStore;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('keyring', 'secretstorage', 'jeepney')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
