"""The writer of a bulk run: results in input order, each line as soon as every line
before it is done, counted into the tally. When stdout goes away, the lines of the records
that still finish go to stderr instead."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from otpcli.bulk.lines import Item, Result, Tally, text

if TYPE_CHECKING:
    from otpcli.report.progress import Progress
    from otpcli.report.reporter import Reporter

Pending: TypeAlias = asyncio.Queue["asyncio.Task[Result] | Result | None"]


class Writer:
    def __init__(self, out: Reporter, tally: Tally, lost: Callable[[OSError], None]) -> None:
        self.out = out
        self.tally = tally
        self._lost = lost  # stops the run
        self.closed = False  # stdout is gone: lines go to stderr

    async def write(self, results: Pending, progress: Progress) -> None:
        while True:
            if results.empty():
                self.flush()  # nothing more is ready: let readers see what is done
            next_result = await results.get()
            if next_result is None:
                break
            if isinstance(next_result, asyncio.Task):
                if not next_result.done():
                    self.flush()
                next_result = await next_result
            outcome, line = next_result
            self.tally.count(outcome)
            progress.advance(self.tally.ok, self.tally.failed, self.tally.skipped)
            self.report(line)
        self.flush()

    def report(self, line: Item) -> None:
        if self.closed:
            if not line.get("skipped") and line.get("error", {}).get("code") != "not_attempted":
                self.tally.unreported += 1
                self.out.unreported(text({**line, "reported": False}))
            return
        try:
            self.out.record(text(line))
        except OSError as exc:
            self._lost_output(exc, line)

    def flush(self) -> None:
        if not self.closed:
            try:
                self.out.flush()
            except OSError as exc:
                self._lost_output(exc, None)

    def _lost_output(self, exc: OSError, line: Item | None) -> None:
        """Lines that cannot be written are results lost: sending more would only add to
        them. Stop; the requests in flight end, and their lines go to stderr."""
        self.out.close_stdout()
        self.closed = True
        self._lost(exc)
        if line is not None:
            self.report(line)
