"""A bulk run's progress bar: rich on a terminal's stderr, nothing at all elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TextIO

from otpcli.i18n import ngettext


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
        from rich.table import Column

        def one_line() -> Column:
            return Column(no_wrap=True)

        label = TextColumn("[bold]otpcli[/]", table_column=one_line())
        elapsed = TimeElapsedColumn(table_column=one_line())
        bar = _fitting_bar(
            label,
            BarColumn(),
            MofNCompleteColumn(table_column=one_line()),
            _counts_column(),
            elapsed,
            droppable=(elapsed, label),
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


MIN_BAR = 10  # cells of bar kept before a droppable column goes


def _fitting_bar(*columns: Any, droppable: tuple[Any, ...], **options: Any) -> Any:
    """A rich progress display that stays on one line of the terminal, whatever the language
    and the counts: when the columns and a bar of MIN_BAR cells do not fit the terminal's
    width, the `droppable` columns go, in their order, for as long as it takes. The bar
    shrinks first, and text never wraps (at worst, on a very narrow terminal, it is cut)."""
    from rich.measure import Measurement
    from rich.progress import BarColumn
    from rich.progress import Progress as Bar

    class FittingBar(Bar):
        def make_tasks_table(self, tasks: Any) -> Any:
            shown = [task for task in tasks if task.visible]
            if not shown:  # also while rich sets the display up, before it has a console
                return super().make_tasks_table(shown)
            every = self.columns
            kept = list(every)
            for column in droppable:
                if self._width(kept, shown) <= self.console.width:
                    break
                kept.remove(column)
            self.columns = tuple(kept)
            try:
                return super().make_tasks_table(shown)
            finally:
                self.columns = every

        def _width(self, columns: list[Any], tasks: list[Any]) -> int:
            options = self.console.options
            widest = 0
            for task in tasks:
                texts = [
                    Measurement.get(self.console, options, column(task)).maximum
                    for column in columns
                    if not isinstance(column, BarColumn)
                ]
                widest = max(widest, sum(texts) + MIN_BAR + len(columns) - 1)
            return widest

    return FittingBar(*columns, **options)


def _counts_column() -> Any:
    """ "3 ok 1 failed 0 skipped · 12/s", in the run's language (plurals follow the counts)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Counts(ProgressColumn):
        def __init__(self) -> None:
            from rich.table import Column

            super().__init__(table_column=Column(no_wrap=True))

        def render(self, task: Any) -> Text:
            fields = task.fields
            return Text.assemble(
                (counted("ok", fields["ok"]), "green"),
                " ",
                (counted("failed", fields["failed"]), "red"),
                " ",
                counted("skipped", fields["skipped"]),
                f" · {fields['rate']}/s",
            )

    return Counts()


def counted(outcome: str, count: int) -> str:
    """ "3 ok", "1 failed", "0 skipped" (outcome "ok", "failed" or "skipped"), in the run's
    language: the progress bar and a bulk run's summary line say them alike."""
    if outcome == "ok":
        return ngettext("{count} ok", "{count} ok", count).format(count=count)
    if outcome == "failed":
        return ngettext("{count} failed", "{count} failed", count).format(count=count)
    return ngettext("{count} skipped", "{count} skipped", count).format(count=count)
