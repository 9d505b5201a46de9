"""A stand-in for gnome-keyring on a stand-in bus: jeepney messages in, jeepney replies out.

secretstorage and jeepney run for real on top of it, so the backend under test sends exactly
the messages it would send to D-Bus. It answers what the backend's calls need, no more, and
records what each connection asked. tests/keyring_real does the same against gnome-keyring.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

jeepney = pytest.importorskip("jeepney")
pytest.importorskip("secretstorage")

from jeepney import HeaderFields, new_error, new_method_return  # noqa: E402

LOGIN = "/org/freedesktop/secrets/collection/login"
SESSION = "/org/freedesktop/secrets/collection/session"
DEFAULT = "/org/freedesktop/secrets/aliases/default"
PLAIN_SESSION = "/org/freedesktop/secrets/session/s1"


class FakeConnection:
    def __init__(self, service: FakeSecretService) -> None:
        self.service = service
        self.asked: list[str] = []  # method names, with the alias or property asked
        self.sent: list[tuple[str, str]] = []  # (object path, as in asked)
        self.closed = False

    def send_and_get_reply(self, message: Any, timeout: float | None = None) -> Any:
        assert not self.closed, "a message on a closed connection"
        return self.service.answer(self, message)

    def close(self) -> None:
        self.closed = True


class FakeSecretService:
    """``aliases``: what successive ReadAlias calls answer (LOGIN once they run out).
    ``fail``: method names that answer the D-Bus error ``error`` once each (by default
    NoReply, which secretstorage takes for "the service is gone").
    """

    def __init__(
        self,
        aliases: Iterable[str] = (),
        *,
        running: bool = True,
        locked: bool = False,
        fail: Iterable[str] = (),
        error: str = "org.freedesktop.DBus.Error.NoReply",
        delay: float = 0.0,
    ) -> None:
        self.aliases: Iterator[str] = iter(())
        self.answer_aliases(aliases)
        self.running = running
        self.locked = locked
        self.fail = list(fail)
        self.error = error
        self.delay = delay
        self.connections: list[FakeConnection] = []
        self.items: dict[str, tuple[dict[str, str], str, bytes]] = {}  # attributes, label, secret
        self._serial = itertools.count(1)
        self._busy = 0
        self.most_at_once = 0
        self._count_lock = threading.Lock()

    def answer_aliases(self, answers: Iterable[str]) -> None:
        """What the next ReadAlias calls answer, then LOGIN."""
        self.aliases = itertools.chain(answers, itertools.repeat(LOGIN))

    def connect(self) -> FakeConnection:
        connection = FakeConnection(self)
        self.connections.append(connection)
        return connection

    def store(self, attributes: dict[str, str], secret: str, label: str = "stored") -> str:
        path = f"{LOGIN}/{next(self._serial)}"
        self.items[path] = (dict(attributes), label, secret.encode())
        return path

    def answer(self, connection: FakeConnection, message: Any) -> Any:
        with self._count_lock:
            self._busy += 1
            self.most_at_once = max(self.most_at_once, self._busy)
        try:
            time.sleep(self.delay)
            return self._answer(connection, message)
        finally:
            with self._count_lock:
                self._busy -= 1

    def _answer(self, connection: FakeConnection, message: Any) -> Any:
        fields = message.header.fields
        member, path, body = fields[HeaderFields.member], fields[HeaderFields.path], message.body
        shown = f"{member}({body[-1]})" if member in ("ReadAlias", "Get") else member
        connection.asked.append(shown)
        connection.sent.append((path, connection.asked[-1]))
        if member in self.fail:
            self.fail.remove(member)
            return new_error(message, self.error, "s", ("gone",))
        if member == "NameHasOwner":
            return new_method_return(message, "b", (self.running,))
        if member == "ReadAlias":
            return new_method_return(message, "o", (next(self.aliases),))
        if member == "Get":
            return new_method_return(message, "v", (self._property(path, body[1]),))
        if member == "OpenSession":
            if body[0] != "plain":
                return new_error(message, "org.freedesktop.DBus.Error.NotSupported")
            return new_method_return(message, "vo", (("s", ""), PLAIN_SESSION))
        if member == "Unlock":
            return new_method_return(message, "aoo", ([], "/"))
        if member == "SearchItems":
            found = [
                p for p, (attrs, _, _) in self.items.items() if body[0].items() <= attrs.items()
            ]
            return new_method_return(message, "ao", (found,))
        if member == "CreateItem":
            return new_method_return(message, "oo", (self._create(*body), "/"))
        if member == "GetSecret":
            secret = (PLAIN_SESSION, b"", self.items[path][2], "text/plain")
            return new_method_return(message, "(oayays)", (secret,))
        if member == "Delete":
            del self.items[path]
            return new_method_return(message, "o", ("/",))
        raise AssertionError(f"the fake does not answer {member}")

    def _property(self, path: str, name: str) -> tuple[str, Any]:
        if path in (LOGIN, SESSION, DEFAULT):
            return {"Label": ("s", "Login"), "Locked": ("b", self.locked)}[name]
        attributes, label, _ = self.items[path]
        return {"Label": ("s", label), "Locked": ("b", False), "Attributes": ("a{ss}", attributes)}[
            name
        ]

    def _create(self, properties: dict[str, Any], secret: Any, replace: bool) -> str:
        label = properties["org.freedesktop.Secret.Item.Label"][1]
        attributes = properties["org.freedesktop.Secret.Item.Attributes"][1]
        same = [p for p, (attrs, _, _) in self.items.items() if attrs == attributes]
        path = same[0] if replace and same else f"{LOGIN}/{next(self._serial)}"
        self.items[path] = (dict(attributes), label, bytes(secret[2]))
        return path
