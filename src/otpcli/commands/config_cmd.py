"""config list / get / set / unset: profile settings in config.toml."""

from __future__ import annotations

from typing import Annotated

import typer

from otpcli.runtime import current

app = typer.Typer(help="Read and change profile settings.", no_args_is_help=True)

KeyArg = Annotated[str, typer.Argument(help="One of the keys shown by `otpcli config list`.")]


@app.command("list")
def list_(
    show_origin: Annotated[
        bool, typer.Option("--show-origin", help="Show where each value comes from.")
    ] = False,
) -> None:
    """Every key of the active profile with its effective value."""
    from otpcli import config

    rt = current()
    settings = rt.settings()
    values = {key: settings.get(key) for key in config.KEYS}
    if rt.json:
        payload: dict[str, object] = {"profile": settings.profile, "values": values}
        if show_origin:
            payload["origins"] = {k: settings.origins.get(k) for k in config.KEYS}
        rt.out.json(payload)
        return
    if rt.quiet:  # KEY=VALUE lines of the keys that have a value, for `eval` or grep
        for key, value in values.items():
            if value is not None:
                typer.echo(f"{key}={value}")
        return
    rows = [
        (key, values[key] or "—", *((settings.origins.get(key, "unset"),) if show_origin else ()))
        for key in config.KEYS
    ]
    headers = ("Key", "Value", "Origin") if show_origin else ("Key", "Value")
    rt.out.table(f"Profile {settings.profile}", rows, headers=headers)


@app.command()
def get(key: KeyArg) -> None:
    """Print one key's effective value (nothing when unset; exit 2 for an unknown key)."""
    from otpcli import config

    config.check_key(key)
    value = current().settings().get(key)
    if value is not None:
        typer.echo(value)


@app.command("set")
def set_(key: KeyArg, value: Annotated[str, typer.Argument(help="The new value.")]) -> None:
    """Set KEY in the active profile (validated before anything is written)."""
    from otpcli import config

    rt = current()
    profile = rt.profile or _env_profile()
    config.write_value(profile, key, value)
    rt.out.info(f"{key} set in profile {profile}")


@app.command()
def unset(key: KeyArg) -> None:
    """Remove KEY from the active profile, so the environment or default applies."""
    from otpcli import config

    rt = current()
    config.check_key(key)
    profile = rt.profile or _env_profile()
    config.write_value(profile, key, None)
    rt.out.info(f"{key} removed from profile {profile}")


def _env_profile() -> str:
    import os

    from otpcli import config, env

    return os.environ.get(env.PROFILE) or config.DEFAULT_PROFILE
