"""Changes to config.toml: set or unset one key of a profile, add an empty profile. Each is
one locked read-modify-write that keeps the user's comments and layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from otpcli import paths
from otpcli.config import (
    check_key,
    check_profile_name,
    known,
    no_such_profile,
    parse_text,
    read_text,
    validate_value,
    value_to_store,
)
from otpcli.errors import ConfigError
from otpcli.i18n import _


def set_value(profile: str, key: str, value: str) -> None:
    """Set one key of one profile, creating the profile if needed."""
    check_profile_name(profile)
    new = value_to_store(key, validate_value(key, value))

    def change(profiles: Any) -> None:
        _table(profiles, profile)[key] = new

    _rewrite(change)


def unset_value(profile: str, key: str) -> bool:
    """Remove one key of one profile; whether it was there. A key otpcli does not know is
    removed too: that is how a file holding one is mended. The profile's table stays, even
    empty: a profile a login created has no keys, and is still the profile."""
    check_profile_name(profile)
    removed = False

    def change(profiles: Any) -> None:
        nonlocal removed
        if profile in profiles and key in profiles[profile]:
            del profiles[profile][key]
            removed = True
            return
        check_key(key)
        if not known(profile, profiles):
            raise no_such_profile(profile, profiles)

    _rewrite(change)
    return removed


def add_profile(profile: str) -> None:
    """Write an empty [profiles.NAME] table unless the profile exists: how a login to a new
    profile brings it into being (its keys are the defaults and the environment's)."""
    check_profile_name(profile)

    def change(profiles: Any) -> None:
        if not known(profile, profiles):
            _table(profiles, profile)

    _rewrite(change)


def _table(profiles: Any, name: str) -> Any:
    import tomlkit

    if name not in profiles:
        profiles[name] = tomlkit.table()
    return profiles[name]


HEADER = "otpcli configuration: `otpcli config set KEY VALUE [--profile NAME]`"


def _rewrite(change: Callable[[Any], None]) -> None:
    """One read-modify-write of config.toml, `change` editing its [profiles] table in place.

    Under the lock the state and credential files use, so parallel `config set` runs keep
    each other's changes; through tomlkit, so the user's comments, tables otpcli does not
    know and the layout survive; written atomically, so a crash leaves the old file whole.
    """
    import tomlkit

    from otpcli.files import atomic_write, locked

    path = paths.config_file()
    with locked(path, private_dir=False):
        text = read_text(path)
        # What tomllib (the reader of every command) refuses is never rewritten.
        profiles = parse_text(path, text).get("profiles", {})
        if not isinstance(profiles, dict) or not all(
            isinstance(section, dict) for section in profiles.values()
        ):
            raise ConfigError(
                _("{path}: [profiles] must hold one table per profile; not rewriting it").format(
                    path=path
                ),
                hint=_("fix or remove the file"),
            )
        document = tomlkit.parse(text)
        if not text.strip():
            document.add(tomlkit.comment(HEADER))
            document.add(tomlkit.nl())
        if "profiles" not in document:
            document["profiles"] = tomlkit.table(is_super_table=True)
        before = document.as_string()
        change(document["profiles"])
        after = tomlkit.dumps(document)
        if after != before:
            atomic_write(path, after, mode=0o644, private_dir=False)
