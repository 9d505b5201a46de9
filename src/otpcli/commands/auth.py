"""auth status / token / logout: what credentials the profile has, and forgetting them."""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer

from otpcli.commands.options import Provider
from otpcli.runtime import current

app = typer.Typer(help="Inspect, print or forget stored credentials.", no_args_is_help=True)


def _describe(provider: str) -> dict[str, Any]:
    from otpcli import credentials
    from otpcli.errors import AuthError
    from otpcli.redact import mask

    rt = current()
    vault = rt.vault()
    meta = credentials.metadata(vault.profile, provider)
    entry: dict[str, Any] = {"provider": provider, "source": "none", "usable": False}
    env_cred = credentials.from_environment(provider)
    secret: str | None = None
    problem: str | None = None
    if env_cred:
        entry["source"], secret = "env", env_cred.secret
    else:
        try:
            stored = vault.stored(provider)
        except AuthError as exc:
            stored, problem = None, exc.message
        if stored:
            entry["source"] = stored.source
            secret = stored.secret
            if provider == "trust":
                from otpcli.trust_auth import TrustCredentials

                try:
                    parsed = TrustCredentials.loads(stored.secret)
                except AuthError as exc:
                    problem, secret = exc.message, None
                else:
                    entry["clientId"] = parsed.client_id
                    secret = parsed.access_token or ""
    if secret:
        rt.out.secrets.append(secret)
        entry["maskedToken"] = mask(secret)
    expires = meta.get("expires_at") if entry["source"] in ("keyring", "file") else None
    if isinstance(expires, int | float):
        from otpcli.output import iso

        entry["expiresAt"] = iso(expires)
        entry["daysLeft"] = max(0.0, round((expires - time.time()) / 86400, 1))
    if meta.get("phone") and entry["source"] in ("keyring", "file"):
        entry["phone"] = meta["phone"]
    if entry["source"] == "env":
        entry["usable"] = True
    elif entry["source"] != "none":
        # Trust renews its own token from the stored client credentials.
        entry["usable"] = provider == "trust" or entry.get("daysLeft", 1) > 0
    if problem:
        entry["problem"] = problem
    return entry


@app.command()
def status() -> None:
    """Where each provider's credentials come from, when they expire (tokens masked)."""
    from otpcli.errors import AuthError

    rt = current()
    entries = [_describe("verifik"), _describe("trust")]
    profile = rt.settings().profile
    verifik = entries[0]
    if rt.json:
        rt.out.json({"profile": profile, "providers": entries})
    elif rt.quiet:
        typer.echo(verifik.get("expiresAt") or verifik["source"])
    else:
        rows = [
            (
                e["provider"],
                e["source"],
                e.get("maskedToken", "—"),
                e.get("expiresAt", "—"),
                str(e.get("daysLeft", "—")),
                e.get("problem") or ("ok" if e["usable"] else "not logged in"),
            )
            for e in entries
        ]
        rt.out.table(
            f"Credentials of profile {profile}",
            rows,
            headers=("Provider", "Source", "Token", "Expires at", "Days left", "State"),
        )
    if not verifik["usable"]:
        raise AuthError(
            verifik.get("problem") or f"no usable Verifik credential in profile {profile!r}",
            hint="run `otpcli login PHONE` or set VERIFIK_TOKEN",
        )


@app.command()
def token(
    provider: Annotated[
        Provider, typer.Option("--provider", help="Whose token to print.")
    ] = Provider.verifik,
) -> None:
    """Print the raw access token alone, for `$(otpcli auth token)`."""
    rt = current()
    if provider is Provider.verifik:
        found = rt.verifik_token(token_stdin=False).secret
    else:
        from otpcli.trust_auth import TrustSession

        session = TrustSession(
            rt.trust_client(), rt.vault(), stdin_token=None, remember=lambda _: None
        )
        found = session.token()
    # The one command whose job is to print a secret: written raw, not through the scrubber.
    import sys

    sys.stdout.write(found + "\n")


@app.command()
def logout(
    provider: Annotated[
        Provider | None, typer.Option("--provider", help="Only this provider (default: both).")
    ] = None,
) -> None:
    """Forget the profile's stored credentials and their metadata."""
    from otpcli import credentials

    rt = current()
    vault = rt.vault()
    names = [provider.value] if provider else ["verifik", "trust"]
    removed: dict[str, list[str]] = {}
    for name in names:
        removed[name] = vault.forget(name)
        credentials.save_metadata(vault.profile, name, None)
    if rt.json:
        rt.out.json({"profile": vault.profile, "removed": removed})
    elif not rt.quiet:
        for name, where in removed.items():
            shown = " and ".join(where) if where else "nothing stored"
            typer.echo(f"{name}: forgot {shown}" if where else f"{name}: {shown}")
    if any(removed.values()):
        rt.out.info(
            "note: a token already issued stays valid at the provider until it expires;"
            " otpcli has only forgotten its copy"
        )
