"""Where credentials are kept: the OS keyring (asked with a throwaway entry, within its
timeout) and the opt-in file store (in use? its path and modes)."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from otpcli import env
from otpcli.credentials import FileStore, KeyringStore, KeyringUnavailable
from otpcli.doctor.checks import Check, Status
from otpcli.errors import AuthError, ConfigError

FILE_MODE = 0o600
DIR_MODE = 0o700


def in_file_store(profile: str) -> bool:
    """Whether the file store holds any of the profile's credentials (a damaged one is told
    by the file store check)."""
    try:
        return FileStore(warn=lambda message: None).holds(profile)
    except AuthError:
        return False


def keyring(prefer_file: bool, holds: bool) -> tuple[Check, bool]:
    """The backend keyring chose, and whether a write/read/delete of a throwaway entry works
    within the keyring timeout (OTPCLI_KEYRING_TIMEOUT, 3 s by default); and whether it does.

    Unusable, it fails the check when the profile keeps its credentials there, and only
    deserves a look when they are in the file store: chosen (`prefer_file`), or where
    `--insecure-storage` put them (`holds`)."""
    started = time.monotonic()
    try:
        store = KeyringStore()
        store.round_trip()
    except ConfigError as exc:  # OTPCLI_KEYRING_TIMEOUT is not a number of seconds
        return Check("keyring", Status.fail, exc.message, exc.hint), False
    except KeyringUnavailable as exc:
        ms = (time.monotonic() - started) * 1000
        detail = f"backend {store.backend_name()}: {exc.message}"
        if prefer_file:
            said = "not needed: this profile keeps credentials in the file store"
            remedy = (
                "to keep them in the OS keyring instead: install or unlock one (e.g."
                " gnome-keyring), then `otpcli config set credential_store keyring`"
            )
        elif holds:
            said = "not needed so far: this profile's credentials are in the file store"
            remedy = (
                "a login without --insecure-storage would need the keyring:"
                " `otpcli config set credential_store file` makes every login use the file"
                " store, or install or unlock a keyring (e.g. gnome-keyring)"
            )
        else:
            return Check("keyring", Status.fail, detail, exc.hint, ms), False
        return Check("keyring", Status.warn, f"{detail}; {said}", remedy, ms), False
    ms = (time.monotonic() - started) * 1000
    detail = f"backend {store.backend_name()}: usable (a throwaway entry written, read, deleted)"
    return Check("keyring", Status.ok, detail, None, ms), True


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def file_store(profile: str, prefer_file: bool) -> Check:
    """Whether the profile uses the plain-text file store, where it is, and whether its
    file is 0600 and its directory 0700."""
    store = FileStore(warn=lambda message: None)  # the check says it; no warning as well
    path = store.path
    try:
        holds = store.holds(profile)
    except AuthError as exc:
        return Check("file store", Status.fail, exc.message, exc.hint)
    in_use = prefer_file or holds
    why = "credential_store = file" if prefer_file else "it holds this profile's credentials"
    said = f"in use ({why}): {path}" if in_use else f"not in use by profile {profile}"
    if not path.exists():
        if in_use:
            return Check("file store", Status.ok, f"{said}, not created yet (made 0600)")
        return Check("file store", Status.ok, said)
    if not in_use:
        said += f"; {path} holds other profiles' credentials"
    problems: list[tuple[str, str]] = []
    try:
        file_mode, dir_mode = _mode(path), _mode(path.parent)
    except OSError as exc:
        return Check("file store", Status.fail, f"{said}: {exc.strerror}", "check its permissions")
    if file_mode != FILE_MODE:
        problems.append((f"the file is {file_mode:04o}, not 0600", f"chmod 600 {path}"))
    if dir_mode != DIR_MODE:
        problems.append((f"its directory is {dir_mode:04o}, not 0700", f"chmod 700 {path.parent}"))
    modes = f"file {file_mode:04o}, directory {dir_mode:04o}"
    if not problems:
        return Check("file store", Status.ok, f"{said} ({modes})")
    return Check(
        "file store",
        Status.warn,
        f"{said}: " + "; ".join(what for what, _ in problems) + " (others may read the tokens)",
        " && ".join(fix for _, fix in problems)
        + (f" (or point {env.DATA_DIR} at a private directory)" if dir_mode != DIR_MODE else ""),
    )
