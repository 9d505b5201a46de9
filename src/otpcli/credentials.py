"""Where tokens and client secrets live: environment, OS keyring (bounded), opt-in file.

Lookup order, first found wins: --token-stdin > environment > the profile's stored entry.
Only non-secret metadata (expiry, masked phone, which store) goes to the state file.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from otpcli import env, paths
from otpcli.errors import AuthError, ConfigError, UsageError

SERVICE = "otpcli"
DEFAULT_KEYRING_TIMEOUT = 3.0
T = TypeVar("T")

REMEDIES = (
    "set {var}, install or unlock a keyring (e.g. gnome-keyring), or opt in to a 0600"
    " file with --insecure-storage (or `otpcli config set credential_store file`)"
)


class KeyringUnavailable(AuthError):
    default_code = "keyring_unavailable"


def keyring_timeout() -> float:
    raw = os.environ.get(env.KEYRING_TIMEOUT)
    if raw is None:
        return DEFAULT_KEYRING_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{env.KEYRING_TIMEOUT}: {raw!r} is not a number of seconds") from None
    if not 0 < value <= 120:
        raise ConfigError(f"{env.KEYRING_TIMEOUT}: must be between 0 and 120 seconds")
    return value


def _username(profile: str, provider: str) -> str:
    return f"{profile}:{provider}"


class KeyringStore:
    """The OS keyring, every call bounded: a hung D-Bus or locked collection must not hang us."""

    name = "keyring"

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = keyring_timeout() if timeout is None else timeout

    def _bounded(self, what: str, provider: str, call: Callable[[], T]) -> T:
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                import keyring

                from otpcli.secret_service import guard_backend

                # Choosing the backend only asks the bus; the keyring calls come after this.
                guard_backend(keyring.get_keyring())
                outcome["value"] = call()
            except BaseException as exc:  # any backend failure means "unusable"
                outcome["error"] = exc

        worker = threading.Thread(target=run, name=f"keyring-{what}", daemon=True)
        worker.start()
        worker.join(self.timeout)
        var = env.TOKEN_VARIABLES.get(provider, env.VERIFIK_TOKEN)
        if worker.is_alive():
            raise KeyringUnavailable(
                f"the OS keyring did not answer within {self.timeout:g} s ({what})",
                hint=REMEDIES.format(var=var),
            )
        if "error" in outcome:
            exc = outcome["error"]
            # The first sentence says what is wrong; keyring's advice after it is not ours.
            detail = " ".join(str(exc).split()).split(". ")[0][:100]
            raise KeyringUnavailable(
                f"no usable OS keyring ({type(exc).__name__}" + (f": {detail})" if detail else ")"),
                hint=REMEDIES.format(var=var),
            )
        return outcome.get("value")  # type: ignore[return-value]

    def _backend_name(self) -> str:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def check(self, profile: str, provider: str) -> None:
        """Raise KeyringUnavailable unless a real backend answers a read for this entry."""

        def probe() -> None:
            import keyring

            backend = keyring.get_keyring()
            if type(backend).__module__ in ("keyring.backends.fail", "keyring.backends.null"):
                from keyring.errors import NoKeyringError

                raise NoKeyringError("no keyring backend is available")
            backend.get_password(SERVICE, _username(profile, provider))

        self._bounded("probe", provider, probe)

    def get(self, profile: str, provider: str) -> str | None:
        import keyring

        return self._bounded(
            "read", provider, lambda: keyring.get_password(SERVICE, _username(profile, provider))
        )

    def set(self, profile: str, provider: str, secret: str) -> None:
        import keyring

        user = _username(profile, provider)
        self._bounded("write", provider, lambda: keyring.set_password(SERVICE, user, secret))
        if self.get(profile, provider) != secret:
            raise KeyringUnavailable(
                f"the keyring backend {self._backend_name()} did not keep the entry",
                hint=REMEDIES.format(var=env.TOKEN_VARIABLES[provider]),
            )

    def delete(self, profile: str, provider: str) -> bool:
        def remove() -> bool:
            import keyring
            from keyring.errors import PasswordDeleteError

            try:
                keyring.delete_password(SERVICE, _username(profile, provider))
            except PasswordDeleteError:
                return False
            return True

        return self._bounded("delete", provider, remove)


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
                f"using the plain-text credential store {self.path} (mode 0600), not the OS keyring"
            )

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise AuthError(
                f"cannot read the credential store {self.path}: {exc.strerror}"
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
            raise AuthError(
                f"the credential store {self.path} is not what otpcli writes",
                hint="remove it and log in again",
            )
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
                f"cannot write the credential store in {self.path.parent}: "
                f"{exc.strerror or type(exc).__name__}",
                hint="check OTPCLI_DATA_DIR, or use the OS keyring",
            ) from None

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


# ---------------------------------------------------------------- state (no secrets)


def load_state() -> dict[str, Any]:
    """The state file, or an empty one when it is missing or not what otpcli writes (it
    holds only metadata that a new login rewrites, so a broken one is simply replaced)."""
    try:
        data = json.loads(paths.state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("profiles", {}), dict):
        return {}
    profiles = data.get("profiles", {})
    if not all(isinstance(section, dict) for section in profiles.values()):
        return {}
    return data


def metadata(profile: str, provider: str) -> dict[str, Any]:
    entry = load_state().get("profiles", {}).get(profile, {}).get(provider)
    return entry if isinstance(entry, dict) else {}


def save_metadata(profile: str, provider: str, entry: dict[str, Any] | None) -> None:
    from otpcli.files import atomic_write, locked

    path = paths.state_file()
    with locked(path):
        state = load_state()
        profiles = state.setdefault("profiles", {})
        section = profiles.setdefault(profile, {})
        if entry is None:
            section.pop(provider, None)
            if not section:
                profiles.pop(profile, None)
        else:
            section[provider] = entry
        atomic_write(path, json.dumps(state, indent=2) + "\n", mode=0o600)


def token_expiry(token: str, received: float) -> float:
    """The JWT's `exp` or `expiresAt` claim when present, else receipt + 30 days."""
    import base64

    parts = token.split(".")
    if len(parts) == 3:
        try:
            padded = parts[1] + "=" * (-len(parts[1]) % 4)
            claims = json.loads(base64.urlsafe_b64decode(padded))
        except (ValueError, TypeError):
            claims = None
        if isinstance(claims, dict):
            for claim in ("exp", "expiresAt"):
                value = plausible_epoch(claims.get(claim))
                if value is not None:
                    return value
    return received + 30 * 86400


