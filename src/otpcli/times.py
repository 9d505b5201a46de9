"""Instants as providers send them and as people read them."""

from __future__ import annotations

import math
import time

from otpcli.i18n import _, ngettext


def plausible_epoch(value: object) -> float | None:
    """Epoch seconds (or milliseconds) a calendar can show, or None for anything else
    (NaN, 1e20, a string): a provider's odd claim must not break every later command."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except OverflowError:
        return None
    if seconds > 10**11:
        seconds /= 1000
    return seconds if math.isfinite(seconds) and 0 < seconds < 253402300799 else None


def iso(epoch: float) -> str:
    """UTC timestamp as the providers write theirs ("unknown" for what no calendar holds)."""
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    except (OverflowError, ValueError, OSError):
        return "unknown"


def parse(value: object) -> float | None:
    """Epoch seconds from what providers send: an ISO 8601 string or epoch (milli)seconds."""
    if isinstance(value, str):
        from datetime import datetime

        try:
            return datetime.fromisoformat(value.strip()).timestamp()
        except ValueError:
            return None
    return plausible_epoch(value)


def ago(seconds: float) -> str:
    """A duration as people say it, in the run's language: "3 min", "29 days" ("29 días")."""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 36 * 3600:
        return f"{seconds / 3600:.0f} h"
    days = round(seconds / 86400)
    return ngettext("{count} day", "{count} days", days).format(count=days)


def local(value: object, now: float | None = None) -> str:
    """An instant for a table: local time (24-hour) with its offset, and how far it is from
    now in the run's language ("2026-11-29 14:39:05 -03:00 (in 10 min)", "(hace 3 min)").
    What cannot be read is shown as it came; JSON output keeps the providers' own strings."""
    epoch = parse(value)
    if epoch is None:
        return "" if value is None else str(value)
    from datetime import datetime

    when = datetime.fromtimestamp(epoch).astimezone()
    offset = when.strftime("%z")
    shown = f"{when:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"
    delta = epoch - (time.time() if now is None else now)
    if abs(delta) < 1:
        return _("{time} (now)").format(time=shown)
    if delta > 0:
        return _("{time} (in {duration})").format(time=shown, duration=ago(delta))
    return _("{time} ({duration} ago)").format(time=shown, duration=ago(delta))
