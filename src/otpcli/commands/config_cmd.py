"""config list / get / set / unset: profile settings in config.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from otpcli.cli.groups import register as add
from otpcli.i18n import _

if TYPE_CHECKING:
    from otpcli.application import App

KeyArg = Annotated[str, typer.Argument(help=_("One of the keys shown by `otpcli config list`."))]


def list_(
    app: App,
    show_origin: Annotated[
        bool, typer.Option("--show-origin", help=_("Show where each value comes from."))
    ] = False,
) -> None:
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
        (key, values[key] or "—", *((_origin(settings.origins.get(key)),) if show_origin else ()))
        for key in config.KEYS
    ]
    headers = (_("Key"), _("Value"), *((_("Origin"),) if show_origin else ()))
    title = _("Profile {profile}").format(profile=settings.profile)
    app.reporter.result(View(title, rows, payload, headers=headers))


def _origin(origin: str | None) -> str:
    """Where a value comes from, for the table (--json keeps config's own words)."""
    from otpcli import config

    if origin is None:
        return _("unset")
    if origin == "default":
        return _("default")
    builtin = "built-in profile "
    if origin.startswith(builtin) and origin[len(builtin) :] in config.BUILTIN_PROFILES:
        return _("built-in profile {name}").format(name=origin[len(builtin) :])
    return origin  # a variable's name, or the file and its table


def get(app: App, key: KeyArg) -> None:
    from otpcli import config

    config.check_key(key)
    value = app.settings.get(key)
    if value is not None:
        app.reporter.value(value)


def set_(
    app: App, key: KeyArg, value: Annotated[str, typer.Argument(help=_("The new value."))]
) -> None:
    from otpcli import config
    from otpcli.application import insecure_http
    from otpcli.config_edit import set_value
    from otpcli.errors import ConfigError

    profile = config.profile_name(app.options.profile)
    set_value(profile, key, value)
    app.reporter.info(_("{key} set in profile {profile}").format(key=key, profile=profile))
    # The settings are read only here, after the write: a profile holding another key that
    # does not read (the one `config set` may be mending next) must not turn this success
    # into exit 2. Unreadable, allow_insecure_http counts as not set, and the warning stays.
    if key.endswith("_url") and config.unencrypted(value):
        try:
            allowed = app.settings.get("allow_insecure_http") == "true"
        except ConfigError:
            allowed = False
        if not allowed:
            app.reporter.warn(insecure_http(key, value), code="insecure_http")


def unset(app: App, key: KeyArg) -> None:
    from otpcli import config
    from otpcli.config_edit import unset_value

    profile = config.profile_name(app.options.profile)
    if unset_value(profile, key):
        app.reporter.info(
            _("{key} removed from profile {profile}").format(key=key, profile=profile)
        )
    else:
        app.reporter.info(
            _("{key} was not set in profile {profile}").format(key=key, profile=profile)
        )


def register(group: typer.Typer) -> typer.Typer:
    add(group, list_, "list", help=_("Every key of the active profile with its effective value."))
    add(
        group,
        get,
        help=_("Print one key's effective value (nothing when unset; exit 2 for an unknown key)."),
    )
    add(
        group,
        set_,
        "set",
        help=_("Set KEY in the active profile (validated before anything is written)."),
    )
    add(
        group,
        unset,
        help=_(
            "Remove KEY from the active profile, so the environment or default "
            "applies (a key otpcli does not know is removed too)."
        ),
    )
    return group
