"""python-keyring's own SecretService backend, made safe for these tests to call.

It opens a new connection for every call, and its first message on it reads a property: the
trigger of gnome-keyring's abort (see otpcli/credentials/secret_service.py). This subclass
changes only how that connection is opened: it waits for registration first, as otpcli's
backend does. What is searched, stored and labelled stays keyring's, which is what the
compatibility tests compare otpcli's backend with.
"""

from __future__ import annotations

from typing import Any

import secretstorage
from keyring.backends.SecretService import Keyring
from keyring.compat import properties
from keyring.errors import KeyringLocked

from otpcli.credentials.secret_service import wait_until_registered


class KeyringsOwnSecretService(Keyring):
    @properties.classproperty
    def priority(cls) -> float:
        # Not viable, so keyring's own backend detection in this process never sees it.
        raise RuntimeError("for the real-keyring tests only")

    def get_preferred_collection(self) -> Any:
        connection = secretstorage.dbus_init()
        wait_until_registered(connection)
        collection = secretstorage.get_default_collection(connection)
        if collection.is_locked():
            connection.close()
            raise KeyringLocked("the harness's collection is locked")
        return collection
