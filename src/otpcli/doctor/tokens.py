"""Each provider's credential: where it comes from (stdin, environment, keyring, file) and
when it expires. Read only: no provider is called, so no credit is spent."""

from __future__ import annotations

import time
from collections.abc import Callable

from otpcli import env
from otpcli.credentials import (
    Credential,
    KeyringStore,
    KeyringUnavailable,
    Vault,
    check_token,
    from_environment,
    jwt_expiry,
    metadata,
)
from otpcli.credentials.state import TOKEN_WARN_DAYS
from otpcli.doctor.checks import Check, Kind, Status
from otpcli.errors import AuthError, UsageError
from otpcli.i18n import N_, _, decimal
from otpcli.times import iso, plausible_epoch

Remember = Callable[[str | None], None]  # the reporter's secret registry: never shown

WHERE = {
    "stdin": "--token-stdin",
    "env": N_("the environment"),
    "keyring": N_("the OS keyring"),
    "file": N_("the file store"),
}


class NotAsked(KeyringUnavailable):
    """The keyring check found the keyring unusable, so it was not asked again."""


class KnownUnusable(KeyringStore):
    """A keyring the keyring check found unusable: not asked again (nor waited for)."""

    def __init__(self) -> None:
        super().__init__(timeout=0)

    def get(self, profile: str, provider: str) -> str | None:
        raise NotAsked(
            _("cannot tell: the OS keyring is unusable (see the keyring row)"),
            hint=_("make the keyring usable, or set {variable}").format(
                variable=env.TOKEN_VARIABLES[provider]
            ),
        )


def vault(profile: str, prefer_file: bool, keyring_usable: bool) -> Vault:
    """The profile's stores, as commands open them, without the file store's warning (the
    file store check says it)."""
    store = None if keyring_usable else KnownUnusable()
    return Vault(profile, prefer_file=prefer_file, warn=lambda message: None, keyring_store=store)


def _stored(vault: Vault, provider: str) -> Credential | None:
    """The stored entry; with the keyring unusable, none unless it is meant to be there."""
    try:
        return vault.stored(provider)
    except NotAsked:
        if vault.keyring_expected(provider):
            raise
        return None


def _check(provider: str, status: Status, detail: str, remedy: str | None = None) -> Check:
    name = _("credentials {provider}").format(provider=provider)
    return Check(name, status, detail, remedy, kind=Kind.credentials)


def _given(provider: str, stdin_token: str | None) -> Credential | None:
    """The token given on stdin or in the environment, which win over a stored one."""
    if stdin_token:
        return Credential(check_token(stdin_token, "--token-stdin"), "stdin")
    return from_environment(provider)


def _source(found: Credential, provider: str) -> str:
    if found.source == "env":
        return env.TOKEN_VARIABLES[provider]
    return _(WHERE[found.source])


def _expiry(provider: str, said: str, expires: float | None, stored: bool) -> Check:
    """How long the token lasts: expired fails, under TOKEN_WARN_DAYS deserves a look."""
    var = env.TOKEN_VARIABLES[provider]
    if expires is None:
        unknown = _("{source}; expiry unknown (the token names none)").format(source=said)
        return _check(provider, Status.ok, unknown)
    days = (expires - time.time()) / 86400
    when = iso(expires)
    if days <= 0:
        remedy = (
            _("run `otpcli login PHONE` to get a new one")
            if stored
            else _("set {variable} to a current token, or unset it to use the stored one").format(
                variable=var
            )
        )
        expired = _("{source}; expired {when}").format(source=said, when=when)
        return _check(provider, Status.fail, expired, remedy)
    detail = _("{source}; expires {when} ({days} days left)").format(
        source=said, when=when, days=decimal(days)
    )
    if days < TOKEN_WARN_DAYS:
        remedy = (
            _("run `otpcli auth renew` to extend it")
            if stored
            else _("get a new token into {variable}").format(variable=var)
        )
        return _check(provider, Status.warn, detail, remedy)
    return _check(provider, Status.ok, detail)


def verifik(vault: Vault, stdin_token: str | None, remember: Remember) -> Check:
    """The token Verifik calls would use, in the order they look for it."""
    try:
        found = _given("verifik", stdin_token) or _stored(vault, "verifik")
    except UsageError as exc:  # a token with spaces or line breaks in the environment
        return _check("verifik", Status.fail, exc.message, _("set it to the token alone"))
    except NotAsked as exc:
        return _check("verifik", Status.skipped, exc.message, exc.hint)
    except AuthError as exc:
        return _check("verifik", Status.fail, _unreadable(exc), exc.hint)
    if found is None:
        return _check(
            "verifik",
            Status.warn,
            _("not logged in (profile {profile})").format(profile=vault.profile),
            _("run `otpcli login PHONE`, or set {variable}").format(variable=env.VERIFIK_TOKEN),
        )
    remember(found.secret)
    stored = found.source in ("keyring", "file")
    expires = jwt_expiry(found.secret)
    if stored:
        expires = plausible_epoch(metadata(vault.profile, "verifik").get("expires_at")) or expires
    said = _("from {source}").format(source=_source(found, "verifik"))
    return _expiry("verifik", said, expires, stored)


def trust(vault: Vault, remember: Remember) -> Check:
    """TRUST_TOKEN, else the client credentials trust-login stored (tokens are fetched
    from them when needed, so they do not expire)."""
    from otpcli.trust_auth import TrustCredentials

    try:
        given = from_environment("trust")
        if given is not None:
            remember(given.secret)
            said = _("from {source}").format(source=env.TRUST_TOKEN)
            return _expiry("trust", said, jwt_expiry(given.secret), False)
        found = _stored(vault, "trust")
        if found is None:
            return _check(
                "trust",
                Status.ok,
                _(
                    "not logged in (profile {profile}); only the Trust commands need it:"
                    " `otpcli trust-login --client-id ID`"
                ).format(profile=vault.profile),
            )
        remember(found.secret)
        stored = TrustCredentials.loads(found.secret)
    except UsageError as exc:
        return _check("trust", Status.fail, exc.message, _("set it to the token alone"))
    except NotAsked as exc:
        return _check("trust", Status.skipped, exc.message, exc.hint)
    except AuthError as exc:
        return _check("trust", Status.fail, _unreadable(exc), exc.hint)
    remember(stored.client_secret)
    remember(stored.access_token)
    detail = _("client {client} in {store}; an Atenea token is fetched with it when needed").format(
        client=stored.client_id, store=_(WHERE[found.source])
    )
    left = stored.expires_at - time.time()
    if stored.access_token and left > 0:
        detail = _("{detail} (the cached one lasts {minutes:.0f} min more)").format(
            detail=detail, minutes=left / 60
        )
    return _check("trust", Status.ok, detail)


def _unreadable(exc: AuthError) -> str:
    return _("cannot read it: {problem}").format(problem=exc.message)
