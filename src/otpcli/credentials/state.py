"""The state file: non-secret metadata per profile and provider (expiry, masked phone, store).

A token never goes here; a new login rewrites its entry, so a broken file is simply replaced.
"""

from __future__ import annotations

import json
from typing import Any

from otpcli import paths
from otpcli.times import plausible_epoch

# Under this many days left, a stored Verifik token is said to be expiring.
TOKEN_WARN_DAYS = 3


def load_state() -> dict[str, Any]:
    """The state file, or an empty one when it is missing or not what otpcli writes (it
    holds only metadata that a new login rewrites, so a broken one is simply replaced)."""
    try:
        data = json.loads(paths.state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("profiles", {}), dict):
        return {}
    profiles = data.get("profiles", {})
    if not all(isinstance(section, dict) for section in profiles.values()):
        return {}
    return data


def metadata(profile: str, provider: str) -> dict[str, Any]:
    entry = load_state().get("profiles", {}).get(profile, {}).get(provider)
    return entry if isinstance(entry, dict) else {}


def save_metadata(profile: str, provider: str, entry: dict[str, Any] | None) -> None:
    from otpcli.files import atomic_write, locked

    path = paths.state_file()
    with locked(path):
        state = load_state()
        profiles = state.setdefault("profiles", {})
        section = profiles.setdefault(profile, {})
        if entry is None:
            section.pop(provider, None)
            if not section:
                profiles.pop(profile, None)
        else:
            section[provider] = entry
        atomic_write(path, json.dumps(state, indent=2) + "\n", mode=0o600)


def token_expiry(token: str, received: float, days: float = 30) -> float:
    """The JWT's `exp` or `expiresAt` claim when present, else receipt + `days`."""
    claimed = jwt_expiry(token)
    return received + days * 86400 if claimed is None else claimed


def jwt_expiry(token: str) -> float | None:
    """The JWT's `exp` or `expiresAt` claim, or None when the token says nothing of it."""
    import base64

    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError):
        return None
    if not isinstance(claims, dict):
        return None
    for claim in ("exp", "expiresAt"):
        value = plausible_epoch(claims.get(claim))
        if value is not None:
            return value
    return None
