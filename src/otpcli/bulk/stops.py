"""Why a bulk run stops before its input ends, what that means for the records left, and
how it is told. Whatever stops a run, every record it started gets its line."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from dataclasses import dataclass

from otpcli.bulk.lines import Tally
from otpcli.errors import Exit, OtpcliError

NO_CONNECTION = frozenset({"connection_refused", "connect_error", "connect_timeout", "dns_error"})


@dataclass(frozen=True)
class Stop:
    reason: str
    exit_code: int
    # True: the records left are read on and each gets a `not_attempted` line (the run was
    # stopped by a rule, not by the user); False: they are only counted.
    reads_on: bool = False
    error: OtpcliError | None = None


INTERRUPTED = Stop("interrupted", Exit.INTERRUPTED)
TERMINATED = Stop("terminated", Exit.INTERRUPTED)
OUTPUT_CLOSED = Stop("output closed", Exit.OUTPUT_CLOSED)


def token_refused(error: OtpcliError) -> Stop:
    return Stop("the token was refused", Exit.AUTH, reads_on=True, error=error)


def unreachable(error: OtpcliError, failures: int) -> Stop:
    return Stop(f"{failures} connections failed in a row", Exit.NETWORK, reads_on=True, error=error)


def told(stop: Stop | None, tally: Tally) -> str:
    """The run's summary line: its tally, and how a stop left the records."""
    text = tally.summary()
    if stop is None:
        return text
    more = " (and the rest of stdin)" if tally.rest_unread else ""
    left = f"{tally.not_attempted} records not attempted{more}"
    if stop is OUTPUT_CLOSED:
        return (
            f"{text}; output closed: {tally.unreported} records done but not reported (their"
            f' lines are above on stderr, with "reported": false), {left}; the cut output'
            " cannot be resumed from"
        )
    if stop.reads_on:
        return f"{text}; stopped: {stop.reason}; {left} (their lines say not_attempted)"
    gone = f", {tally.abandoned} abandoned in flight (they may have been sent)"
    return (
        f"{text}; {stop.reason}: {left}{gone if tally.abandoned else ''}"
        " — finish with --resume RESULTS.ndjson"
    )


class Signals:
    """Ctrl-C (or SIGTERM): the first stops new requests, the second abandons those in
    flight (each still gets its line), the third ends the process at once."""

    def __init__(self, stop: Callable[[Stop], None], abandon: Callable[[], None]) -> None:
        self._stop = stop
        self._abandon = abandon
        self._caught: list[signal.Signals] = []
        self._seen = 0

    def __enter__(self) -> Signals:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self._on, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # Windows, or not the main thread: Ctrl-C stops at once
            self._caught.append(signum)
        return self

    def _on(self, signum: signal.Signals) -> None:
        self._seen += 1
        if self._seen == 1:
            self._stop(INTERRUPTED if signum == signal.SIGINT else TERMINATED)
            return
        self._abandon()
        self.__exit__()  # the next one gets the default: KeyboardInterrupt, or termination

    def __exit__(self, *exc: object) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._caught:
            loop.remove_signal_handler(signum)
        self._caught = []
