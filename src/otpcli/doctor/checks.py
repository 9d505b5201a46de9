"""What a check found, and the exit code the findings add up to."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from otpcli.errors import Exit
from otpcli.i18n import english, join, ngettext


class Status(StrEnum):
    ok = "ok"
    warn = "warn"  # works, but deserves a look
    fail = "fail"  # a command that needs this will fail
    skipped = "skipped"  # not run (--offline, or what it needs is broken)


MARKS = {Status.ok: "✓", Status.warn: "!", Status.fail: "✗", Status.skipped: "–"}
STYLES = {Status.ok: None, Status.warn: "yellow", Status.fail: "red", Status.skipped: "dim"}


class Kind(StrEnum):
    """Which exit code a failure of the check leads to."""

    other = "other"
    credentials = "credentials"
    network = "network"


@dataclass(frozen=True)
class Check:
    """A check's name, finding and remedy are in the run's language for the table; --json
    gives their English (`i18n.english`), the same in every language."""

    name: str
    status: Status
    detail: str
    remedy: str | None = None
    ms: float | None = None
    kind: Kind = Kind.other

    def as_dict(self) -> dict[str, Any]:
        ms = None if self.ms is None else round(self.ms)
        return {
            "name": english(self.name),
            "status": self.status.value,
            "detail": english(self.detail),
            "remedy": english(self.remedy) if self.remedy is not None else None,
            "ms": ms,
        }


def timed(check: Callable[[], Check]) -> Check:
    """`check()`, with the time it took (unless it measured its own)."""
    started = time.monotonic()
    found = check()
    if found.ms is not None:
        return found
    return replace(found, ms=(time.monotonic() - started) * 1000)


def exit_code(checks: Iterable[Check]) -> int:
    """0 when nothing failed; 3 when only credentials did; 8 when the network did; else 7."""
    failed = {check.kind for check in checks if check.status is Status.fail}
    if not failed:
        return Exit.OK
    if Kind.network in failed:
        return Exit.NETWORK
    if failed == {Kind.credentials}:
        return Exit.AUTH
    return Exit.PROVIDER


def overall(checks: Iterable[Check]) -> Status:
    """The worst status among the checks run: what `doctor -q` prints."""
    seen = {check.status for check in checks}
    for status in (Status.fail, Status.warn):
        if status in seen:
            return status
    return Status.ok


def summary(checks: list[Check]) -> str:
    """ "2 failed, 1 to look at, 9 ok" for the line after the table."""
    counts = {status: sum(1 for c in checks if c.status is status) for status in Status}
    fail, warn, ok, skipped = (
        counts[s] for s in (Status.fail, Status.warn, Status.ok, Status.skipped)
    )
    parts = [
        ngettext("{count} failed", "{count} failed", fail).format(count=fail) if fail else "",
        ngettext("{count} to look at", "{count} to look at", warn).format(count=warn)
        if warn
        else "",
        ngettext("{count} ok", "{count} ok", ok).format(count=ok),
        ngettext("{count} skipped", "{count} skipped", skipped).format(count=skipped)
        if skipped
        else "",
    ]
    return join(", ", (part for part in parts if part))
