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
from otpcli.i18n import _, join

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
    check = _("keyring")
    started = time.monotonic()
    try:
        store = KeyringStore()
        store.round_trip()
    except ConfigError as exc:  # OTPCLI_KEYRING_TIMEOUT is not a number of seconds
        return Check(check, Status.fail, exc.message, exc.hint), False
    except KeyringUnavailable as exc:
        ms = (time.monotonic() - started) * 1000
        detail = _("backend {backend}: {problem}").format(
            backend=store.backend_name(), problem=exc.message
        )
        if prefer_file:
            said = _("not needed: this profile keeps credentials in the file store")
            remedy = _(
                "to keep them in the OS keyring instead: install or unlock one (e.g."
                " gnome-keyring), then `otpcli config set credential_store keyring`"
            )
        elif holds:
            said = _("not needed so far: this profile's credentials are in the file store")
            remedy = _(
                "a login without --insecure-storage would need the keyring:"
                " `otpcli config set credential_store file` makes every login use the file"
                " store, or install or unlock a keyring (e.g. gnome-keyring)"
            )
        else:
            return Check(check, Status.fail, detail, exc.hint, ms), False
        return Check(check, Status.warn, join("; ", (detail, said)), remedy, ms), False
    ms = (time.monotonic() - started) * 1000
    detail = _("backend {backend}: usable (a throwaway entry written, read, deleted)").format(
        backend=store.backend_name()
    )
    return Check(check, Status.ok, detail, None, ms), True


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def file_store(profile: str, prefer_file: bool) -> Check:
    """Whether the profile uses the plain-text file store, where it is, and whether its
    file is 0600 and its directory 0700."""
    check = _("file store")
    store = FileStore(warn=lambda message: None)  # the check says it; no warning as well
    path = store.path
    try:
        holds = store.holds(profile)
    except AuthError as exc:
        return Check(check, Status.fail, exc.message, exc.hint)
    in_use = prefer_file or holds
    if not in_use:
        said = _("not in use by profile {profile}").format(profile=profile)
    elif prefer_file:
        said = _("in use (credential_store = file): {path}").format(path=path)
    else:
        said = _("in use (it holds this profile's credentials): {path}").format(path=path)
    if not path.exists():
        if in_use:
            created = _("{said}, not created yet (made 0600)").format(said=said)
            return Check(check, Status.ok, created)
        return Check(check, Status.ok, said)
    if not in_use:
        said = _("{said}; {path} holds other profiles' credentials").format(said=said, path=path)
    problems: list[tuple[str, str]] = []
    try:
        file_mode, dir_mode = _mode(path), _mode(path.parent)
    except OSError as exc:
        return Check(
            check,
            Status.fail,
            join(": ", (said, exc.strerror or str(exc))),
            _("check its permissions"),
        )
    if file_mode != FILE_MODE:
        problems.append(
            (_("the file is {mode:04o}, not 0600").format(mode=file_mode), f"chmod 600 {path}")
        )
    if dir_mode != DIR_MODE:
        problems.append(
            (
                _("its directory is {mode:04o}, not 0700").format(mode=dir_mode),
                f"chmod 700 {path.parent}",
            )
        )
    modes = _("file {file:04o}, directory {directory:04o}").format(
        file=file_mode, directory=dir_mode
    )
    if not problems:
        return Check(check, Status.ok, _("{said} ({modes})").format(said=said, modes=modes))
    fixes = " && ".join(fix for _what, fix in problems)
    return Check(
        check,
        Status.warn,
        _("{said}: {problems} (others may read the tokens)").format(
            said=said, problems=join("; ", (what for what, _fix in problems))
        ),
        _("{fixes} (or point {variable} at a private directory)").format(
            fixes=fixes, variable=env.DATA_DIR
        )
        if dir_mode != DIR_MODE
        else fixes,
    )
