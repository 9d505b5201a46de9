"""The bulk engine: pacing, ordering and bookkeeping of a `--from` run.

How a run flows: records are read (from a pipe or a terminal on a thread, so that a quiet
stdin never blocks the requests in flight, nor Ctrl-C); the producer turns each into a
request (a `Plan`, made by the command's `Job`) and starts it when the `Throttle` allows;
the writer prints results in input order as soon as the head of the line is done. The
read-ahead and the results window are both bounded, so memory does not grow with the input.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from otpcli.errors import AuthError, Exit, OtpcliError, UsageError
from otpcli.records import Record, Source, open_source, read_records, shown_text
from otpcli.redact import REDACTED, redact_body

if TYPE_CHECKING:
    from otpcli.http import ApiRequest, AsyncHttpClient
    from otpcli.runtime import Runtime
    from otpcli.trust_auth import TrustSession

DEFAULT_CONCURRENCY = 8
# Records a reading thread (pipes, terminals) may get ahead of the run, and results held
# back behind a slow one (output keeps input order). Both bound memory; the window also
# bounds how far the run can get past a record that takes long.
READ_AHEAD = 256
WINDOW = 1024
# How long everything waits after a 429 that does not say (Retry-After is usual).
DEFAULT_PAUSE = 1.0

Outcome = Literal["ok", "failed", "skipped"]
Result = tuple[Outcome, str]  # what a record ended as, and its NDJSON line


@dataclass(frozen=True)
class RunOptions:
    source: str  # --from
    concurrency: int = DEFAULT_CONCURRENCY
    rate: float | None = None  # requests (tries) per second at most
    resume: str | None = None  # an earlier run's results


# What is sent --------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What one usable record sends: the request, built with whichever token is current."""

    build: Callable[[str], ApiRequest]
    warning: str | None = None


@dataclass(frozen=True)
class Job:
    provider: str  # "verifik" or "trust", for interpret()
    prepare: Callable[[dict[str, str]], Plan]  # raises UsageError for an unusable row
    check: Callable[[dict[str, Any]], dict[str, Any]]  # check_sent, check_validated, ...
    token_env: str  # named in --dry-run's curl lines


class Tokens:
    """The token requests carry. Trust's comes from Atenea and may be refreshed once after a
    401, as single commands do; Verifik's (and any token given on stdin or in the
    environment) is fixed."""

    def __init__(self, token: str, session: TrustSession | None = None) -> None:
        self.current = token
        self._session = session
        self._refreshed = False
        self._lock = asyncio.Lock()

    async def refresh(self, refused: str) -> str | None:
        """A token to try instead of `refused`, or None when there is no other."""
        async with self._lock:
            if self.current != refused:
                return self.current  # another request already refreshed it
            if self._session is None or self._refreshed:
                return None
            self._refreshed = True
            fresh = await asyncio.to_thread(self._session.token, force_refresh=True)
            if fresh == refused:
                return None  # a fixed token (stdin, TRUST_TOKEN): nothing else to try
            self.current = fresh
            return fresh


# Pace ------------------------------------------------------------------------------------


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


# Reading ---------------------------------------------------------------------------------


@dataclass
class _End:
    final: bool = True  # False: the marker stop() puts in to wake the producer
    unread: int = 0  # a record the thread read after stop() and did not hand over
    error: BaseException | None = None


class _Feed(Protocol):
    async def get(self) -> Record | None:
        """The next record; None at the end of the input or after stop()."""

    def stop(self) -> None: ...

    def count_left(self) -> tuple[int, bool]:
        """After stop(): records read or readable but not attempted, and whether that is all
        of them (False: the rest of a pipe was left unread)."""


def _feed(source: Source) -> _Feed:
    records = read_records(source.lines)
    return _FileFeed(records) if source.never_blocks else _PipeFeed(records)


