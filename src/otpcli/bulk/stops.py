"""Why a bulk run stops before its input ends, what that means for the records left, and
how it is told. Whatever stops a run, every record it started gets its line."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from dataclasses import dataclass

from otpcli.bulk.lines import Tally
from otpcli.errors import Exit, OtpcliError
from otpcli.i18n import N_, _, english, ngettext

NO_CONNECTION = frozenset({"connection_refused", "connect_error", "connect_timeout", "dns_error"})


@dataclass(frozen=True)
class Stop:
    # In English: the `not_attempted` lines and the JSON summary's `stopped` say it (data).
    reason: str
    exit_code: int
    # True: the records left are read on and each gets a `not_attempted` line (the run was
    # stopped by a rule, not by the user); False: they are only counted.
    reads_on: bool = False
    error: OtpcliError | None = None
    said: str | None = None  # the reason for people, when it is not a marked constant

    def told(self) -> str:
        """The reason in the run's language."""
        return self.said if self.said is not None else _(self.reason)


INTERRUPTED = Stop(N_("interrupted"), Exit.INTERRUPTED)
TERMINATED = Stop(N_("terminated"), Exit.INTERRUPTED)
OUTPUT_CLOSED = Stop(N_("output closed"), Exit.OUTPUT_CLOSED)
UNREADABLE = N_("cannot read the input")


def token_refused(error: OtpcliError) -> Stop:
    return Stop(N_("the token was refused"), Exit.AUTH, reads_on=True, error=error)


def unreachable(error: OtpcliError, failures: int) -> Stop:
    # English keeps the plural it always had, for any count (scripts and tests have read it
    # so); the catalog's Spanish has both forms.
    said = ngettext(
        "{count} connections failed in a row", "{count} connections failed in a row", failures
    ).format(count=failures)
    return Stop(english(said), Exit.NETWORK, reads_on=True, error=error, said=said)


def told(stop: Stop | None, tally: Tally) -> str:
    """The run's summary line: its tally, and how a stop left the records."""
    text = tally.summary()
    if stop is None:
        return text
    count = tally.not_attempted
    left = ngettext("{count} records not attempted", "{count} records not attempted", count).format(
        count=count
    )
    if tally.rest_unread:
        left = _("{records} (and the rest of stdin)").format(records=left)
    if stop is OUTPUT_CLOSED:
        return ngettext(
            "{summary}; output closed: {count} records done but not reported (their lines are"
            ' above on stderr, with "reported": false), {left}; the cut output cannot be'
            " resumed from",
            "{summary}; output closed: {count} records done but not reported (their lines are"
            ' above on stderr, with "reported": false), {left}; the cut output cannot be'
            " resumed from",
            tally.unreported,
        ).format(summary=text, count=tally.unreported, left=left)
    if stop.reads_on:
        return _("{summary}; stopped: {reason}; {left} (their lines say not_attempted)").format(
            summary=text, reason=stop.told(), left=left
        )
    if tally.abandoned:
        gone = ngettext(
            "{count} abandoned in flight (they may have been sent)",
            "{count} abandoned in flight (they may have been sent)",
            tally.abandoned,
        ).format(count=tally.abandoned)
        left = _("{records}, {abandoned}").format(records=left, abandoned=gone)
    return _("{summary}; {reason}: {left} — finish with --resume RESULTS.ndjson").format(
        summary=text, reason=stop.told(), left=left
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
