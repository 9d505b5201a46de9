"""Instants as providers send them and as people read them."""

from __future__ import annotations

import math
import time


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
