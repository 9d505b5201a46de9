"""What a bulk run writes: one NDJSON line per record, and the tally behind its summary."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from otpcli.bulk.records import Record
from otpcli.errors import OtpcliError

Outcome = Literal["ok", "failed", "skipped"]
Result = tuple[Outcome, str]  # what a record ended as, and its NDJSON line


def line(record: Record, *, ok: bool, **extra: Any) -> str:
    """One NDJSON line. Bodies come redacted; the reporter swaps known secrets on output."""
    item: dict[str, Any] = {"line": record.line, "input": record.shown(), "ok": ok}
    item.update((k, v) for k, v in extra.items() if v is not None or k == "status")
    return json.dumps(item, ensure_ascii=False)


def error_line(
    record: Record, error: OtpcliError, scrub: Any, *, warning: str | None = None
) -> str:
    """A failed record's line; `scrub(text, codes)` takes secrets and the row's code out of
    the provider's messages, which may quote what they refused."""
    detail = {k: v for k, v in error.as_dict().items() if v is not None or k == "status"}
    codes = tuple(c for c in (record.fields.get("otp"),) if c)
    for key in ("message", "hint"):
        text = detail.get(key)
        if isinstance(text, str):
            detail[key] = scrub(text, codes)
    return line(record, ok=False, status=error.status, error=detail, warning=warning)


def internal(exc: Exception) -> OtpcliError:
    return OtpcliError(
        f"internal error: {type(exc).__name__}",
        hint="this is a bug; run again with --debug and report it",
    )


@dataclass
class Tally:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    not_attempted: int = 0
    rest_unread: bool = False  # stopped on a pipe: more records may have followed
    interrupted: bool = False
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
        rate = f" ({done / elapsed:.0f} records/s)" if elapsed > 0 and done else ""
        text = f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped in {elapsed:.2f}s"
        text += rate
        if self.interrupted:
            more = " (and the rest of stdin)" if self.rest_unread else ""
            text += (
                f"; interrupted: {self.not_attempted} records not attempted{more}"
                " — finish with --resume RESULTS.ndjson"
            )
        return text
