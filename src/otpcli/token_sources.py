"""Where a run's provider tokens come from: given (--token-stdin, the environment), stored
in the profile's credential stores, or, for Trust, fetched from Atenea with the stored
client credentials. Each is registered as a secret before anything can print it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from otpcli import env
from otpcli.errors import AuthError
from otpcli.i18n import _, decimal
from otpcli.operations.base import PLACEHOLDER_TOKEN

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.operations.base import TokenSource
    from otpcli.report.reporter import Reporter


def verifik(app: App, token_stdin: bool) -> TokenSource:
    from otpcli import credentials
    from otpcli.operations.base import TokenSource

    stdin = app.stdin_token(token_stdin)
    vault = app.vault()
    try:
        found = credentials.verifik_token(vault, stdin)
    except AuthError:
        # A dry run shows the request even when not logged in (a bad token is still an
        # error: that is input to fix).
        if app.dry_run:
            return TokenSource("verifik", PLACEHOLDER_TOKEN)
        raise
    app.reporter.secrets.add(found.secret)
    if found.source in ("keyring", "file"):
        _warn_expiry(app.reporter, credentials.metadata(vault.profile, "verifik").get("expires_at"))
    return TokenSource("verifik", found.secret)


def _warn_expiry(reporter: Reporter, expires: object) -> None:
    from otpcli.credentials.state import TOKEN_WARN_DAYS

    if isinstance(expires, int | float):
        days = (expires - time.time()) / 86400
        if days < TOKEN_WARN_DAYS:
            reporter.warn(
                _(
                    "the Verifik token expires in {days} days; run `otpcli auth renew` to extend it"
                ).format(days=decimal(max(days, 0))),
                code="token_expiring",
            )


def trust(app: App, token_stdin: bool) -> TokenSource:
    """Trust's token: given (stdin, TRUST_TOKEN), or fetched from Atenea with the stored
    client credentials when missing or about to expire, and once more after a 401."""
    from otpcli import credentials
    from otpcli.operations.base import Exchange, TokenSource, perform
    from otpcli.operations.trust import ATENEA_TOKEN, ClientCredentials
    from otpcli.trust_auth import REFRESH_MARGIN_SECONDS, TrustCredentials, save_token

    fixed = app.stdin_token(token_stdin)
    if fixed is None:
        from_env = credentials.from_environment("trust")
        fixed = from_env.secret if from_env else None
    if fixed:
        app.reporter.secrets.add(fixed)
        return TokenSource("trust", fixed)
    if app.dry_run:
        return TokenSource("trust", PLACEHOLDER_TOKEN)
    vault = app.vault()
    found = vault.stored("trust")
    if found is None:
        raise AuthError(
            _("not logged in to Trust (profile {profile!r})").format(profile=vault.profile),
            hint=_("run `otpcli trust-login --client-id ID`, or set {variable}").format(
                variable=env.TRUST_TOKEN
            ),
        )
    stored = TrustCredentials.loads(found.secret)
    app.reporter.secrets.add(stored.client_secret)
    cached = stored.access_token
    if stored.expires_at - time.time() <= REFRESH_MARGIN_SECONDS:
        cached = None
    app.reporter.secrets.add(cached)
    url = app.url("atenea")

    def renew() -> Exchange[str]:
        pair = ClientCredentials(stored.client_id, stored.client_secret)
        fresh = yield from perform(ATENEA_TOKEN, pair, url, None)
        app.reporter.secrets.add(fresh.access_token)
        save_token(vault, stored, fresh)
        return fresh.access_token

    return TokenSource("trust", cached, renew)
