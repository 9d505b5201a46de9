"""The lookup chain: --token-stdin > environment > the profile's stored entry.

A Vault holds a profile's two stores (the OS keyring and the opt-in file) and decides which
one a new entry goes to; `verifik_token` walks the chain for Verifik calls.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from otpcli import env
from otpcli.credentials.file_store import FileStore
from otpcli.credentials.keyring_store import KeyringStore, KeyringUnavailable
from otpcli.credentials.state import metadata
from otpcli.errors import AuthError, UsageError
from otpcli.i18n import _


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
        try:
            secret = self.keyring.get(self.profile, provider)
        except KeyringUnavailable:
            # As `auth status` tells it: when the profile keeps its credentials in the file
            # store, an unusable keyring is no news about this entry: it is not logged in.
            if self.keyring_expected(provider):
                raise
            return None
        return Credential(secret, "keyring") if secret else None

    def keyring_expected(self, provider: str) -> bool:
        """Whether the provider's entry is meant to be in the keyring. Not when the profile
        keeps its credentials in the file store (chosen, or holding one of them) and the
        metadata does not say this entry went to the keyring: a keyring error is then no
        news about it."""
        if metadata(self.profile, provider).get("store") == "keyring":
            return True
        return not (self.prefer_file or self.file.holds(self.profile))

    def save(self, provider: str, secret: str) -> str:
        store = self.store_for(provider)
        store.set(self.profile, provider, secret)
        return store.name

    def forget(self, providers: Sequence[str]) -> dict[str, Forgotten]:
        """Remove each provider's entry from every store that may hold it, whatever the
        profile prefers now: a token saved to the keyring is still there after
        `credential_store = file`, and the metadata saying where it went may be gone.

        A store that cannot be checked is named, never taken for empty; one that failed is
        not asked again for the next provider (a hung keyring costs its timeout once).
        """
        failed: dict[str, AuthError] = {}
        outcome: dict[str, Forgotten] = {}
        for provider in providers:
            forgotten = outcome[provider] = Forgotten()
            stores: list[FileStore | KeyringStore] = [self.file, self.keyring]
            for store in stores:
                if store.name in failed:
                    forgotten.unchecked[store.name] = failed[store.name]
                    continue
                try:
                    if store.delete(self.profile, provider):
                        forgotten.removed.append(store.name)
                except AuthError as exc:
                    failed[store.name] = forgotten.unchecked[store.name] = exc
        return outcome


@dataclass
class Forgotten:
    """What forgetting did to one provider's entry."""

    removed: list[str] = field(default_factory=list)  # the stores it was removed from
    unchecked: dict[str, AuthError] = field(default_factory=dict)  # store -> why not checked


def check_token(value: str, where: str) -> str:
    """A token goes into an HTTP header: printable ASCII without spaces, or it is a mistake."""
    value = value.strip()
    if not value.isascii() or not value.isprintable() or any(c.isspace() for c in value):
        raise UsageError(
            _(
                "{where} does not hold a usable token: it has spaces, line breaks or"
                " non-ASCII characters"
            ).format(where=where),
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
            _("the Verifik token of profile {profile!r} expired on {date}").format(
                profile=vault.profile, date=time.strftime("%Y-%m-%d", time.localtime(expires))
            ),
            code="token_expired",
            hint=_("run `otpcli login PHONE` to get a new one"),
        )
    stored = vault.stored("verifik")
    if stored is None:
        raise AuthError(
            _("not logged in to Verifik (profile {profile!r})").format(profile=vault.profile),
            hint=_("run `otpcli login PHONE`, or set {variable}").format(
                variable=env.VERIFIK_TOKEN
            ),
        )
    return stored
