"""The OS keyring, every call bounded by a timeout."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from otpcli import env
from otpcli.errors import AuthError, ConfigError

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