class _FileFeed:
    """Records of a file, read on the event loop: a file never keeps it waiting, and a
    reading thread's hand-offs would cost a tenth of a record's CPU."""

    def __init__(self, records: Iterator[Record]) -> None:
        self._records = records
        self._stopped = False

    async def get(self) -> Record | None:
        return None if self._stopped else next(self._records, None)

    def stop(self) -> None:
        self._stopped = True

    def count_left(self) -> tuple[int, bool]:
        left = 0
        with contextlib.suppress(OSError):  # the file fails now: count what could be read
            for _ in self._records:
                left += 1
            return left, True
        return left, False


class _PipeFeed:
    """Records read on a thread and handed to the event loop, at most READ_AHEAD ahead, so
    that a pipe or a terminal that stays quiet never blocks the requests in flight (nor
    Ctrl-C)."""

    def __init__(self, records: Iterator[Record]) -> None:
        self._records = records
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[Record | _End] = asyncio.Queue()  # bounded by _room
        self._room = threading.Semaphore(READ_AHEAD)
        self._stopped = threading.Event()
        # Daemon: on a pipe that stays quiet it may never return, and must not keep the
        # process alive after the run.
        threading.Thread(target=self._read, name="otpcli-bulk-read", daemon=True).start()

    def _read(self) -> None:
        end = _End()
        try:
            for record in self._records:
                if not self._stopped.is_set():
                    self._room.acquire()  # stop() releases it, so this cannot hang after stop
                if self._stopped.is_set():
                    end.unread = 1
                    break  # reading on could wait forever for the pipe's writer
                self._hand(record)
        except BaseException as exc:  # re-raised on the loop, where the run can report it
            end.error = exc
        self._hand(end)

    def _hand(self, item: Record | _End) -> None:
        # RuntimeError: the loop is closed, the run ended without waiting for this thread.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)

    async def get(self) -> Record | None:
        item = await self._queue.get()
        if isinstance(item, Record):
            self._room.release()
            return item
        if item.error is not None:
            raise item.error
        return None

    def stop(self) -> None:
        self._stopped.set()
        self._room.release()
        self._queue.put_nowait(_End(final=False))

    def count_left(self) -> tuple[int, bool]:
        # Only what has arrived: the thread may be waiting for a writer that never writes.
        left = 0
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if isinstance(item, Record):
                left += 1
            elif item.final:
                return left + item.unread, item.unread == 0
        return left, False


# Running ---------------------------------------------------------------------------------


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


