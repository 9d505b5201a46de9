"""Atomic, permission-correct file writes, and why a file cannot be opened, in otpcli's words."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from otpcli.i18n import _


@contextlib.contextmanager
def locked(path: Path, *, private_dir: bool = True) -> Iterator[None]:
    """Hold an exclusive lock beside `path` for a read-modify-write, so two otpcli processes
    saving at once do not lose each other's entry. `private_dir` as for `atomic_write`: the
    lock may be the first thing to create the directory."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: atomic replace still keeps the file whole
        yield
        return
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if private_dir else 0o755)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str, *, mode: int = 0o600, private_dir: bool = True) -> None:
    """Write through a temp file in the same directory and rename it into place.

    mkstemp creates the file 0600 from its first byte, so a secret is never readable by
    others even for an instant; a crash leaves the old file whole and no entry is lost.
    """
    if not path.parent.exists():
        # Only a directory we create is made private: chmod-ing one the user pointed us at
        # (their home, a shared folder) would be a surprise.
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if private_dir else 0o755)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if mode != 0o600:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def os_reason(exc: OSError) -> str:
    """Why a file cannot be opened, in otpcli's words (the OS's `strerror` is English
    whatever the language): the usual reasons by name, any other by its errno code."""
    if exc.errno == errno.ENOENT:
        return _("no such file")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if exc.errno == errno.EISDIR:
        return _("it is a directory")
    if exc.errno == errno.ENOTDIR:
        return _("a part of its path is not a directory")
    code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    return _("system error {code}").format(code=code)
