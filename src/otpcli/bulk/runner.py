"""A bulk run (`--from FILE`): every record through the same operation a single command
uses, at most --concurrency in flight, one NDJSON line each in input order.

How a run flows: the producer reads records (`feed`), turns each into the operation's
input with the command's `prepare` (`outcomes`: a row that cannot be used becomes its error
line), and starts it when the `Throttle` allows; the `writer` prints results in input order
as soon as the head of the line is done. The read-ahead and the results window are both
bounded, so memory does not grow with the input. What stops a run early is in `stops`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from otpcli.bulk import resume, stops
from otpcli.bulk.feed import Feed, feed
from otpcli.bulk.lines import Result, Tally, abandoned, internal, item
from otpcli.bulk.outcomes import UNCOUNTED, Outcomes
from otpcli.bulk.pacing import Throttle
from otpcli.bulk.records import Record, read_records
from otpcli.bulk.source import Source, open_source, unreadable
from otpcli.bulk.writer import Pending, Writer
from otpcli.errors import AuthError, NetworkError, OtpcliError, UsageError
from otpcli.i18n import _, english
from otpcli.operations.base import perform, run_async, run_sync
from otpcli.operations.fields import warning
from otpcli.report.redact import redact_body

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.cli.options import BulkOptions
    from otpcli.http.bulk_client import AsyncHttpClient
    from otpcli.http.messages import ApiRequest, ApiResponse
    from otpcli.operations.base import Operation, TokenSource
    from otpcli.operations.fields import Fields
    from otpcli.report.progress import Progress

In = TypeVar("In")
# Results held back behind a slow record (output keeps input order): bounds memory, and how
# far the run can get past a record that takes long.
WINDOW = 1024


def run(
    app: App,
    operation: Operation[In, Any],
    prepare: Callable[[Fields], In],
    options: BulkOptions,
    tokens: TokenSource | None,
    needs: tuple[str, ...] = (),
) -> int:
    """Run to the end (or until something stops it); the exit code. `needs`: the columns
    every row must have besides the operation's own, because no flag gives them."""
    assert options.source is not None, "a bulk run reads --from"
    done = resume.Finished()
    if options.resume:
        done = resume.load(options.resume, retry_abandoned=options.retry_abandoned)
    source = open_source(options.source)
    if options.source == "-" and sys.stdin.isatty():
        app.reporter.info(_("reading records from the terminal: one per line, Ctrl-D to end"))
    # The first line is read here: a header no row could be sent by is one usage error,
    # before a token is fetched and before anything is sent.
    try:
        records = read_records(source.lines, operation.column, needs)
    except OSError as exc:
        raise unreadable(options.source, exc) from None
    if tokens is not None and not app.dry_run:
        # Fetched (or checked) once, before any record is read: a refused login stops here.
        run_sync(tokens.token(), app.http.send)
    return Runner(app, operation, prepare, options, tokens, done).run(source, records)