class Runner:
    def __init__(
        self,
        rt: Runtime,
        options: RunOptions,
        job: Job,
        tokens: Tokens,
        source: Source,
        resume: set[int],
    ) -> None:
        self.rt = rt
        self.options = options
        self.job = job
        self.tokens = tokens
        self.source = source
        self.resume = resume
        self._seen: Counter[str] = Counter()  # shown input -> records so far (see Record.key)
        self.tally = Tally()
        self.throttle = Throttle(options.concurrency, options.rate)
        self._stopping = False
        self._feed: _Feed | None = None
        self._http: AsyncHttpClient | None = None
        # Raised once the run has ended and the summary is out: what stopped it early.
        self._failure: BaseException | None = None

    def run(self) -> int:
        """Run to the end (or to Ctrl-C/SIGTERM); the exit code."""
        if self.options.source == "-" and sys.stdin.isatty():
            self.rt.out.info("reading records from the terminal: one per line, Ctrl-D to end")
        progress = _Progress.start(self.options.source)
        try:
            asyncio.run(self._main(progress))
        finally:
            progress.close()
        self.rt.out.status(self.tally.summary())  # said even with -q: stdout is for data
        if self._failure is not None:
            raise self._failure
        if self.tally.interrupted:
            return int(Exit.INTERRUPTED)
        return int(Exit.BULK_FAILED) if self.tally.failed else int(Exit.OK)

    async def _main(self, progress: _Progress) -> None:
        from otpcli.http import AsyncHttpClient

        self._http = AsyncHttpClient(
            timeout=self.rt.timeout,
            max_connections=self.options.concurrency,
            trace=self.rt.out.trace if self.rt.debug else None,
            gate=self.throttle,
        )
        self.tally.started = time.monotonic()
        self._feed = _feed(self.source)
        results: asyncio.Queue[asyncio.Task[Result] | Result | None] = asyncio.Queue(WINDOW)
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
        in_flight = self.throttle.in_flight
        if why:
            sys.stderr.write(
                f"\n{why}: no new requests; waiting for the {in_flight} in flight"
                " (Ctrl-C again abandons them)\n"
            )
            sys.stderr.flush()
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

    async def _produce(
        self, feed: _Feed, results: asyncio.Queue[asyncio.Task[Result] | Result | None]
    ) -> None:
        try:
            while not self._stopping:
                try:
                    record = await feed.get()
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
                if not isinstance(settled, Plan):
                    await results.put(settled)
                    continue
                await self.throttle.acquire()
                if self._stopping:
                    self.throttle.release()
                    self.tally.not_attempted += 1
                    break
                await results.put(asyncio.create_task(self._process(record, settled)))
            if self._stopping:
                left, complete = feed.count_left()
                self.tally.not_attempted += left
                self.tally.rest_unread = not complete
        finally:
            await results.put(None)

    def _settle(self, record: Record) -> Result | Plan:
        """What to send for a record, or the result of one that needs no request (a bad
        row, one done in an earlier run, a dry run)."""
        if self.resume:
            # Every record counts, as every record of the earlier run has its line there.
            text = shown_text(record.shown())
            occurrence = self._seen[text]
            self._seen[text] += 1
            if record.problem is None and record.key(occurrence) in self.resume:
                return "skipped", self._line(record, ok=True, skipped=True)
        if record.problem is not None:
            return "failed", self._error_line(record, record.problem)
        try:
            plan = self.job.prepare(record.fields)
        except OtpcliError as error:
            return "failed", self._error_line(record, error)
        except Exception as exc:
            return "failed", self._error_line(record, _internal(exc))
        if self.rt.dry_run:
            from otpcli.http import curl_command

            request = plan.build(self.tokens.current)
            shown = {
                "method": request.method,
                "url": request.url,
                "curl": curl_command(request, self.job.token_env),
            }
            return "ok", self._line(record, ok=True, dry_run=True, request=shown)
        return plan

    async def _process(self, record: Record, plan: Plan) -> Result:
        try:
            status, body = await self._attempt(plan)
        except OtpcliError as error:
            return "failed", self._error_line(record, error, warning=plan.warning)
        except Exception as exc:  # a bug must still give its record a line
            return "failed", self._error_line(record, _internal(exc), warning=plan.warning)
        finally:
            self.throttle.release()
        return "ok", self._line(
            record, ok=True, status=status, response=redact_body(body), warning=plan.warning
        )

    async def _attempt(self, plan: Plan) -> tuple[int, dict[str, Any]]:
        token = self.tokens.current
        try:
            return await self._call(plan.build(token))
        except AuthError as exc:
            if exc.status != 401:
                raise
            # Refused before anything was done: trying once with a fresh token sends nothing
            # twice.
            fresh = await self.tokens.refresh(token)
            if fresh is None:
                raise
            return await self._call(plan.build(fresh))

    async def _call(self, request: ApiRequest) -> tuple[int, dict[str, Any]]:
        from otpcli.providers.answers import interpret

        assert self._http is not None, "_main opens it before anything is sent"
        response = await self._http.send(request)
        return response.status, self.job.check(interpret(self.job.provider, response))

    async def _write(
        self,
        results: asyncio.Queue[asyncio.Task[Result] | Result | None],
        progress: _Progress,
    ) -> None:
        out = sys.stdout
        while True:
            if results.empty():
                self._flush(out)  # nothing more is ready: let readers see what is done
            item = await results.get()
            if item is None:
                break
            if isinstance(item, asyncio.Task):
                if not item.done():
                    self._flush(out)
                item = await item
            outcome, line = item
            self.tally.count(outcome)
            progress.advance(self.tally)
            if self._failure is None:
                try:
                    out.write(line + "\n")
                except OSError as exc:
                    self._lost_output(exc)
        self._flush(out)

    def _flush(self, out: Any) -> None:
        if self._failure is None:
            try:
                out.flush()
            except OSError as exc:
                self._lost_output(exc)

    def _lost_output(self, exc: OSError) -> None:
        # Results that cannot be written are results lost: sending more would only add to
        # them. Stop, let the requests in flight end, then report the failure.
        self._failure = exc
        self.stop("" if isinstance(exc, BrokenPipeError) else "cannot write the results")

    def _error_line(self, record: Record, error: OtpcliError, *, warning: str | None = None) -> str:
        detail = {k: v for k, v in error.as_dict().items() if v is not None or k == "status"}
        # A provider may quote the code it refused: this row's code leaves its messages.
        codes = [c for c in (record.fields.get("otp"), *self.rt.out.codes) if c and len(c) >= 4]
        for key in ("message", "hint"):
            text = detail.get(key)
            if isinstance(text, str):
                for code in codes:
                    text = text.replace(code, REDACTED)
                detail[key] = text
        line = self._line(record, ok=False, status=error.status, error=detail, warning=warning)
        # Provider text (messages, HTML titles) may hold anything: the full scrub.
        return self.rt.out.scrub(line)

    def _line(self, record: Record, *, ok: bool, **extra: Any) -> str:
        """One NDJSON line. Bodies come redact_body()-ed; the secrets this process holds
        (tokens) are replaced wherever else they might appear. The full regex scrub would
        cost a tenth of the CPU a request takes, so it is kept for error lines."""
        item: dict[str, Any] = {"line": record.line, "input": record.shown(), "ok": ok}
        item.update((k, v) for k, v in extra.items() if v is not None or k == "status")
        line = json.dumps(item, ensure_ascii=False)
        return self.rt.out.replace_secrets(line)


