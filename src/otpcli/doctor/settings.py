"""config.toml and the active profile: which file, does it parse, which profile and why,
keys otpcli does not know, and plain-http URLs to other machines."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from otpcli import config, env, paths
from otpcli.doctor.checks import Check, Status
from otpcli.errors import ConfigError
from otpcli.i18n import _, join

if TYPE_CHECKING:
    from otpcli.config import Settings

URL_KEYS = ("verifik_url", "trust_url", "atenea_url")


@dataclass(frozen=True)
class Profile:
    """The profile in force: its name, what chose it, and its settings when they load."""

    name: str
    origin: str | None  # "--profile" or OTPCLI_PROFILE; None: neither named one
    settings: Settings | None = None


def chosen(flag: str | None) -> tuple[str, str | None]:
    """The profile's name and what named it: the flag, the environment, or None (neither
    did: the default profile)."""
    if flag:
        return flag, "--profile"
    if os.environ.get(env.PROFILE):
        return os.environ[env.PROFILE], env.PROFILE
    return config.DEFAULT_PROFILE, None


def config_file(profile: str) -> Check:
    """The file, whether it parses, and the keys otpcli does not know (in the active
    profile they stop every command: a failure; in another, a warning)."""
    check = _("config")
    path = paths.config_file()
    if not path.exists():
        return Check(
            check,
            Status.ok,
            _("{path}: not created yet, so every setting is a default").format(path=path),
        )
    try:
        data = config.read_file(path)
    except ConfigError as exc:
        return Check(check, Status.fail, exc.message, exc.hint)
    profiles: Any = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(t, dict) for t in profiles.values()):
        return Check(
            check,
            Status.fail,
            _("{path}: [profiles] must hold one table per profile").format(path=path),
            _("fix or remove the file"),
        )
    unknown = {
        (name, key) for name, table in profiles.items() for key in table if key not in config.KEYS
    }
    names = ", ".join(sorted(profiles)) or _("none")
    detail = _("{path}: parses; profiles in it: {names}").format(path=path, names=names)
    if not unknown:
        return Check(check, Status.ok, detail)
    listed = join(
        ", ",
        (
            _("{key} in [profiles.{profile}]").format(key=key, profile=profile_name)
            for profile_name, key in sorted(unknown)
        ),
    )
    first_profile, first_key = sorted(unknown)[0]
    return Check(
        check,
        Status.fail if any(each == profile for each, _key in unknown) else Status.warn,
        _("{detail}; keys otpcli does not know: {keys}").format(detail=detail, keys=listed),
        _(
            "remove each with `otpcli config unset KEY --profile NAME` (e.g. `otpcli config"
            " unset {key} --profile {profile}`); known keys: {known}"
        ).format(key=first_key, profile=first_profile, known=", ".join(config.KEYS)),
    )


def active_profile(flag: str | None, config_ok: bool) -> tuple[Check, Profile]:
    """The profile in force and where it came from; its settings, and its URLs that would
    carry tokens unencrypted."""
    check = _("profile")
    name, origin = chosen(flag)
    said = (
        _("{name} (from {origin})").format(name=name, origin=origin)
        if origin
        else _("{name} (no --profile or {variable})").format(name=name, variable=env.PROFILE)
    )
    try:
        config.check_profile_name(name)
        settings = config.load(name)
    except ConfigError as exc:
        if not config_ok:
            unread = _("{profile}; not read: see config").format(profile=said)
            return Check(check, Status.skipped, unread), Profile(name, origin)
        failed = join(": ", (said, exc.message))
        return Check(check, Status.fail, failed, exc.hint), Profile(name, origin)
    profile = Profile(name, origin, settings)
    store = settings.get("credential_store") or "keyring"
    detail = (
        _("{profile}, built-in; credential_store {store}")
        if name in config.BUILTIN_PROFILES
        else _("{profile}; credential_store {store}")
    ).format(profile=said, store=store)
    plain = [(key, settings.url(key)) for key in URL_KEYS if config.unencrypted(settings.url(key))]
    if not plain:
        return Check(check, Status.ok, detail), profile
    listed = ", ".join(f"{key} {url}" for key, url in plain)
    if settings.get("allow_insecure_http") == "true":
        allowed = _(
            "{detail}; plain http to another machine, allowed by allow_insecure_http: {urls}"
        ).format(detail=detail, urls=listed)
        return Check(check, Status.ok, allowed), profile
    return (
        Check(
            check,
            Status.warn,
            _(
                "{detail}; plain http to another machine (tokens and codes would cross the"
                " network unencrypted): {urls}"
            ).format(detail=detail, urls=listed),
            _(
                "use an https:// URL, or `otpcli config set allow_insecure_http true` if this"
                " is on purpose"
            ),
        ),
        profile,
    )
