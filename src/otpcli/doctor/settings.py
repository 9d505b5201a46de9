"""config.toml and the active profile: which file, does it parse, which profile and why,
keys otpcli does not know, and plain-http URLs to other machines."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from otpcli import config, env, paths
from otpcli.doctor.checks import Check, Status
from otpcli.errors import ConfigError

if TYPE_CHECKING:
    from otpcli.config import Settings

URL_KEYS = ("verifik_url", "trust_url", "atenea_url")


@dataclass(frozen=True)
class Profile:
    """The profile in force: its name, what chose it, and its settings when they load."""

    name: str
    origin: str
    settings: Settings | None = None


def chosen(flag: str | None) -> tuple[str, str]:
    """The profile's name and where it came from: the flag, the environment or the default."""
    if flag:
        return flag, "--profile"
    if os.environ.get(env.PROFILE):
        return os.environ[env.PROFILE], env.PROFILE
    return config.DEFAULT_PROFILE, "the default"


def config_file(profile: str) -> Check:
    """The file, whether it parses, and the keys otpcli does not know (in the active
    profile they stop every command: a failure; in another, a warning)."""
    path = paths.config_file()
    if not path.exists():
        return Check("config", Status.ok, f"{path}: not created yet, so every setting is a default")
    try:
        data = config.read_file(path)
    except ConfigError as exc:
        return Check("config", Status.fail, exc.message, exc.hint)
    profiles: Any = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(t, dict) for t in profiles.values()):
        return Check(
            "config",
            Status.fail,
            f"{path}: [profiles] must hold one table per profile",
            "fix or remove the file",
        )
    unknown = {
        (name, key) for name, table in profiles.items() for key in table if key not in config.KEYS
    }
    names = ", ".join(sorted(profiles)) or "none"
    detail = f"{path}: parses; profiles in it: {names}"
    if not unknown:
        return Check("config", Status.ok, detail)
    listed = ", ".join(f"{key} in [profiles.{name}]" for name, key in sorted(unknown))
    name, key = sorted(unknown)[0]
    return Check(
        "config",
        Status.fail if any(name == profile for name, _ in unknown) else Status.warn,
        f"{detail}; keys otpcli does not know: {listed}",
        f"remove each with `otpcli config unset KEY --profile NAME` (e.g. `otpcli config unset"
        f" {key} --profile {name}`); known keys: {', '.join(config.KEYS)}",
    )


def active_profile(flag: str | None, config_ok: bool) -> tuple[Check, Profile]:
    """The profile in force and where it came from; its settings, and its URLs that would
    carry tokens unencrypted."""
    name, origin = chosen(flag)
    said = f"{name} (from {origin})"
    try:
        config.check_profile_name(name)
        settings = config.load(name)
    except ConfigError as exc:
        if not config_ok:
            return Check("profile", Status.skipped, f"{said}; not read: see config"), Profile(
                name, origin
            )
        return Check("profile", Status.fail, f"{said}: {exc.message}", exc.hint), Profile(
            name, origin
        )
    profile = Profile(name, origin, settings)
    builtin = ", built-in" if name in config.BUILTIN_PROFILES else ""
    store = settings.get("credential_store") or "keyring"
    detail = f"{said}{builtin}; credential_store {store}"
    plain = [(key, settings.url(key)) for key in URL_KEYS if config.unencrypted(settings.url(key))]
    if not plain:
        return Check("profile", Status.ok, detail), profile
    listed = ", ".join(f"{key} {url}" for key, url in plain)
    if settings.get("allow_insecure_http") == "true":
        detail += f"; plain http to another machine, allowed by allow_insecure_http: {listed}"
        return Check("profile", Status.ok, detail), profile
    return (
        Check(
            "profile",
            Status.warn,
            f"{detail}; plain http to another machine (tokens and codes would cross the"
            f" network unencrypted): {listed}",
            "use an https:// URL, or `otpcli config set allow_insecure_http true` if this is"
            " on purpose",
        ),
        profile,
    )
