"""Profiles in config.toml, and the precedence flag > environment > profile > default."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from otpcli import env, paths
from otpcli.errors import ConfigError
from otpcli.i18n import LANGUAGES, _
from otpcli.inputs import GATEWAYS

SANDBOX_URL = "http://127.0.0.1:8787"
DEFAULT_PROFILE = "default"

DEFAULTS: dict[str, str] = {
    "verifik_url": "https://api.verifik.co",
    "trust_url": "https://api.trust.lat",
    "atenea_url": "https://atenea.trust.lat",
    "credential_store": "keyring",
}
BUILTIN_PROFILES: dict[str, dict[str, str]] = {
    "sandbox": {
        "verifik_url": SANDBOX_URL,
        "trust_url": SANDBOX_URL,
        "atenea_url": SANDBOX_URL,
        "project": "sandbox-project",
        "project_flow": "sandbox-flow",
    }
}
KEYS = (*env.KEY_VARIABLES, *env.PROFILE_ONLY_KEYS)
BOOLEAN_KEYS = ("allow_insecure_http",)  # written as TOML booleans; every other key a string
STORES = ("keyring", "file")
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def check_key(key: str) -> str:
    if key not in KEYS:
        raise ConfigError(
            _("unknown key {key!r}").format(key=key),
            hint=_("known keys: {keys}").format(keys=", ".join(KEYS)),
        )
    return key


def validate_value(key: str, value: str) -> str:
    """The normalised value, or ConfigError naming what is wrong."""
    check_key(key)
    value = value.strip()
    if key.endswith("_url"):
        if not _is_http_url(value):
            raise ConfigError(
                _("{key}: {value!r} is not an http(s) URL").format(key=key, value=value)
            )
        return value.rstrip("/")
    if key == "country_code":
        from otpcli.inputs import parse_country_code

        return parse_country_code(value)
    choices = {"gateway": GATEWAYS, "credential_store": STORES, "language": LANGUAGES}
    if key in choices and value not in choices[key]:
        raise ConfigError(
            _("{key}: {value!r} is not one of {choices}").format(
                key=key, value=value, choices=", ".join(choices[key])
            )
        )
    if key == "allow_insecure_http":
        return _boolean(key, value)
    if not value:
        raise ConfigError(_("{key}: empty value").format(key=key))
    return value


_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")


def _boolean(key: str, value: str) -> str:
    lowered = value.lower()
    if lowered in _TRUE:
        return "true"
    if lowered in _FALSE:
        return "false"
    raise ConfigError(_("{key}: {value!r} is not true or false").format(key=key, value=value))


def stored(key: str, value: object) -> str:
    """A value of config.toml as the text `validate_value` reads, or ConfigError when its
    TOML type cannot be the key's. A boolean key holds `true` or `false`, or a spelling
    earlier versions read (`"yes"`, `"1"`, `1`...: see `_boolean`); every other key a
    string, or an integer read as its decimal text (`country_code = 507` is "+507"), as
    before. A float, a date, an array or a table is refused, quoting the line."""
    if key in BOOLEAN_KEYS:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int):
            text = str(value).strip().lower()
            if text in _TRUE or text in _FALSE:
                return text
        problem = _("{setting}: the value must be true or false, without quotes")
    elif isinstance(value, str):
        return value
    elif isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    else:
        problem = _("{setting}: the value must be a string, in quotes")
    raise ConfigError(
        problem.format(setting=f"{key} = {_as_toml(value)}"),
        hint=_("fix it in the file, or set it again with `otpcli config set {key} VALUE`").format(
            key=key
        ),
    )


def _as_toml(value: object) -> str:
    """`value` as its line in config.toml has it: tables inline (`{a = 1}`), so the
    message quotes one line, not a table's body."""
    import tomlkit

    def item(value: object) -> Any:
        if isinstance(value, dict):
            table = tomlkit.inline_table()
            for name, inner in value.items():
                table[name] = item(inner)
            return table
        if isinstance(value, list):
            array = tomlkit.array()
            array.extend(item(inner) for inner in value)
            return array
        return tomlkit.item(value)

    return str(item(value).as_string())


def value_to_store(key: str, value: str) -> str | bool:
    """What `config set` writes for a validated value: booleans as TOML booleans."""
    return value == "true" if key in BOOLEAN_KEYS else value


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def unencrypted(url: str) -> bool:
    """Whether a token sent to `url` would cross the network in clear: plain http to a host
    other than this machine (the sandbox on loopback is fine)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "http" and host not in LOOPBACK and not host.startswith("127.")


def _is_http_url(value: str) -> bool:
    from urllib.parse import urlsplit

    if any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError:
        return False
    del port
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query


def check_profile_name(name: str) -> str:
    if not _PROFILE_NAME.match(name):
        raise ConfigError(
            _("invalid profile name {name!r}: letters, digits, . _ - only").format(name=name)
        )
    return name


def read_file(path: Path) -> dict[str, Any]:
    """The parsed file; a broken one is an error naming file and line, never overwritten."""
    return parse_text(path, read_text(path))


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(_("cannot read {path}: {reason}").format(path=path, reason=exc)) from None


def parse_text(path: Path, text: str) -> dict[str, Any]:
    # tomllib, not tomlkit, on the path every command takes: its import costs a third as
    # much (about 4 ms against 10-15 ms on top of the CLI's own imports).
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: {exc}",
            hint=_("fix or remove the file; otpcli will not overwrite it while it is broken"),
        ) from None


@dataclass(frozen=True)
class Settings:
    """Every key of one profile, resolved once: environment > profile > default. A
    command's own flag wins over all of them: `get(key, flag)`."""

    profile: str
    values: Mapping[str, str]
    origins: Mapping[str, str]
    new: bool = False  # not in config.toml yet: a login may create it (`load(new_ok=True)`)

    def get(self, key: str, flag: str | None = None) -> str | None:
        return flag if flag is not None else self.values.get(key)

    def url(self, key: str) -> str:
        return self.values[key]