def _internal(exc: Exception) -> OtpcliError:
    return OtpcliError(
        f"internal error: {type(exc).__name__}",
        hint="this is a bug; run again with --debug and report it",
    )


# Progress --------------------------------------------------------------------------------


class _Progress:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, bar: Any = None, task: Any = None) -> None:
        self._bar = bar
        self._task = task

    @classmethod
    def start(cls, source: str) -> _Progress:
        if not sys.stderr.isatty():
            return cls()
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        bar = Progress(
            TextColumn("[bold]otpcli[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]{task.fields[ok]} ok[/] [red]{task.fields[failed]} failed[/]"),
            TextColumn("{task.fields[skipped]} skipped · {task.fields[rate]}/s"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            # stdout carries the results: it must never be routed into the bar's console.
            redirect_stdout=False,
        )
        task = bar.add_task(
            "", total=_count(source), ok=0, failed=0, skipped=0, rate="0", start=True
        )
        bar.start()
        return cls(bar, task)

    def advance(self, tally: Tally) -> None:
        if self._bar is None:
            return
        elapsed = time.monotonic() - tally.started
        done = tally.ok + tally.failed + tally.skipped
        self._bar.update(
            self._task,
            completed=done,
            ok=tally.ok,
            failed=tally.failed,
            skipped=tally.skipped,
            rate=f"{done / elapsed:.0f}" if elapsed > 0 else "0",
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _count(source: str) -> int | None:
    """How many records a file holds, for the bar's total; None for stdin (unknown)."""
    if source == "-":
        return None
    try:
        return sum(1 for _ in read_records(open_source(source).lines))
    except (OSError, UsageError):
        return None
