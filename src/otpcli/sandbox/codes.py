"""Six-digit Verifik codes with their bcrypt hashes, worked out away from the event loop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import random
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass

import bcrypt

# The lowest cost bcrypt allows: the hash only has to look like Verifik's, and at cost 4
# one hash still takes about 1 ms of CPU.
BCRYPT_ROUNDS = 4


def hash_now(code: str) -> str:
    """A hash computed on the calling thread: for the rare record listed before its send."""
    return bcrypt.hashpw(code.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


class _Hasher:
    """A daemon thread that bcrypt-hashes codes away from the event loop.

    bcrypt releases the GIL, so hashing here runs in parallel with request handling. A
    daemon thread (rather than an executor) never delays interpreter exit with a backlog.
    """

    def __init__(self, name: str, *, background: bool) -> None:
        self._name = name
        self._background = background
        # A None future is the signal to stop.
        self._queue: queue.SimpleQueue[tuple[bytes, Future[str] | None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, code: str) -> Future[str]:
        future: Future[str] = Future()
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                    self._thread.start()
        self._queue.put((code.encode(), future))
        return future

    def stop(self, timeout: float = 2.0) -> None:
        """Cancel what is queued and wait for the thread to end.

        bcrypt is Rust: a daemon thread still hashing when the interpreter finalizes is
        unwound by pthread_exit through Rust frames, which aborts the process.
        """
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._queue.put((b"", None))
        thread.join(timeout)

    def _run(self) -> None:
        if self._background and sys.platform == "linux":
            # Linux keeps a nice value per thread: hashing ahead then uses only idle CPU and
            # never slows the requests, or a client running on the same machine.
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        while True:
            code, future = self._queue.get()
            if future is None:
                self._cancel_queued()
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                hashed = bcrypt.hashpw(code, bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
            except BaseException as exc:  # the awaiting request reports it as a 500
                future.set_exception(exc)
            else:
                future.set_result(hashed)

    def _cancel_queued(self) -> None:
        while True:
            try:
                _, future = self._queue.get_nowait()
            except queue.Empty:
                return
            if future is not None:
                future.cancel()


# Two threads: one fills the pool ahead of time, the other serves requests that find
# their code's hash not yet started (right after start-up, or when a burst outlasts the
# pool), so such a burst gets two cores' worth of hashing.
_AHEAD = _Hasher("otpcli-sandbox-bcrypt-ahead", background=True)
_URGENT = _Hasher("otpcli-sandbox-bcrypt-urgent", background=False)


def stop_hashing() -> None:
    """End both hashing threads: call before the process exits."""
    _AHEAD.stop()
    _URGENT.stop()


@dataclass(frozen=True, slots=True)
class PooledCode:
    code: str
    future: Future[str]

    async def hashed(self) -> str:
        ahead = self.future
        if ahead.done():
            return ahead.result()
        if ahead.cancel():
            return await asyncio.wrap_future(_URGENT.submit(self.code))
        # The ahead thread is on it, but at idle priority it may be starved under load:
        # race it with the urgent thread (any salt gives a valid hash of the same code).
        urgent = _URGENT.submit(self.code)
        done, _ = await asyncio.wait(
            (asyncio.wrap_future(ahead), asyncio.wrap_future(urgent)),
            return_when=asyncio.FIRST_COMPLETED,
        )
        urgent.cancel()
        return done.pop().result()


class CodePool:
    """Six-digit codes drawn ahead of time, each with its bcrypt hash computed in advance.

    Hashing costs about 1 ms of CPU, more than the rest of a request, so a burst of sends
    would otherwise be CPU-bound. The pool is filled while the sandbox is idle and drained
    during a burst; when empty, a code is drawn and hashed on demand. Codes are drawn from
    one seeded generator and handed out first-in first-out, so request N always gets the
    Nth code of the seed whatever the timing.
    """

    def __init__(self, rng: random.Random, *, size: int, refill_after: float = 0.25) -> None:
        self._rng = rng
        self._size = size
        self._refill_after = refill_after
        self._ready: deque[PooledCode] = deque()
        self._refill: asyncio.TimerHandle | None = None
        self._refill_loop: asyncio.AbstractEventLoop | None = None
        self._last_take = 0.0

    def __len__(self) -> int:
        return len(self._ready)

    def _add(self) -> None:
        code = str(self._rng.randint(100000, 999999))
        self._ready.append(PooledCode(code, _AHEAD.submit(code)))

    def fill(self, size: int | None = None) -> None:
        """Draw codes until the pool holds `size` (default: its normal size)."""
        target = self._size if size is None else size
        while len(self._ready) < target:
            self._add()

    def take(self) -> PooledCode:
        if not self._ready:
            self._add()
        if self._size > 0:
            self._last_take = time.monotonic()
            try:
                loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            # A timer left on another (closed) loop would never fire: tests run each
            # client on its own loop.
            if loop is not None and (self._refill is None or self._refill_loop is not loop):
                self._refill_loop = loop
                self._refill = loop.call_later(self._refill_after, self._refill_when_idle)
        return self._ready.popleft()

    def _refill_when_idle(self) -> None:
        # Refill only once requests stop arriving, so that hashing never competes with a
        # burst for CPU. One timer re-armed when it expires costs less than one per request.
        quiet_for = time.monotonic() - self._last_take
        if quiet_for < self._refill_after and self._refill_loop is not None:
            delay = self._refill_after - quiet_for
            self._refill = self._refill_loop.call_later(delay, self._refill_when_idle)
            return
        self._refill = None
        self.fill()

    def close(self) -> None:
        if self._refill is not None:
            self._refill.cancel()
            self._refill = None
        while self._ready:
            self._ready.popleft().future.cancel()
