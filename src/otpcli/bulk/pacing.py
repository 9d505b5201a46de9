"""The pace a bulk run keeps: how many in flight, how many a second, and after a 429."""

from __future__ import annotations

import asyncio
import time

# How long everything waits after a 429 that does not say (Retry-After is usual).
DEFAULT_PAUSE = 1.0


class Throttle:
    """The pace every request of a run shares; it is the `Gate` of `AsyncHttpClient`.

    At most `limit` records in flight (starting at --concurrency), at most --rate tries per
    second, and after a 429 nothing is sent until its Retry-After has passed. Each 429
    burst also halves the limit, and each record finished outside a pause raises it by
    1/limit: additive increase, multiplicative decrease, so that the run settles at a pace
    the provider accepts instead of hitting it again at full speed after every pause.
    """

    def __init__(self, concurrency: int, rate: float | None) -> None:
        self._ceiling = float(concurrency)
        self.limit = float(concurrency)
        self.in_flight = 0
        self._interval = 1.0 / rate if rate else 0.0
        self._next_try = 0.0
        self._paused_until = 0.0
        self._room = asyncio.Event()

    async def acquire(self) -> None:
        """Wait for a free slot. Only the producer calls it: one waiter at most."""
        while self.in_flight >= int(self.limit):
            self._room.clear()
            await self._room.wait()
        self.in_flight += 1

    def release(self) -> None:
        self.in_flight -= 1
        if time.monotonic() >= self._paused_until:
            self.limit = min(self._ceiling, self.limit + 1.0 / self.limit)
        self._room.set()

    async def wait(self) -> None:
        while True:
            now = time.monotonic()
            ready = max(self._paused_until, self._next_try)
            if ready <= now:
                break
            await asyncio.sleep(ready - now)
        self._next_try = now + self._interval

    def throttled(self, delay: float | None) -> None:
        now = time.monotonic()
        if now >= self._paused_until:  # a new burst; the 429s in flight with it add nothing
            self.limit = max(1.0, self.limit / 2)
        pause = DEFAULT_PAUSE if delay is None else delay
        self._paused_until = max(self._paused_until, now + pause)
