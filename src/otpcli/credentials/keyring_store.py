"""The OS keyring, every call bounded by a timeout, and which keyring backend otpcli calls.

python-keyring chooses the backend as usual (``PYTHON_KEYRING_BACKEND``, its config file,
then priorities). When it chooses its SecretService backend, alone or inside a
``ChainerBackend``, otpcli calls its own Secret Service backend in that place
(``otpcli.credentials.secret_service``: one D-Bus connection per process, which cannot
crash gnome-keyring); any other backend is called as keyring chose it.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from otpcli import env
from otpcli.errors import AuthError, ConfigError
from otpcli.i18n import N_, Text, _, join

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from otpcli.credentials.secret_service import SecretServiceBackend

SERVICE = "otpcli"
DEFAULT_KEYRING_TIMEOUT = 3.0
T = TypeVar("T")

REMEDIES = N_(
    "set {var}, install or unlock a keyring (e.g. gnome-keyring), or opt in to a 0600"
    " file with --insecure-storage (or `otpcli config set credential_store file`)"
)


# What a keyring call was doing, as its timeout message says it.
_ACTIONS = {
    "probe": N_("probe"),
    "read": N_("read"),
    "write": N_("write"),
    "delete": N_("delete"),
    "write, read and delete": N_("write, read and delete"),
}


def _first_sentence(exc: BaseException) -> str:
    """What a backend's error says is wrong: its first sentence on one line (keyring's
    advice after it is not ours). A message of otpcli's own keeps its English (--json)."""

    def first(text: str) -> str:
        return " ".join(text.split()).split(". ")[0][:100]

    said = exc.args[0] if len(exc.args) == 1 else None
    if isinstance(said, Text):
        return Text(first(said), first(said.english))
    return first(str(exc))


class KeyringUnavailable(AuthError):
    default_code = "keyring_unavailable"


def keyring_timeout() -> float:
    raw = os.environ.get(env.KEYRING_TIMEOUT)
    if raw is None:
        return DEFAULT_KEYRING_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(
            _("{variable}: {value!r} is not a number of seconds").format(
                variable=env.KEYRING_TIMEOUT, value=raw
            )
        ) from None
    if not 0 < value <= 120:
        raise ConfigError(
            _("{variable}: must be between 0 and 120 seconds").format(variable=env.KEYRING_TIMEOUT)
        )
    return value


class Backend(Protocol):
    """What otpcli asks of a keyring backend."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


class Chain:
    """A ``ChainerBackend``'s backends, in its order and by its rules, with ours in the place
    of keyring's SecretService: entries in the other backends stay where keyring put them."""

    def __init__(self, backends: Sequence[Backend]) -> None:
        self.backends = list(backends)

    def get_password(self, service: str, username: str) -> str | None:
        for backend in self.backends:
            password = backend.get_password(service, username)
            if password is not None:
                return password
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._first_that_can(lambda backend: backend.set_password(service, username, password))

    def delete_password(self, service: str, username: str) -> None:
        self._first_that_can(lambda backend: backend.delete_password(service, username))

    def _first_that_can(self, action: Callable[[Backend], None]) -> None:
        for backend in self.backends:
            try:
                return action(backend)
            except NotImplementedError:
                continue


_ours_lock = threading.Lock()
_ours: SecretServiceBackend | None = None


def secret_service_backend(like: KeyringBackend) -> SecretServiceBackend:
    """otpcli's Secret Service backend, one per process (so one D-Bus connection), set up
    with the scheme and preferred collection of the first SecretService backend it replaces."""
    global _ours
    with _ours_lock:
        if _ours is None:
            from otpcli.credentials.secret_service import SecretServiceBackend

            _ours = SecretServiceBackend.like(like)
        return _ours


def effective_backend(chosen: KeyringBackend) -> Backend:
    """The backend otpcli calls when keyring chose ``chosen``."""
    from keyring.backends.chainer import ChainerBackend
    from keyring.backends.SecretService import Keyring as KeyringSecretService

    if isinstance(chosen, KeyringSecretService):
        return secret_service_backend(chosen)
    if isinstance(chosen, ChainerBackend):
        members: list[KeyringBackend] = list(chosen.backends)
        if any(isinstance(member, KeyringSecretService) for member in members):
            return Chain(
                [
                    secret_service_backend(m) if isinstance(m, KeyringSecretService) else m
                    for m in members
                ]
            )
    return chosen


def active_backend() -> Backend:
    """keyring's choice for this process (it may ask D-Bus), as otpcli calls it."""
    import keyring

    return effective_backend(keyring.get_keyring())


def _username(profile: str, provider: str) -> str:
    return f"{profile}:{provider}"


def _refuse_placeholder(backend: Backend) -> None:
    """keyring's stand-ins for "no keyring" fail or forget every call: say so at once, before
    any call (the null one would answer a read with "nothing stored")."""
    from keyring.backends import fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        from keyring.errors import NoKeyringError

        raise NoKeyringError(_("no keyring backend is available"))


