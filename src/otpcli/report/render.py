"""Tables: rich boxes for a terminal, aligned plain text for pipes and files.

Plain text is what rich printed for a pipe (columns two spaces apart, a title line above),
without the trailing blanks, and without importing rich: a command whose output goes to a
script should not pay for a table library.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

Row = tuple[str, ...]


@dataclass(frozen=True)
class Table:
    title: str
    rows: Sequence[Row]
    headers: Row = ()  # none: a two-column key/value table
    # Cells to mark even without colour (an expired or failed record): style name per row.
    marks: Sequence[str | None] = field(default_factory=tuple)


def cell_width(text: str) -> int:
    """Columns a terminal gives `text`: wide East Asian characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def plain(table: Table) -> str:
    rows = [table.headers, *table.rows] if table.headers else list(table.rows)
    widths = [
        max((cell_width(r[i]) for r in rows if i < len(r)), default=0) for i in range(_ncols(rows))
    ]
    lines = [table.title]
    for row in rows:
        cells = [c + " " * (widths[i] - cell_width(c)) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _ncols(rows: Sequence[Row]) -> int:
    return max((len(r) for r in rows), default=0)


def boxed(table: Table, out: TextIO) -> None:
    """A rounded-box table for a terminal; long values fold onto more lines, never cut,
    because support staff copy ids and paths out of them."""
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table as RichTable

    console = Console(file=out, highlight=False, force_terminal=True)
    shown = RichTable(
        title=escape(table.title),
        box=box.ROUNDED,
        show_header=bool(table.headers),
        title_justify="left",
    )
    if table.headers:
        for header in table.headers:
            shown.add_column(escape(header), overflow="fold")
    else:
        shown.add_column(style="bold", overflow="fold", no_wrap=True)
        shown.add_column(overflow="fold")
    marks = list(table.marks) + [None] * (len(table.rows) - len(table.marks))
    for row, mark in zip(table.rows, marks, strict=True):
        shown.add_row(*(escape(c) for c in row), style=mark)
    console.print(shown)
