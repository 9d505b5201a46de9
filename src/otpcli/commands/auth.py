"""auth status / token / logout: what credentials the profile has, and forgetting them."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from otpcli.cli.groups import register as add
from otpcli.cli.options import Provider
from otpcli.i18n import N_, _, decimal, english
from otpcli.times import local

if TYPE_CHECKING:
    from collections.abc import Iterable

    from otpcli.application import App
    from otpcli.credentials.vault import Forgotten
    from otpcli.errors import AuthError


def _describe(app: App, provider: str) -> tuple[dict[str, Any], AuthError | None]:
    """The provider's entry as --json shows it (in English, like all stdout JSON), and the
    problem with its credentials, if any, for people."""
    from otpcli import credentials
    from otpcli.credentials import KeyringUnavailable
    from otpcli.errors import AuthError
    from otpcli.report.redact import mask
    from otpcli.times import iso

    vault = app.vault()
    meta = credentials.metadata(vault.profile, provider)
    entry: dict[str, Any] = {"provider": provider, "source": "none", "usable": False}
    env_cred = credentials.from_environment(provider)
    secret: str | None = None
    problem: AuthError | None = None
    if env_cred:
        entry["source"], secret = "env", env_cred.secret
    else:
        try:
            stored = vault.stored(provider)
        except KeyringUnavailable as exc:
            stored = None
            if vault.keyring_expected(provider):
                problem = exc
        except AuthError as exc:
            stored, problem = None, exc
        if stored:
            entry["source"] = stored.source
            secret = stored.secret
            if provider == "trust":
                from otpcli.trust_auth import TrustCredentials

                try:
                    parsed = TrustCredentials.loads(stored.secret)
                except AuthError as exc:
                    problem, secret = exc, None
                else:
                    entry["clientId"] = parsed.client_id
                    app.reporter.secrets.add(parsed.client_secret)
                    secret = parsed.access_token or ""
    if secret:
        app.reporter.secrets.add(secret)
        entry["maskedToken"] = mask(secret)
    stored_here = entry["source"] in ("keyring", "file")
    expires = meta.get("expires_at") if stored_here else None
    if isinstance(expires, int | float):
        entry["expiresAt"] = iso(expires)
        entry["daysLeft"] = max(0.0, round((expires - time.time()) / 86400, 1))
    if meta.get("phone") and stored_here:
        entry["phone"] = meta["phone"]
    if entry["source"] == "env":
        entry["usable"] = True
    elif entry["source"] != "none":
        # Trust renews its own token from the stored client credentials.
        entry["usable"] = provider == "trust" or entry.get("daysLeft", 1) > 0
    if problem:
        # With its own hint, so status advises what the failing command would.
        entry["problem"] = english(problem.message)
        if problem.hint:
            entry["hint"] = english(problem.hint)
    return entry, problem


def status(app: App) -> None:
    from otpcli.errors import AuthError
    from otpcli.report.reporter import View

    described = [_describe(app, "verifik"), _describe(app, "trust")]
    entries = [entry for entry, _problem in described]
    profile = app.settings.profile
    verifik, verifik_problem = described[0]
    rows = [
        (
            e["provider"],
            _(_SOURCES.get(e["source"], e["source"])),
            e.get("maskedToken", "—"),
            local(e["expiresAt"]) if "expiresAt" in e else "—",
            decimal(e["daysLeft"]) if "daysLeft" in e else "—",
            problem.message if problem else (_("ok") if e["usable"] else _("not logged in")),
        )
        for e, problem in described
    ]
    headers = (_("Provider"), _("Source"), _("Token"), _("Expires at"), _("Days left"))
    app.reporter.result(
        View(
            _("Credentials of profile {profile}").format(profile=profile),
            rows,
            {"profile": profile, "providers": entries},
            quiet=verifik.get("expiresAt") or verifik["source"],
            headers=(*headers, _("State")),
        )
    )
    if not verifik["usable"]:
        if verifik_problem is not None:
            raise AuthError(verifik_problem.message, hint=verifik_problem.hint)
        raise AuthError(
            _("no usable Verifik credential in profile {profile!r}").format(profile=profile),
            hint=_("run `otpcli login PHONE` or set VERIFIK_TOKEN"),
        )


# Where a credential comes from, as the status table says it (--json: the keys).
_SOURCES = {
    "env": N_("env"),
    "stdin": N_("stdin"),
    "keyring": N_("keyring"),
    "file": N_("file"),
    "none": N_("none"),
}


def token(
    app: App,
    provider: Annotated[
        Provider, typer.Option("--provider", help=_("Whose token to print."))
    ] = Provider.verifik,
) -> None:
    from otpcli.operations.base import run_sync

    if provider is Provider.verifik:
        source = app.verifik_tokens(token_stdin=False)
    else:
        source = app.trust_tokens(token_stdin=False)
    app.reporter.secret(run_sync(source.token(), app.http.send))


def logout(
    app: App,
    provider: Annotated[
        Provider | None, typer.Option("--provider", help=_("Only this provider (default: both)."))
    ] = None,
) -> None:
    from otpcli import credentials

    vault = app.vault_without_settings()
    names = [provider.value] if provider else ["verifik", "trust"]
    outcome = vault.forget(names)
    for name, forgotten in outcome.items():
        if not forgotten.unchecked:  # else kept: it says where the entry may still be
            credentials.save_metadata(vault.profile, name, None)
    removed = {name: forgotten.removed for name, forgotten in outcome.items()}
    if app.reporter.json_mode:
        unchecked = {name: sorted(forgotten.unchecked) for name, forgotten in outcome.items()}
        app.reporter.json({"profile": vault.profile, "removed": removed, "notChecked": unchecked})
    elif not app.reporter.quiet:
        for name, forgotten in outcome.items():
            app.reporter.value(f"{name}: {_what_was_done(forgotten)}")
    if any(removed.values()):
        app.reporter.info(
            _(
                "note: a token already issued stays valid at the provider until it expires;"
                " otpcli has only forgotten its copy"
            )
        )
    failures = {s: e for forgotten in outcome.values() for s, e in forgotten.unchecked.items()}
    if failures:
        raise _incomplete(vault.profile, failures)


_STORES = {"keyring": N_("the OS keyring"), "file": N_("the file store")}


def _listed(words: Iterable[str], joined: str) -> str:
    """ "a", "a and b", "a and b and c": `joined` is the message that joins two."""
    said = ""
    for word in words:
        said = _(joined).format(first=said, second=word) if said else word
    return said


def _named(stores: Iterable[str]) -> str:
    return _listed((_(_STORES[store]) for store in stores), N_("{first} or {second}"))


def _what_was_done(forgotten: Forgotten) -> str:
    said = []
    if forgotten.removed:
        stores = _listed((_(_SOURCES[s]) for s in forgotten.removed), N_("{first} and {second}"))
        said.append(_("forgot {stores}").format(stores=stores))
    if forgotten.unchecked:
        said.append(_("could not check {stores}").format(stores=_named(forgotten.unchecked)))
    return "; ".join(said) or _("nothing stored")


def _incomplete(profile: str, failures: dict[str, AuthError]) -> AuthError:
    """The error of a logout that could not check every store: never told as a success."""
    from otpcli.errors import AuthError

    why = "; ".join(error.message for error in failures.values())
    hints = [
        _("unlock the keyring (or run where it is reachable) and run `otpcli auth logout` again")
        if store == "keyring"
        else error.hint or ""
        for store, error in failures.items()
    ]
    return AuthError(
        _(
            "could not check {stores}, so profile {profile!r} may still have credentials"
            " there: {why}"
        ).format(stores=_named(failures), profile=profile, why=why),
        code=next(iter(failures.values())).code,
        hint="; ".join(hint for hint in hints if hint),
    )


def renew(
    app: App,
    months: Annotated[
        int,
        typer.Option(
            "--months", metavar="N", min=1, max=12, help=_("How long the new token lasts.")
        ),
    ] = 1,
) -> None:
    from otpcli.commands.tokens import keep
    from otpcli.operations.verifik_records import RENEW, Renewal, new_token

    tokens = app.verifik_tokens(token_stdin=False)  # an expired one: exit 3, log in again
    body = app.call(RENEW, Renewal(months), tokens)
    keep(app, app.vault(), new_token(body), title=_("Verifik token renewed"), days=30 * months)
    _tell_if_environment_wins(app)


def revoke_all(
    app: App,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=_("Do not ask for confirmation."))
    ] = False,
) -> None:
    from otpcli.commands.tokens import keep
    from otpcli.errors import UsageError
    from otpcli.operations.verifik_records import REVOKE_ALL, new_token

    tokens = app.verifik_tokens(token_stdin=False)
    if not yes and not app.dry_run:
        if not app.interactive:
            raise UsageError(
                _("revoke-all ends every other token of the account: confirm it with --yes"),
                code="confirmation_needed",
            )
        question = _("Every other token of this account stops working, on every machine. Go on?")
        if not app.reporter.confirm(question):
            raise UsageError(_("nothing revoked"), code="not_confirmed")
    body = app.call(REVOKE_ALL, None, tokens)
    keep(app, app.vault(), new_token(body), title=_("Verifik token renewed, all others revoked"))
    app.reporter.info(
        _(
            "every earlier token of this account has stopped working, on other machines too;"
            " this profile holds the new one"
        )
    )
    _tell_if_environment_wins(app)


def _tell_if_environment_wins(app: App) -> None:
    from otpcli import credentials

    if credentials.from_environment("verifik") is not None:
        app.reporter.warn(
            _("VERIFIK_TOKEN is set and wins over the stored token: unset it to use the new one"),
            code="environment_token",
        )


def register(group: typer.Typer) -> typer.Typer:
    add(
        group,
        status,
        help=_("Where each provider's credentials come from, when they expire (tokens masked)."),
    )
    add(group, token, help=_("Print the raw access token alone, for `$(otpcli auth token)`."))
    add(
        group,
        logout,
        help=_("Forget the profile's stored credentials, from every store, and their metadata."),
    )
    add(
        group,
        renew,
        help=_(
            "Renew the Verifik token before it expires; the new one replaces it where it is kept."
        ),
    )
    add(
        group,
        revoke_all,
        "revoke-all",
        help=_(
            "Renew the Verifik token and end every other one: other machines must log in again."
        ),
    )
    return group