class Runner(Generic[In]):
    def __init__(
        self,
        app: App,
        operation: Operation[In, Any],
        prepare: Callable[[Fields], In],
        options: BulkOptions,
        tokens: TokenSource | None,
        done: resume.Finished,
    ) -> None:
        self.app = app
        self.out = app.reporter
        self.operation = operation
        self.options = options
        self.tokens = tokens
        self.base_url = app.url(operation.provider)
        self.tally = Tally()
        self.outcomes = Outcomes(app, operation, prepare, done, self.base_url, self.tally)
        self.writer = Writer(self.out, self.tally, self._output_lost)
        self.throttle = Throttle(options.concurrency, options.rate)
        self.stopped: stops.Stop | None = None
        self._feed: Feed | None = None
        self._http: AsyncHttpClient | None = None
        self._in_flight: dict[asyncio.Task[Result], Record] = {}
        self._no_connection = 0  # connection failures in a row
        self._failure: BaseException | None = None  # reading failed: raised at the end

    def run(self, source: Source, records: Iterator[Record]) -> int:
        name = self.options.source or "-"
        progress = self.out.progress(lambda: _count(name, self.operation.column))
        try:
            asyncio.run(self._main(partial(feed, records, source.never_blocks), progress))
        except KeyboardInterrupt:  # a third Ctrl-C: what is written stays written
            self.stopped = self.stopped or stops.INTERRUPTED
            self.out.flush_quietly()
        finally:
            progress.close()
        tally = self.tally
        if (
            self._failure is None
            and self.stopped is None
            and not tally.ok + tally.failed + tally.skipped
        ):
            # An empty file, or a header alone: not an error, but likely not what was meant.
            self.out.warn(_("--from {file}: no records").format(file=name), code="no_records")
        self.out.summary(stops.told(self.stopped, self.tally), self._counts())
        if self._failure is not None:
            raise self._failure
        if self.stopped is not None:
            if self.stopped.error is not None:
                self.out.error(self.stopped.error)
            return self.stopped.exit_code
        return 10 if self.tally.failed else 0

    def _counts(self) -> dict[str, object]:
        tally = self.tally
        return {
            "ok": tally.ok,
            "failed": tally.failed,
            "skipped": tally.skipped,
            "seconds": round(time.monotonic() - tally.started, 3),
            "stopped": self.stopped.reason if self.stopped else None,
            "notAttempted": tally.not_attempted,
            "abandoned": tally.abandoned,
            "unreported": tally.unreported,
        }

    async def _main(self, records: Callable[[], Feed], progress: Progress) -> None:
        from otpcli.http.bulk_client import AsyncHttpClient

        self._http = AsyncHttpClient(
            timeout=self.app.options.seconds,
            max_connections=self.options.concurrency,
            tracer=self.out if self.app.options.debug else None,
            gate=self.throttle,
        )
        self.tally.started = time.monotonic()
        self._feed = records()  # a pipe's feed starts its thread on the running loop
        results: Pending = asyncio.Queue(WINDOW)
        try:
            with stops.Signals(self.stop, self.abandon):
                producer = asyncio.create_task(self._produce(self._feed, results))
                await self.writer.write(results, progress)
                await producer
        finally:
            await self._http.aclose()

    def stop(self, why: stops.Stop) -> None:
        if self.stopped is not None:
            return
        self.stopped = why
        if why.reason in ("interrupted", "terminated"):
            said = _(
                "{reason}: no new requests; waiting for the {count} in flight"
                " (Ctrl-C again abandons them)"
            ).format(reason=why.told(), count=self.throttle.in_flight)
            self.out.status("\n" + said)
        if self._feed is not None and not why.reads_on:
            self._feed.stop()

    def abandon(self) -> None:
        """Stop waiting for the requests in flight; each gets an `abandoned` line."""
        for task in list(self._in_flight):
            task.cancel()

    async def _produce(self, records: Feed, results: Pending) -> None:
        try:
            while self.stopped is None or self.stopped.reads_on:
                try:
                    record = await records.get()
                except Exception as exc:  # reading failed: finish what started, then report
                    self._failure = exc
                    self.stop(stops.Stop(stops.UNREADABLE, 1))
                    break
                if record is None:
                    break
                started = await self._start(record)
                if started is None:
                    break
                await results.put(started)
            if self.stopped is not None and not self.stopped.reads_on:
                left, complete = records.count_left()
                self.tally.not_attempted += left
                self.tally.rest_unread = not complete
        finally:
            await results.put(None)

    async def _start(self, record: Record) -> asyncio.Task[Result] | Result | None:
        """The record's result, or the task that will give it; None when the user stopped
        the run (what is left is then only counted)."""
        settled = self.outcomes.settle(record, self.stopped)
        if not isinstance(settled, tuple):
            await self.throttle.acquire()
            if self.stopped is not None:
                self.throttle.release()
                settled = self.outcomes.not_attempted(record, self.stopped)
        if isinstance(settled, tuple):
            return None if settled[1] is UNCOUNTED else settled
        task = asyncio.create_task(self._process(record, settled))
        self._in_flight[task] = record
        task.add_done_callback(self._in_flight.pop)
        return task

    async def _process(self, record: Record, given: In) -> Result:
        warned = warning(given)
        said = english(warned) if warned is not None else None  # lines are English data
        answers: list[ApiResponse] = []

        async def send(request: ApiRequest) -> ApiResponse:
            assert self._http is not None, "_main opens it before anything is sent"
            answers.append(await self._http.send(request))
            return answers[-1]

        try:
            exchange = perform(self.operation, given, self.base_url, self.tokens)
            body = await run_async(exchange, send)
        except asyncio.CancelledError:  # abandoned by a second Ctrl-C
            self.tally.abandoned += 1
            return "failed", abandoned(record)
        except OtpcliError as error:
            self._watch(error)
            return self.outcomes.failed(record, error, warning=said)
        except Exception as exc:  # a bug must still give its record a line
            return self.outcomes.failed(record, internal(exc), warning=said)
        finally:
            self.throttle.release()
        self._no_connection = 0
        status = answers[-1].status
        return "ok", item(record, ok=True, status=status, response=redact_body(body), warning=said)

    def _watch(self, error: OtpcliError) -> None:
        """Stop the run when going on can only fail: a refused token that the refresh-once
        rule could not mend, or the server gone (connections failing one after another)."""
        if isinstance(error, AuthError) and error.status == 401:
            self.stop(stops.token_refused(error))
        no_answer = isinstance(error, NetworkError) and error.code in stops.NO_CONNECTION
        self._no_connection = self._no_connection + 1 if no_answer else 0
        limit = self.options.max_connection_failures
        if limit and self._no_connection >= limit:
            self.stop(stops.unreachable(error, self._no_connection))

    def _output_lost(self, exc: OSError) -> None:
        if not isinstance(exc, BrokenPipeError):
            self._failure = exc
        self.stopped = None  # output closed outranks any earlier stop
        self.stop(stops.OUTPUT_CLOSED)


def _count(source: str, column: str) -> int | None:
    """How many records a file holds, for the bar's total; None for stdin (unknown)."""
    if source == "-":
        return None
    try:
        return sum(1 for _record in read_records(open_source(source).lines, column))
    except (OSError, UsageError):
        return None