def plausible_epoch(value: object) -> float | None:
    """Epoch seconds (or milliseconds) a calendar can show, or None for anything else
    (NaN, 1e20, a string): a provider's odd claim must not break every later command."""
    import math

    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except OverflowError:
        return None
    if seconds > 10**11:
        seconds /= 1000
    return seconds if math.isfinite(seconds) and 0 < seconds < 253402300799 else None


# ---------------------------------------------------------------- the lookup chain


@dataclass(frozen=True)
class Credential:
    secret: str
    source: str  # "stdin", "env", "keyring", "file"


class Vault:
    """The profile's credential stores, chosen by flag, config, or where an entry already is."""

    def __init__(
        self,
        profile: str,
        *,
        prefer_file: bool,
        warn: Callable[[str], None],
        keyring_store: KeyringStore | None = None,
    ) -> None:
        self.profile = profile
        self.prefer_file = prefer_file
        self.file = FileStore(warn)
        self._keyring = keyring_store

    @property
    def keyring(self) -> KeyringStore:
        if self._keyring is None:
            self._keyring = KeyringStore()
        return self._keyring

    def store_for(self, provider: str) -> KeyringStore | FileStore:
        """Where a new entry goes: the file store when opted in or already used."""
        if self.prefer_file or self.file.has(self.profile, provider):
            return self.file
        return self.keyring

    def stored(self, provider: str) -> Credential | None:
        if self.file.has(self.profile, provider):
            secret = self.file.get(self.profile, provider)
            return Credential(secret, "file") if secret else None
        if self.prefer_file:
            return None
        secret = self.keyring.get(self.profile, provider)
        return Credential(secret, "keyring") if secret else None

    def save(self, provider: str, secret: str) -> str:
        store = self.store_for(provider)
        store.set(self.profile, provider, secret)
        return store.name

    def forget(self, provider: str) -> list[str]:
        """Remove the entry wherever it is; the stores it was removed from.

        An unusable keyring only matters when the metadata says the entry lives there:
        otherwise there is nothing of ours in it to forget.
        """
        removed = []
        if self.file.delete(self.profile, provider):
            removed.append("file")
        if self.prefer_file:
            return removed
        try:
            if self.keyring.delete(self.profile, provider):
                removed.append("keyring")
        except KeyringUnavailable:
            if metadata(self.profile, provider).get("store") == "keyring":
                raise
        return removed


def check_token(value: str, where: str) -> str:
    """A token goes into an HTTP header: printable ASCII without spaces, or it is a mistake."""
    value = value.strip()
    if not value.isascii() or not value.isprintable() or any(c.isspace() for c in value):
        raise UsageError(
            f"{where} does not hold a usable token: it has spaces, line breaks or"
            " non-ASCII characters",
            code="invalid_token",
        )
    return value


def from_environment(provider: str) -> Credential | None:
    name = env.TOKEN_VARIABLES[provider]
    value = os.environ.get(name, "").strip()
    return Credential(check_token(value, name), "env") if value else None


def verifik_token(vault: Vault, stdin_token: str | None) -> Credential:
    """The token for Verifik calls, or AuthError (exit 3) saying how to get one."""
    if stdin_token:
        return Credential(stdin_token, "stdin")
    found = from_environment("verifik")
    if found:
        return found
    meta = metadata(vault.profile, "verifik")
    expires = meta.get("expires_at")
    if isinstance(expires, int | float) and expires <= time.time():
        raise AuthError(
            f"the Verifik token of profile {vault.profile!r} expired on "
            f"{time.strftime('%Y-%m-%d', time.localtime(expires))}",
            code="token_expired",
            hint="run `otpcli login PHONE` to get a new one",
        )
    stored = vault.stored("verifik")
    if stored is None:
        raise AuthError(
            f"not logged in to Verifik (profile {vault.profile!r})",
            hint=f"run `otpcli login PHONE`, or set {env.VERIFIK_TOKEN}",
        )
    return stored
