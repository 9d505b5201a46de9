"""config list / get / set / unset: profile settings in config.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from otpcli.cli.groups import register as add

if TYPE_CHECKING:
    from otpcli.application import App

KeyArg = Annotated[str, typer.Argument(help="One of the keys shown by `otpcli config list`.")]


def list_(
    app: App,
    show_origin: Annotated[
        bool, typer.Option("--show-origin", help="Show where each value comes from.")
    ] = False,
) -> None:
    """Every key of the active profile with its effective value."""
    from otpcli import config
    from otpcli.report.reporter import View

    settings = app.settings
    values = {key: settings.get(key) for key in config.KEYS}
    if app.reporter.quiet and not app.reporter.json_mode:
        # KEY=VALUE lines of the keys that have a value, for `eval` or grep.
        for key, value in values.items():
            if value is not None:
                app.reporter.value(f"{key}={value}")
        return
    payload: dict[str, object] = {"profile": settings.profile, "values": values}
    if show_origin:
        payload["origins"] = {k: settings.origins.get(k) for k in config.KEYS}
    rows = [
        (key, values[key] or "—", *((settings.origins.get(key, "unset"),) if show_origin else ()))
        for key in config.KEYS
    ]
    headers = ("Key", "Value", "Origin") if show_origin else ("Key", "Value")
    app.reporter.result(View(f"Profile {settings.profile}", rows, payload, headers=headers))


def get(app: App, key: KeyArg) -> None:
    """Print one key's effective value (nothing when unset; exit 2 for an unknown key)."""
    from otpcli import config

    config.check_key(key)
    value = app.settings.get(key)
    if value is not None:
        app.reporter.value(value)


def set_(
    app: App, key: KeyArg, value: Annotated[str, typer.Argument(help="The new value.")]
) -> None:
    """Set KEY in the active profile (validated before anything is written)."""
    from otpcli import config
    from otpcli.application import insecure_http

    profile = config.profile_name(app.options.profile)
    config.set_value(profile, key, value)
    app.reporter.info(f"{key} set in profile {profile}")
    allowed = app.settings.get("allow_insecure_http") == "true"
    if key.endswith("_url") and config.unencrypted(value) and not allowed:
        app.reporter.warn(insecure_http(key, value), code="insecure_http")


def unset(app: App, key: KeyArg) -> None:
    """Remove KEY from the active profile, so the environment or default applies (a key
    otpcli does not know is removed too)."""
    from otpcli import config

    profile = config.profile_name(app.options.profile)
    if config.unset_value(profile, key):
        app.reporter.info(f"{key} removed from profile {profile}")
    else:
        app.reporter.info(f"{key} was not set in profile {profile}")


def register(group: typer.Typer) -> typer.Typer:
    add(group, list_, "list")
    add(group, get)
    add(group, set_, "set")
    add(group, unset)
    return group
