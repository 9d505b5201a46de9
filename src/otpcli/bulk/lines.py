"""What a bulk run writes: one NDJSON line per record, and the tally behind its summary.

Lines are data: the same in every language, so their messages are English (an error's
`as_dict()`, and the literals below); the summary is for people, in the run's language.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from otpcli.bulk.records import Record
from otpcli.bulk.resume import ABANDONED
from otpcli.errors import OtpcliError
from otpcli.i18n import _, decimal
from otpcli.report.progress import counted

Outcome = Literal["ok", "failed", "skipped"]
Item = dict[str, Any]
Result = tuple[Outcome, Item]  # what a record ended as, and its NDJSON object
Scrub = Callable[[str, tuple[str, ...]], str]


def item(record: Record, *, ok: bool, **extra: Any) -> Item:
    """One NDJSON object. Bodies come redacted; the reporter swaps known secrets on output."""
    shown: Item = {"line": record.line, "input": record.shown(), "ok": ok}
    shown.update((k, v) for k, v in extra.items() if v is not None or k == "status")
    return shown


def text(line: Item) -> str:
    return json.dumps(line, ensure_ascii=False)


def failed(record: Record, error: OtpcliError, scrub: Scrub, **extra: Any) -> Result:
    """A failed record's line; `scrub(text, codes)` takes secrets and the row's own code out
    of the provider's messages, which may quote what they refused."""
    detail = {k: v for k, v in error.as_dict().items() if v is not None or k == "status"}
    codes = tuple(c for c in (record.fields.get("otp"),) if c)
    for key in ("message", "hint"):
        value = detail.get(key)
        if isinstance(value, str):
            detail[key] = scrub(value, codes)
    return "failed", item(record, ok=False, status=error.status, error=detail, **extra)


def abandoned(record: Record, *, earlier: bool = False) -> Item:
    message = "may have been sent" + (" (abandoned by an earlier run)" if earlier else "")
    error = {"code": ABANDONED, "message": message, "status": None}
    return item(record, ok=False, status=None, error=error, skipped=True if earlier else None)


def not_attempted(record: Record, why: str) -> Item:
    error = {"code": "not_attempted", "message": f"not attempted: {why}", "status": None}
    return item(record, ok=False, status=None, error=error)


def internal(exc: BaseException) -> OtpcliError:
    return OtpcliError(
        _("internal error: {failure}").format(failure=type(exc).__name__),
        hint=_("this is a bug; run again with --debug and report it"),
    )


@dataclass
class Tally:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    abandoned: int = 0  # in flight at a second Ctrl-C: may have been sent
    not_attempted: int = 0  # never started: counted, or given a not_attempted line
    unreported: int = 0  # done, but stdout was gone: their lines went to stderr
    rest_unread: bool = False  # stopped on a pipe: more records may have followed
    started: float = field(default_factory=time.monotonic)

    def count(self, outcome: Outcome) -> None:
        if outcome == "ok":
            self.ok += 1
        elif outcome == "failed":
            self.failed += 1
        else:
            self.skipped += 1

    def summary(self) -> str:
        elapsed = time.monotonic() - self.started
        done = self.ok + self.failed + self.skipped
        text = _("{ok}, {failed}, {skipped} in {seconds}s").format(
            ok=counted("ok", self.ok),
            failed=counted("failed", self.failed),
            skipped=counted("skipped", self.skipped),
            seconds=decimal(elapsed, 2),
        )
        if elapsed > 0 and done:
            text = _("{summary} ({rate} records/s)").format(
                summary=text, rate=f"{done / elapsed:.0f}"
            )
        return text
