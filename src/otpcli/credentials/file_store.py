"""The opt-in plain-text credential store (`--insecure-storage`, `credential_store = file`)."""

from __future__ import annotations

import json
from collections.abc import Callable

from otpcli import paths
from otpcli.errors import AuthError
from otpcli.i18n import N_, _

# Every command that meets a damaged store says this (confirm, auth status, logout...):
# the error is raised here, once, and shown with its own hint wherever it surfaces.
DAMAGED = N_("the credential store {path} is not what otpcli writes")
DAMAGED_HINT = N_(
    "move it aside (otpcli does not overwrite it; it may hold other profiles' entries)"
    " and log in again"
)


class FileStore:
    """Opt-in plain-text store: one 0600 JSON file in a 0700 directory, written atomically."""

    name = "file"

    def __init__(self, warn: Callable[[str], None]) -> None:
        self.path = paths.credentials_file()
        self._warn = warn
        self._warned = False

    def _notice(self) -> None:
        if not self._warned:
            self._warned = True
            self._warn(
                _(
                    "using the plain-text credential store {path} (mode 0600), not the OS keyring"
                ).format(path=self.path)
            )

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise AuthError(
                _("cannot read the credential store {path}: {reason}").format(
                    path=self.path, reason=exc.strerror
                )
            ) from None
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        shaped = isinstance(data, dict) and all(
            isinstance(entries, dict) and all(isinstance(v, str) for v in entries.values())
            for entries in data.values()
        )
        if not shaped:
            raise AuthError(_(DAMAGED).format(path=self.path), hint=_(DAMAGED_HINT))
        return data  # type: ignore[no-any-return]

    def check(self, profile: str, provider: str) -> None:
        """Readable, and its directory writable: found out before a code is spent."""
        from otpcli.files import locked

        self._load()
        try:
            with locked(self.path):
                pass
        except OSError as exc:
            raise AuthError(
                _("cannot write the credential store in {directory}: {reason}").format(
                    directory=self.path.parent, reason=exc.strerror or type(exc).__name__
                ),
                hint=_("check OTPCLI_DATA_DIR, or use the OS keyring"),
            ) from None

    def holds(self, profile: str) -> bool:
        """Whether the profile keeps any entry here."""
        return bool(self._load().get(profile))

    def has(self, profile: str, provider: str) -> bool:
        return provider in self._load().get(profile, {})

    def get(self, profile: str, provider: str) -> str | None:
        value = self._load().get(profile, {}).get(provider)
        if value is not None:
            self._notice()
        return value

    def set(self, profile: str, provider: str, secret: str) -> None:
        from otpcli.files import atomic_write, locked

        self._notice()
        with locked(self.path):
            data = self._load()
            data.setdefault(profile, {})[provider] = secret
            atomic_write(self.path, json.dumps(data, indent=2) + "\n", mode=0o600)

    def delete(self, profile: str, provider: str) -> bool:
        from otpcli.files import atomic_write, locked

        with locked(self.path):
            data = self._load()
            if provider not in data.get(profile, {}):
                return False
            del data[profile][provider]
            if not data[profile]:
                del data[profile]
            atomic_write(self.path, json.dumps(data, indent=2) + "\n", mode=0o600)
        return True
