"""A bulk run (`--from FILE`): every record through the same operation a single command
uses, at most --concurrency in flight, one NDJSON line each in input order.

How a run flows: the producer reads records (`feed`), turns each into the operation's
input with the command's `prepare` (a row that cannot be used becomes its error line), and
starts it when the `Throttle` allows; the writer prints results in input order as soon as
the head of the line is done. The read-ahead and the results window are both bounded, so
memory does not grow with the input.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from otpcli.bulk.feed import Feed, feed
from otpcli.bulk.lines import Result, Tally, error_line, internal, line
from otpcli.bulk.pacing import Throttle
from otpcli.bulk.records import Record, Source, load_resume, open_source, read_records, shown_text
from otpcli.errors import Exit, OtpcliError, UsageError
from otpcli.operations.base import PLACEHOLDER_TOKEN, perform, run_async, run_sync
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
Pending = asyncio.Queue["asyncio.Task[Result] | Result | None"]


def run(
    app: App,
    operation: Operation[In, Any],
    prepare: Callable[[Fields], In],
    options: BulkOptions,
    tokens: TokenSource | None,
) -> int:
    """Run to the end (or to Ctrl-C/SIGTERM); the exit code."""
    assert options.source is not None, "a bulk run reads --from"
    resume = load_resume(options.resume) if options.resume else set()
    source = open_source(options.source)
    if tokens is not None and not app.dry_run:
        # Fetched (or checked) once, before anything is read: a refused login stops here.
        run_sync(tokens.token(), app.http.send)
    runner = Runner(app, operation, prepare, options, tokens, resume)
    return runner.run(source)


class Runner(Generic[In]):
    def __init__(
        self,
        app: App,
        operation: Operation[In, Any],
        prepare: Callable[[Fields], In],
        options: BulkOptions,
        tokens: TokenSource | None,
        resume: set[int],
    ) -> None:
        self.app = app
        self.out = app.reporter
        self.operation = operation
        self.prepare = prepare
        self.options = options
        self.tokens = tokens
        self.resume = resume
        self.base_url = app.url(operation.provider)
        self._seen: Counter[str] = Counter()  # shown input -> records so far (Record.key)
        self.tally = Tally()
        self.throttle = Throttle(options.concurrency, options.rate)
        self._stopping = False
        self._feed: Feed | None = None
        self._http: AsyncHttpClient | None = None
        # Raised once the run has ended and the summary is out: what stopped it early.
        self._failure: BaseException | None = None

    def run(self, source: Source) -> int:
        if self.options.source == "-" and sys.stdin.isatty():
            self.out.info("reading records from the terminal: one per line, Ctrl-D to end")
        source_name = self.options.source or "-"
        progress = self.out.progress(lambda: _count(source_name))
        try:
            asyncio.run(self._main(source, progress))
        finally:
            progress.close()
        self.out.status(self.tally.summary())  # said even with -q: stdout is for data
        if self._failure is not None:
            raise self._failure
        if self.tally.interrupted:
            return int(Exit.INTERRUPTED)
        return int(Exit.BULK_FAILED) if self.tally.failed else int(Exit.OK)

    async def _main(self, source: Source, progress: Progress) -> None:
        from otpcli.http.bulk_client import AsyncHttpClient

        self._http = AsyncHttpClient(
            timeout=self.app.options.seconds,
            max_connections=self.options.concurrency,
            tracer=self.out if self.app.options.debug else None,
            gate=self.throttle,
        )
        self.tally.started = time.monotonic()
        self._feed = feed(source)
        results: Pending = asyncio.Queue(WINDOW)
        restore = self._catch_signals()
        try:
            producer = asyncio.create_task(self._produce(self._feed, results))
            await self._write(results, progress)
            await producer
        finally:
            restore()
            await self._http.aclose()

    def stop(self, why: str) -> None:
        if self._stopping:
            return
        self._stopping = True
        self.tally.interrupted = True
        if why:
            self.out.status(
                f"\n{why}: no new requests; waiting for the {self.throttle.in_flight} in flight"
                " (Ctrl-C again abandons them)"
            )
        if self._feed is not None:
            self._feed.stop()

    def _catch_signals(self) -> Callable[[], None]:
        loop = asyncio.get_running_loop()
        caught: list[signal.Signals] = []

        def on_signal(signum: signal.Signals) -> None:
            # A second signal gets the default behaviour: KeyboardInterrupt, or termination.
            loop.remove_signal_handler(signum)
            self.stop("interrupted" if signum == signal.SIGINT else "terminated")

        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, on_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # Windows, or not the main thread: Ctrl-C stops at once
            caught.append(signum)

        def restore() -> None:
            for signum in caught:
                loop.remove_signal_handler(signum)

        return restore

    async def _produce(self, records: Feed, results: Pending) -> None:
        try:
            while not self._stopping:
                try:
                    record = await records.get()
                except Exception as exc:  # reading failed: finish what started, then report
                    self._failure = exc
                    self.stop("cannot read the input")
                    break
                if record is None:
                    break
                if self._stopping:
                    self.tally.not_attempted += 1
                    break
                settled = self._settle(record)
                if isinstance(settled, tuple):
                    await results.put(settled)
                    continue
                await self.throttle.acquire()
                if self._stopping:
                    self.throttle.release()
                    self.tally.not_attempted += 1
                    break
                await results.put(asyncio.create_task(self._process(record, settled)))
            if self._stopping:
                left, complete = records.count_left()
                self.tally.not_attempted += left
                self.tally.rest_unread = not complete
        finally:
            await results.put(None)

    def _settle(self, record: Record) -> Result | In:
        """The input to send for a record, or the result of one that needs no request (a
        bad row, one done in an earlier run, a dry run)."""
        if self.resume:
            # Every record counts, as every record of the earlier run has its line there.
            text = shown_text(record.shown())
            occurrence = self._seen[text]
            self._seen[text] += 1
            if record.problem is None and record.key(occurrence) in self.resume:
                return "skipped", line(record, ok=True, skipped=True)
        if record.problem is not None:
            return "failed", self._error_line(record, record.problem)
        try:
            given = self.prepare(record.fields)
        except OtpcliError as error:
            return "failed", self._error_line(record, error)
        except Exception as exc:
            return "failed", self._error_line(record, internal(exc))
        if self.app.dry_run:
            from otpcli.env import TOKEN_VARIABLES
            from otpcli.report.trace import curl_command, full_url

            token = PLACEHOLDER_TOKEN if self.operation.auth else None
            request = self.operation.build(self.base_url, given, token)
            shown = {
                "method": request.method,
                "url": full_url(request),
                "curl": curl_command(request, TOKEN_VARIABLES.get(self.operation.auth or "")),
            }
            return "ok", line(record, ok=True, dry_run=True, request=shown)
        return given

    async def _process(self, record: Record, given: In) -> Result:
        said = warning(given)
        answers: list[ApiResponse] = []

        async def send(request: ApiRequest) -> ApiResponse:
            assert self._http is not None, "_main opens it before anything is sent"
            answers.append(await self._http.send(request))
            return answers[-1]

        try:
            exchange = perform(self.operation, given, self.base_url, self.tokens)
            body = await run_async(exchange, send)
        except OtpcliError as error:
            return "failed", self._error_line(record, error, warning=said)
        except Exception as exc:  # a bug must still give its record a line
            return "failed", self._error_line(record, internal(exc), warning=said)
        finally:
            self.throttle.release()
        status = answers[-1].status if answers else None
        return "ok", line(record, ok=True, status=status, response=redact_body(body), warning=said)

    def _error_line(self, record: Record, error: OtpcliError, *, warning: str | None = None) -> str:
        return error_line(record, error, self.out.secrets.message, warning=warning)

    async def _write(self, results: Pending, progress: Progress) -> None:
        while True:
            if results.empty():
                self._flush()  # nothing more is ready: let readers see what is done
            item = await results.get()
            if item is None:
                break
            if isinstance(item, asyncio.Task):
                if not item.done():
                    self._flush()
                item = await item
            outcome, text = item
            self.tally.count(outcome)
            progress.advance(self.tally.ok, self.tally.failed, self.tally.skipped)
            if self._failure is None:
                try:
                    self.out.record(text)
                except OSError as exc:
                    self._lost_output(exc)
        self._flush()

    def _flush(self) -> None:
        if self._failure is None:
            try:
                self.out.flush()
            except OSError as exc:
                self._lost_output(exc)

    def _lost_output(self, exc: OSError) -> None:
        # Results that cannot be written are results lost: sending more would only add to
        # them. Stop, let the requests in flight end, then report the failure.
        self._failure = exc
        self.stop("" if isinstance(exc, BrokenPipeError) else "cannot write the results")


def _count(source: str) -> int | None:
    """How many records a file holds, for the bar's total; None for stdin (unknown)."""
    if source == "-":
        return None
    try:
        return sum(1 for _ in read_records(open_source(source).lines))
    except (OSError, UsageError):
        return None
