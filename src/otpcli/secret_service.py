"""Secret Service connections that cannot crash gnome-keyring.

gnome-keyring registers each D-Bus client lazily, on an idle queued by the first message it
receives from that client. A property read dispatched before the registration lands takes a
path that aborts the whole daemon (GNOME gnome-keyring #195, Debian #1147303); the daemon
that D-Bus then re-activates comes back locked, so the user loses every stored secret until
they unlock it by hand. Load makes the race likely, and python-keyring's SecretService
backend is its perfect trigger: it opens a new connection for every call, and the first
message on it is such a read (the default collection's ``Label``).

So every connection keyring opens first asks ``ReadAlias``: a method call that answers "/"
instead of crashing while the client is unregistered. Once an alias resolves, the
registration has landed and the connection is safe for the rest of its life.
"""

from __future__ import annotations

import threading
import time
from typing import Any

BUS_NAME = "org.freedesktop.secrets"
# ReadAlias("session") resolves on every gnome-keyring (its in-memory collection), so a "/"
# for both aliases means "not registered yet"; on other implementations it may mean "no
# such alias", hence the bound.
SETTLE_SECONDS = 1.0
_PROBE_ALIASES = ("default", "session")

_install_lock = threading.Lock()
# Set when the wait ran out before any connection of this process was seen registered: a
# service whose aliases never resolve (not gnome-keyring, or one without a default
# collection) would otherwise cost every later connection the wait. Once one has resolved,
# a wait that runs out means load, when the guard matters most, so it stays on.
_gave_up = threading.Event()
_resolved_once = threading.Event()


def uses_secret_service(backend: object) -> bool:
    """Whether this keyring backend (or one in a chainer) talks to the Secret Service."""
    backends = [backend, *getattr(backend, "backends", ())]
    return any(type(b).__module__ == "keyring.backends.SecretService" for b in backends)


def guard_backend(backend: object) -> None:
    """Guard connections if ``backend`` uses the Secret Service. Never raises: it is a net."""
    if not uses_secret_service(backend):
        return
    try:
        guard_connections()
    except Exception:  # a broken secretstorage install must not break the keyring call
        return


def guard_connections() -> None:
    """Make ``secretstorage.dbus_init`` (what keyring's backend calls) return safe connections.

    Idempotent; a no-op where secretstorage is not installed (macOS, Windows).
    """
    try:
        import secretstorage
    except ImportError:
        return
    with _install_lock:
        if getattr(secretstorage.dbus_init, "otpcli_guarded", False):
            return
        original = secretstorage.dbus_init

        def dbus_init() -> Any:
            connection = original()
            if not _gave_up.is_set():
                try:
                    wait_until_registered(connection)
                except BaseException:
                    connection.close()
                    raise
            return connection

        dbus_init.otpcli_guarded = True  # type: ignore[attr-defined]
        dbus_init.__wrapped__ = original  # type: ignore[attr-defined]
        secretstorage.dbus_init = dbus_init


def wait_until_registered(connection: Any, settle: float = SETTLE_SECONDS) -> bool:
    """Return True once the Secret Service has registered this connection's client.

    Returns False when it could not tell (no service running, an implementation without
    ReadAlias, or ``settle`` seconds passed: then, unless an earlier connection did resolve,
    later connections of this process skip the wait); the caller proceeds as it would have.
    Never starts a Secret Service through D-Bus activation itself; if nothing owns the name,
    keyring's own first call may, and that daemon's first connections are not guarded.
    """
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import Proxy
    from jeepney.wrappers import DBusErrorResponse
    from secretstorage.defines import SS_PATH, SS_PREFIX
    from secretstorage.exceptions import SecretStorageException
    from secretstorage.util import DBusAddressWrapper

    try:
        (owned,) = Proxy(message_bus, connection).NameHasOwner(BUS_NAME)
        if not owned:
            return False
        service = DBusAddressWrapper(SS_PATH, SS_PREFIX + "Service", connection)
        deadline = time.monotonic() + settle
        pause = 0.005
        while True:
            for alias in _PROBE_ALIASES:
                (path,) = service.call("ReadAlias", "s", alias)
                if path != "/":
                    _resolved_once.set()
                    return True
            if time.monotonic() >= deadline:
                if not _resolved_once.is_set():
                    _gave_up.set()
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
    except (DBusErrorResponse, SecretStorageException):
        return False
