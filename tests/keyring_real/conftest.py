"""Fixtures for tests that need a real OS keyring (the freedesktop Secret Service).

These tests run only inside the throwaway keyring harness:

    dbus-run-session -- scripts/with-keyring pytest -m keyring_real tests/keyring_real

(``scripts/test`` does that when ``dbus-run-session`` and ``gnome-keyring-daemon`` exist).
``scripts/with-keyring`` starts an unlocked gnome-keyring in a temp HOME on a private bus and
exports ``OTPCLI_KEYRING_HARNESS=1``. Outside it, the whole group is skipped with a visible
reason, so a plain ``pytest`` on a desktop never writes to the developer's real keyring.
Inside it, an unreachable Secret Service is an error, not a skip.

Every test collected from this folder gets the ``keyring_real`` marker automatically.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager, suppress
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from otpcli.credentials.secret_service import SecretServiceBackend, wait_until_registered
from tests.keyring_real.keyrings_own import KeyringsOwnSecretService

HERE = Path(__file__).resolve().parent

# The harness's environment, captured when this conftest is imported: before any fixture
# (e.g. an autouse one in tests/conftest.py) can monkeypatch HOME, XDG_* or the keyring backend.
_HARNESS_ENV: dict[str, str] = dict(os.environ)

# Variables that must not leak into a subprocess that is meant to use the real keyring: a
# forced keyring backend, and the developer's own otpcli settings/tokens from their shell.
_DROP_FROM_SUBPROCESS_ENV = ("PYTHON_KEYRING_BACKEND",)
_DROP_PREFIXES_FROM_SUBPROCESS_ENV = ("OTPCLI_", "VERIFIK_", "TRUST_")
_KEEP_IN_SUBPROCESS_ENV = ("OTPCLI_KEYRING_HARNESS",)

SECRET_SERVICE_BUS_NAME = "org.freedesktop.secrets"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``keyring_real`` (before ``-m`` selection runs)."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.keyring_real)


def _probe_secret_service() -> str | None:
    """Return ``None`` if a running, unlocked Secret Service is reachable, else why not.

    Never triggers D-Bus activation (which could start a keyring daemon on the real HOME).
    """
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "DBUS_SESSION_BUS_ADDRESS is not set (no D-Bus session bus)"
    try:
        import secretstorage
        from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
        from jeepney.io.blocking import Proxy  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - keyring depends on them on Linux
        return f"secretstorage/jeepney not importable: {exc}"
    try:
        with closing(secretstorage.dbus_init()) as conn:
            (owned,) = Proxy(message_bus, conn, timeout=5).NameHasOwner(SECRET_SERVICE_BUS_NAME)
            if not owned:
                return f"no Secret Service is running ({SECRET_SERVICE_BUS_NAME} has no owner)"
            wait_until_registered(conn)
            collection = secretstorage.get_collection_by_alias(conn, "default")
            if collection.is_locked():
                return "the Secret Service's default collection is locked"
    except secretstorage.exceptions.ItemNotFoundException:
        return "the Secret Service has no default collection"
    except Exception as exc:
        return f"cannot talk to the Secret Service: {type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def _secret_service_ready() -> None:
    if os.environ.get("OTPCLI_KEYRING_HARNESS") != "1":
        pytest.skip(
            "real-keyring tests run only inside the throwaway keyring: "
            "dbus-run-session -- scripts/with-keyring pytest -m keyring_real tests/keyring_real"
            " (scripts/test does this)"
        )
    problem = _probe_secret_service()
    if problem is not None:
        pytest.fail(f"inside scripts/with-keyring but the Secret Service is unusable: {problem}")


def _secret_service_owner() -> str | None:
    """The unique bus name owning org.freedesktop.secrets (asks the bus, not the keyring)."""
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import Proxy, open_dbus_connection

    with closing(open_dbus_connection(bus="SESSION")) as conn:
        (owned,) = Proxy(message_bus, conn, timeout=5).NameHasOwner(SECRET_SERVICE_BUS_NAME)
        if not owned:
            return None
        (owner,) = Proxy(message_bus, conn, timeout=5).GetNameOwner(SECRET_SERVICE_BUS_NAME)
        return str(owner)


@pytest.fixture(autouse=True)
def _require_secret_service(_secret_service_ready: None) -> Iterator[None]:
    """Skip (outside the harness) or fail (inside it) when there is no usable keyring.

    Also fails the test during which the keyring daemon died or was replaced: otherwise
    the next tests fail against a D-Bus-activated, locked stand-in, far from the cause.
    """
    before = _secret_service_owner()
    yield
    after = _secret_service_owner()
    assert after == before, (
        f"the Secret Service's owner changed during this test ({before} -> {after}): "
        "gnome-keyring-daemon died; see its log printed by scripts/with-keyring"
    )


@pytest.fixture
def real_keyring_env() -> dict[str, str]:
    """Environment for a subprocess (e.g. the installed ``otpcli``) to use the same keyring.

    A full copy of the harness environment as it was when this conftest was imported
    (``DBUS_SESSION_BUS_ADDRESS`` plus the temp ``HOME``/``XDG_*`` dirs that
    ``scripts/with-keyring`` set up), with:

    * ``PYTHON_KEYRING_BACKEND`` removed, so python-keyring auto-detects SecretService;
    * ``OTPCLI_*``/``VERIFIK_*``/``TRUST_*`` from the developer's shell removed (except
      ``OTPCLI_KEYRING_HARNESS``), so their settings and tokens don't leak into CLI runs;
    * the running interpreter's directory (the venv's ``bin``, where ``otpcli`` is
      installed) first on ``PATH``.

    Pass it as ``env=`` to ``subprocess.run``; overlay test-specific variables with
    ``{**real_keyring_env, "OTPCLI_CONFIG_DIR": str(tmp_path / "config")}``.
    """
    env = {
        k: v
        for k, v in _HARNESS_ENV.items()
        if k in _KEEP_IN_SUBPROCESS_ENV
        or not (k in _DROP_FROM_SUBPROCESS_ENV or k.startswith(_DROP_PREFIXES_FROM_SUBPROCESS_ENV))
    }
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", os.defpath)])
    return env


@pytest.fixture
def secret_tool() -> str:
    """Path of libsecret's ``secret-tool`` CLI (skips if it is not installed)."""
    path = shutil.which("secret-tool")
    if path is None:
        pytest.skip("secret-tool not found: apt-get install libsecret-tools")
    return path


