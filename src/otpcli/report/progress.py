"""A bulk run's progress bar: rich on a terminal's stderr, nothing at all elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TextIO


class Progress:
    def __init__(self, bar: Any = None, task: Any = None) -> None:
        self._bar = bar
        self._task = task
        self._started = time.monotonic()

    @classmethod
    def start(cls, stream: TextIO, total: Callable[[], int | None]) -> Progress:
        """`total` is asked only when a bar is shown: counting a big file costs a read."""
        if not stream.isatty():
            return cls()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        bar = Bar(
            TextColumn("[bold]otpcli[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]{task.fields[ok]} ok[/] [red]{task.fields[failed]} failed[/]"),
            TextColumn("{task.fields[skipped]} skipped · {task.fields[rate]}/s"),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=True,
            # stdout carries the results: it must never be routed into the bar's console.
            redirect_stdout=False,
        )
        task = bar.add_task("", total=total(), ok=0, failed=0, skipped=0, rate="0", start=True)
        bar.start()
        return cls(bar, task)

    def advance(self, ok: int, failed: int, skipped: int) -> None:
        if self._bar is None:
            return
        elapsed = time.monotonic() - self._started
        done = ok + failed + skipped
        rate = f"{done / elapsed:.0f}" if elapsed > 0 else "0"
        self._bar.update(
            self._task, completed=done, ok=ok, failed=failed, skipped=skipped, rate=rate
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
