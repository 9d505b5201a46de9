"""Atomic, permission-correct file writes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, text: str, *, mode: int = 0o600, private_dir: bool = True) -> None:
    """Write through a temp file in the same directory and rename it into place.

    mkstemp creates the file 0600 from its first byte, so a secret is never readable by
    others even for an instant; a crash leaves the old file whole and no entry is lost.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if private_dir else 0o755)
    if private_dir:
        path.parent.chmod(0o700)
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