@pytest.fixture
def secret_service_keyring() -> KeyringBackend:
    """python-keyring's own SecretService backend, independent of keyring's global one.

    Its connections wait for registration before their first property read (see
    ``keyrings_own.py``): these tests must not abort the daemon they test with. Typed as
    ``KeyringBackend`` because the SecretService class itself is unannotated.
    """
    backend: KeyringBackend = KeyringsOwnSecretService()  # type: ignore[no-untyped-call]
    return backend


@pytest.fixture
def otpcli_backend() -> Iterator[SecretServiceBackend]:
    """otpcli's own Secret Service backend, with a connection of its own (closed after)."""
    backend = SecretServiceBackend()
    yield backend
    backend.close()


@pytest.fixture
def keyring_username(secret_service_keyring: KeyringBackend) -> Iterator[str]:
    """A unique username; any ``otpcli`` keyring entry for it is deleted after the test."""
    from keyring.errors import PasswordDeleteError

    username = f"pytest-{uuid.uuid4().hex[:12]}"
    yield username
    with suppress(PasswordDeleteError):
        secret_service_keyring.delete_password("otpcli", username)


Calls = list[tuple[str, str]]


@contextmanager
def _watching_secret_service() -> Iterator[Calls]:
    """(sender, method) of every call sent to the Secret Service while inside, in order.

    A D-Bus monitor on the harness's private bus: it sees what processes send, whatever
    library they send it with. The sender is the connection's unique bus name.
    """
    from jeepney import HeaderFields, MessageType
    from jeepney.bus_messages import Monitoring
    from jeepney.io.blocking import open_dbus_connection

    calls: Calls = []
    monitor = open_dbus_connection(bus="SESSION")
    monitor.send_and_get_reply(Monitoring().BecomeMonitor(["type='method_call'"]), timeout=5)
    stop = threading.Event()

    def collect() -> None:
        while True:
            try:
                message = monitor.receive(timeout=0.2)
            except TimeoutError:
                if stop.is_set():  # and the bus has gone quiet: everything sent is here
                    return
                continue
            fields = message.header.fields
            if (
                message.header.message_type == MessageType.method_call
                and fields.get(HeaderFields.destination) == SECRET_SERVICE_BUS_NAME
            ):
                calls.append((fields[HeaderFields.sender], fields[HeaderFields.member]))

    thread = threading.Thread(target=collect, name="secret-service-monitor", daemon=True)
    thread.start()
    try:
        yield calls
    finally:
        stop.set()
        thread.join(10)
        monitor.close()


@pytest.fixture
def secret_service_calls() -> Callable[[], AbstractContextManager[Calls]]:
    """``with secret_service_calls() as calls:``: see ``_watching_secret_service``."""
    return _watching_secret_service
