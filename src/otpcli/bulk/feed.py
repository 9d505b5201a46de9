"""Records handed to a bulk run one at a time, from a file or from a pipe or terminal.

A file is read on the event loop (it never keeps it waiting); a pipe or a terminal on a
thread, at most READ_AHEAD records ahead, so a quiet stdin never blocks the requests in
flight, nor Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from otpcli.bulk.records import Record

READ_AHEAD = 256


@dataclass
class _End:
    final: bool = True  # False: the marker stop() puts in to wake the producer
    unread: int = 0  # a record the thread read after stop() and did not hand over
    error: BaseException | None = None


class Feed(Protocol):
    async def get(self) -> Record | None:
        """The next record; None at the end of the input or after stop()."""

    def stop(self) -> None: ...

    def count_left(self) -> tuple[int, bool]:
        """After stop(): records read or readable but not attempted, and whether that is all
        of them (False: the rest of a pipe was left unread)."""


def feed(records: Iterator[Record], never_blocks: bool) -> Feed:
    """`records` (read_records' answer) handed over one at a time; `never_blocks`: they
    come from a file (the Source says), not a pipe or a terminal."""
    return _FileFeed(records) if never_blocks else _PipeFeed(records)


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