def _failure(exc: BaseException) -> str:
    """What made a keyring call fail, for "no usable OS keyring (...)": the error's type and
    first sentence. keyring's own "no backend" error (English, with its advice) is told in
    otpcli's words, wherever it was raised: choosing the backend, or a backend's call."""
    errors = sys.modules.get("keyring.errors")  # loaded if keyring raised it
    if errors is not None and isinstance(exc, errors.NoKeyringError):
        return _("no keyring backend is available")  # ours: the class name would add nothing
    detail = _first_sentence(exc)
    return join(": ", (type(exc).__name__, detail)) if detail else type(exc).__name__


def described(backend: Backend) -> str:
    """A backend's name for people: keyring's own (`SecretService Keyring`), otpcli's
    Secret Service backend said as such, a chain as its members."""
    if isinstance(backend, Chain):
        return "chain of " + ", ".join(described(member) for member in backend.backends)
    if type(backend).__name__ == "SecretServiceBackend":
        return "SecretService (otpcli's own backend)"
    name = getattr(backend, "name", None)
    return name if isinstance(name, str) else type(backend).__name__


class KeyringStore:
    """The OS keyring, every call bounded: a hung D-Bus or locked collection must not hang us."""

    name = "keyring"

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = keyring_timeout() if timeout is None else timeout
        self.backend: Backend | None = None  # the one the last call went to

    def _bounded(self, what: str, provider: str, call: Callable[[Backend], T]) -> T:
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                # Choosing the backend may ask D-Bus too, so it is bounded with the call.
                self.backend = active_backend()
                _refuse_placeholder(self.backend)
                outcome["value"] = call(self.backend)
            except BaseException as exc:  # any backend failure means "unusable"
                outcome["error"] = exc

        worker = threading.Thread(target=run, name=f"keyring-{what}", daemon=True)
        worker.start()
        worker.join(self.timeout)
        var = env.TOKEN_VARIABLES.get(provider, env.VERIFIK_TOKEN)
        if worker.is_alive():
            raise KeyringUnavailable(
                _("the OS keyring did not answer within {seconds:g} s ({what})").format(
                    seconds=self.timeout, what=_(_ACTIONS[what])
                ),
                hint=_(REMEDIES).format(var=var),
            )
        if "error" in outcome:
            raise KeyringUnavailable(
                _("no usable OS keyring ({failure})").format(failure=_failure(outcome["error"])),
                hint=_(REMEDIES).format(var=var),
            )
        return outcome.get("value")  # type: ignore[return-value]

    def _backend_name(self) -> str:
        return f"{type(self.backend).__module__}.{type(self.backend).__name__}"

    def backend_name(self) -> str:
        """The backend the last call went to, as people know it ("SecretService Keyring")."""
        return "unknown" if self.backend is None else described(self.backend)

    def check(self, profile: str, provider: str) -> None:
        """Raise KeyringUnavailable unless a real backend answers a read for this entry."""

        def probe(backend: Backend) -> None:
            _refuse_placeholder(backend)
            backend.get_password(SERVICE, _username(profile, provider))

        self._bounded("probe", provider, probe)

    def round_trip(self) -> None:
        """Write, read back and delete a throwaway entry, the three within one timeout, or
        raise KeyringUnavailable: whether the keyring works, found out without touching a
        real entry (its user name holds a "/", which no profile name does)."""
        import secrets

        user = f"doctor-probe/{secrets.token_hex(8)}"
        value = secrets.token_urlsafe(16)

        def trip(backend: Backend) -> None:
            _refuse_placeholder(backend)
            backend.set_password(SERVICE, user, value)
            try:
                kept = backend.get_password(SERVICE, user)
            finally:
                backend.delete_password(SERVICE, user)
            if kept != value:
                from keyring.errors import KeyringError

                raise KeyringError("the entry written was not read back")

        self._bounded("write, read and delete", "verifik", trip)

    def get(self, profile: str, provider: str) -> str | None:
        user = _username(profile, provider)
        return self._bounded("read", provider, lambda b: b.get_password(SERVICE, user))

    def set(self, profile: str, provider: str, secret: str) -> None:
        user = _username(profile, provider)
        self._bounded("write", provider, lambda b: b.set_password(SERVICE, user, secret))
        if self.get(profile, provider) != secret:
            raise KeyringUnavailable(
                _("the keyring backend {backend} did not keep the entry").format(
                    backend=self._backend_name()
                ),
                hint=_(REMEDIES).format(var=env.TOKEN_VARIABLES[provider]),
            )

    def delete(self, profile: str, provider: str) -> bool:
        def remove(backend: Backend) -> bool:
            from keyring.errors import PasswordDeleteError

            try:
                backend.delete_password(SERVICE, _username(profile, provider))
            except PasswordDeleteError:
                return False
            return True

        return self._bounded("delete", provider, remove)
