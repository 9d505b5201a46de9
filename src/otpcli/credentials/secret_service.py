"""otpcli's keyring backend for the freedesktop Secret Service, safe with gnome-keyring.

gnome-keyring registers each D-Bus client lazily, on an idle queued by the first message it
receives from that client. A property read dispatched before the registration lands takes a
path that aborts the whole daemon (GNOME gnome-keyring #195, Debian #1147303); the daemon
that D-Bus then re-activates comes back locked, so the user loses every stored secret until
they unlock it by hand. Load makes the race likely, and python-keyring's SecretService
backend is its perfect trigger: it opens a new connection for every call, and the first
message on it is such a read (the default collection's ``Label``).

This backend opens one connection per process, on first use, and keeps it. Before anything
else goes to the service on it, it asks ``ReadAlias``: a method call, which answers "/"
instead of crashing while the client is unregistered. Once an alias resolves the
registration has landed, and the connection is safe for the rest of its life. Then it makes
the calls keyring's backend makes, on secretstorage's public API, except that it addresses
the default collection by its own path, never by the alias path (see ``_collection``). It
stores items with the same attributes and label as keyring's backend, so each finds (and
replaces) what the other stored, and ``secret-tool lookup service otpcli username
PROFILE:verifik`` finds both.

``otpcli.credentials.keyring_store`` puts it in the place of keyring's SecretService backend;
keyring never chooses it by itself (its priority says it is not viable).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from keyring.backend import KeyringBackend, SchemeSelectable
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError

from otpcli.i18n import _

if TYPE_CHECKING:
    from secretstorage.collection import Collection

BUS_NAME = "org.freedesktop.secrets"
# ReadAlias("session") resolves on every gnome-keyring (its in-memory collection), so a "/"
# for both aliases means "not registered yet"; on other implementations it may mean "no
# such alias", hence the bound.
SETTLE_SECONDS = 1.0
PROBE_ALIASES = ("default", "session")
# The `application` attribute python-keyring's SecretService backend gives every item (its
# `appid`). The Secret Service replaces an item only by one with the very same attributes.
APPLICATION = "Python keyring library"

Registration = Literal["registered", "not running", "gave up"]
T = TypeVar("T")


def wait_until_registered(connection: Any, settle: float = SETTLE_SECONDS) -> Registration:
    """Ask ``ReadAlias`` on ``connection`` until the Secret Service has registered it.

    "registered": an alias resolved, so property reads are safe from now on. "not running":
    nothing owns the bus name; nothing was asked of the service, so this never starts one
    through D-Bus activation. "gave up": no alias resolved within ``settle`` seconds, or the
    service answers ``ReadAlias`` with an error: an implementation that is not gnome-keyring,
    or one without those aliases.
    """
    from jeepney import DBusErrorResponse
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import Proxy
    from secretstorage import get_collection_by_alias
    from secretstorage.exceptions import ItemNotFoundException

    (owned,) = Proxy(message_bus, connection).NameHasOwner(BUS_NAME)
    if not owned:
        return "not running"
    deadline = time.monotonic() + settle
    pause = 0.005
    while True:
        for alias in PROBE_ALIASES:
            try:
                get_collection_by_alias(connection, alias)
            except ItemNotFoundException:  # "/": not registered yet (or no such alias)
                continue
            except DBusErrorResponse:
                return "gave up"
            return "registered"
        if time.monotonic() >= deadline:
            return "gave up"
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


class SecretServiceBackend(SchemeSelectable, KeyringBackend):
    """The Secret Service through one connection per process, opened by ``connect``
    (secretstorage's ``dbus_init`` unless a test passes another) and used under a lock:
    otpcli's keyring calls run on worker threads that a timeout may abandon mid-call."""

    preferred_collection: str | None = None  # a D-Bus path, as keyring's backend takes it

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("otpcli uses this backend in place of keyring's SecretService")

    def __init__(
        self, connect: Callable[[], Any] | None = None, settle: float = SETTLE_SECONDS
    ) -> None:
        # KEYRING_PROPERTY_* from the environment, as keyring's backend takes them.
        super().__init__()  # type: ignore[no-untyped-call]
        self._connect = connect
        self._settle = settle
        self._lock = threading.Lock()
        self._connection: Any = None
        self._resolved_once = False
        # Set when a wait ran out before any connection of this process was seen registered:
        # a service whose aliases never resolve would otherwise cost every reconnection the
        # wait. Once one has resolved, a wait that runs out means load, so it stays on.
        self._skip_wait = False

    @classmethod
    def like(cls, original: KeyringBackend) -> SecretServiceBackend:
        """One set up as keyring's backend ``original`` is (scheme, preferred collection)."""
        backend = cls()
        backend.scheme = getattr(original, "scheme", backend.scheme)
        backend.preferred_collection = getattr(original, "preferred_collection", None)
        return backend

    def _attributes(self, service: str, username: str) -> dict[str, str]:
        names = self.schemes[self.scheme]
        return {names["username"]: username, names["service"]: service}

    def _opened(self) -> Any:
        """This process's connection, waited on once when opened (the caller holds the lock)."""
        if self._connection is None:
            import secretstorage

            connection = (self._connect or secretstorage.dbus_init)()
            try:
                if not self._skip_wait:
                    outcome = wait_until_registered(connection, self._settle)
                    self._resolved_once = self._resolved_once or outcome == "registered"
                    self._skip_wait = outcome == "gave up" and not self._resolved_once
            except BaseException:
                connection.close()
                raise
            self._connection = connection
        return self._connection

    def _collection(self, connection: Any) -> Collection:
        """The preferred collection, else the one the default alias names, found with
        ``ReadAlias``: gnome-keyring rewrites a message sent to the alias path itself on its
        D-Bus thread, reading the alias while its main thread may be replacing it for a
        client that just connected, and then answers for a collection that does not exist."""
        import secretstorage
        from secretstorage.exceptions import ItemNotFoundException

        if self.preferred_collection:
            return secretstorage.Collection(connection, self.preferred_collection)
        try:
            return secretstorage.get_collection_by_alias(connection, "default")
        except ItemNotFoundException:  # none yet: created (with a prompt), as keyring does
            return secretstorage.get_default_collection(connection)

    def _in_collection(self, action: Callable[[Collection], T]) -> T:
        with self._lock:
            connection = self._opened()
            try:
                collection = self._collection(connection)
                if collection.is_locked():
                    collection.unlock()  # may prompt, as keyring's backend does
                    if collection.is_locked():
                        raise KeyringLocked(_("the collection is locked (unlock prompt dismissed)"))
                return action(collection)
            except BaseException:
                # A broken connection, or a daemon that restarted and does not know this
                # client: the next call opens a new connection and waits again.
                self._drop()
                raise

    def _drop(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()

    def close(self) -> None:
        """Close the connection; a later call opens a new one."""
        with self._lock:
            self._drop()

    def get_password(self, service: str, username: str) -> str | None:
        def read(collection: Collection) -> str | None:
            for item in collection.search_items(self._attributes(service, username)):
                if item.is_locked():
                    item.unlock()
                    if item.is_locked():
                        raise KeyringLocked(_("the item is locked (unlock prompt dismissed)"))
                return item.get_secret().decode("utf-8")
            return None

        return self._in_collection(read)

    def set_password(self, service: str, username: str, password: str) -> None:
        attributes = {**self._attributes(service, username), "application": APPLICATION}
        label = f"Password for '{username}' on '{service}'"
        secret = password.encode("utf-8")
        self._in_collection(lambda c: c.create_item(label, attributes, secret, replace=True))

    def delete_password(self, service: str, username: str) -> None:
        def delete(collection: Collection) -> bool:
            for item in collection.search_items(self._attributes(service, username)):
                item.delete()
                return True
            return False

        if not self._in_collection(delete):
            raise PasswordDeleteError("No such password!")