def profile_name(flag: str | None) -> str:
    """--profile, else OTPCLI_PROFILE, else "default": the one place the profile is chosen."""
    return check_profile_name(flag or os.environ.get(env.PROFILE) or DEFAULT_PROFILE)


def load(name: str, *, new_ok: bool = False) -> Settings:
    """Resolve every key of profile `name`: environment > profile (file, built-in) > default.

    A profile that does not exist is an error, unless `new_ok` (login, confirm and
    trust-login, which create it): its settings are then the defaults and the environment.
    """
    check_profile_name(name)
    path = paths.config_file()
    profiles = _profiles(read_file(path), path)
    stored_profile = profiles.get(name, {})
    if not isinstance(stored_profile, dict):
        raise ConfigError(
            _("{path}: [profiles.{name}] must be a table").format(path=path, name=name)
        )
    new = not known(name, profiles)
    if new and not new_ok:
        raise no_such_profile(name, profiles)
    values: dict[str, str] = {}
    origins: dict[str, str] = {}
    layers: list[tuple[str, Mapping[str, Any]]] = [
        ("default", DEFAULTS),
        (f"built-in profile {name}", BUILTIN_PROFILES.get(name, {})),
        (f"{path} [profiles.{name}]", stored_profile),
        ("environment", {k: os.environ.get(v) for k, v in env.KEY_VARIABLES.items()}),
    ]
    for origin, layer in layers:
        for key, value in layer.items():
            if value is None or value == "":
                continue
            if key not in KEYS:
                if origin.startswith(str(path)):
                    raise ConfigError(
                        _("{path}: unknown key {key!r} in [profiles.{name}]").format(
                            path=path, key=key, name=name
                        ),
                        hint=_(
                            "remove it with `otpcli config unset {key} --profile {name}`"
                        ).format(key=key, name=name),
                    )
                continue
            where = env.KEY_VARIABLES[key] if origin == "environment" else origin
            try:
                text = stored(key, value) if layer is stored_profile else str(value)
                values[key] = validate_value(key, text)
            except ConfigError as exc:
                raise ConfigError(
                    _("{problem} (from {origin})").format(problem=exc.message, origin=where),
                    hint=exc.hint,
                ) from None
            origins[key] = where
    return Settings(name, MappingProxyType(values), MappingProxyType(origins), new)


def existing_profile(name: str) -> str:
    """`name`, when that profile exists; its keys are not read, so a command that needs
    none of them (`auth logout`) works on a file holding a key it does not know."""
    check_profile_name(name)
    path = paths.config_file()
    profiles = _profiles(read_file(path), path)
    if not known(name, profiles):
        raise no_such_profile(name, profiles)
    return name


def _profiles(data: dict[str, Any], path: Path) -> dict[str, Any]:
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(_("{path}: [profiles] must be a table").format(path=path))
    return profiles


def known(name: str, profiles: Mapping[str, Any]) -> bool:
    return name == DEFAULT_PROFILE or name in profiles or name in BUILTIN_PROFILES


def similar_profile(name: str, profiles: Mapping[str, Any] | None = None) -> str | None:
    """The known profile `name` is most likely a typo of, if any."""
    import difflib

    known = profile_names() if profiles is None else _names(profiles)
    close = difflib.get_close_matches(name, [n for n in known if n != name], n=1)
    return close[0] if close else None


def no_such_profile(name: str, profiles: Mapping[str, Any]) -> ConfigError:
    create = _(
        "create it with `otpcli config set KEY VALUE --profile {name}`,"
        " or by logging in with --profile {name}"
    ).format(name=name)
    close = similar_profile(name, profiles)
    return ConfigError(
        _("no profile named {name!r}").format(name=name),
        hint=_("did you mean {close!r}? Or {create}").format(close=close, create=create)
        if close
        else create,
    )


def profile_names() -> list[str]:
    data = read_file(paths.config_file())
    profiles = data.get("profiles")
    return _names(profiles if isinstance(profiles, dict) else {})


def _names(profiles: Mapping[str, Any]) -> list[str]:
    return sorted(set(profiles) | set(BUILTIN_PROFILES) | {DEFAULT_PROFILE})
