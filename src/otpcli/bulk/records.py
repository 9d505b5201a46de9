"""Reading bulk input (`--from`): one phone per line, or CSV with a header.

Records are produced one at a time, so memory does not depend on the input's size. A row
that cannot be used still becomes a `Record` (with `problem` set): the run reports it on
its own line and goes on. A header that no row could be used by is one UsageError, raised
before the first record. Nothing here parses phones or talks to a provider.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain

from otpcli.bulk.source import LINE_LIMIT, CutLine
from otpcli.errors import UsageError
from otpcli.i18n import _, ngettext
from otpcli.report.redact import redact_body

COLUMNS = ("phone", "country_code", "gateway", "otp", "nin", "id")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # where the record starts in the input, counted from 1 like editors do
    fields: dict[str, str]  # column -> text as read; a plain line is {"phone": line} (or id)
    problem: UsageError | None = None  # why the row cannot be used, if it cannot

    def shown(self) -> dict[str, str]:
        """The input as echoed in the results: known columns only (an unknown one could hold
        anything, a code under another name too), codes redacted."""
        known = {k: v for k, v in self.fields.items() if k in COLUMNS}
        shown: dict[str, str] = redact_body(known)
        return shown

    def key(self, occurrence: int) -> int:
        """What `--resume` matches on: the shown input and how many records before it showed
        the same (rows that differ only in their redacted code, or a phone listed twice, are
        told apart by their order). Line numbers are left out, so adding a comment or a
        blank line to the file does not make a finished record run again."""
        return input_key(shown_text(self.shown()), occurrence)


def shown_text(shown: Mapping[str, object]) -> str:
    return json.dumps(shown, sort_keys=True, ensure_ascii=False)


def input_key(text: str, occurrence: int) -> int:
    # A 64-bit hash, not the text: a resume set of 100 000 records stays a few megabytes.
    # (Python's string hash is salted per process; both sides are hashed in this one.)
    return hash((text, occurrence))


class _Lines:
    """The stream's lines, numbered, skipping blank lines and `#` comments between records.

    csv.reader pulls from this; inside a quoted field that spans lines nothing is skipped.
    """

    def __init__(self, stream: Iterable[str]) -> None:
        self._lines = iter(stream)
        self.number = 0
        self.record_start = 0  # 0 until the current record's first line was read
        self.cut = False  # a line of the current record was too long to keep

    def start(self) -> tuple[int, UsageError | None]:
        """Where the record just read began, and what was wrong with its lines; then the
        next record may begin."""
        line, cut = self.record_start, self.cut
        self.record_start, self.cut = 0, False
        if cut:
            return line, UsageError(
                _("a line of this record is longer than {limit} characters").format(
                    limit=LINE_LIMIT
                ),
                code="line_too_long",
            )
        return line, None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        while True:
            line = next(self._lines)
            self.number += 1
            if isinstance(line, CutLine):
                self.cut = True  # before the BOM is stripped: removeprefix gives a plain str
            elif self.number == 1:
                line = line.removeprefix(_BOM)  # stdin and StringIO keep the BOM
            if self.record_start:
                return line
            text = line.strip()
            if text and not text.startswith("#"):
                self.record_start = self.number
                return line


def read_records(
    stream: Iterable[str], column: str = "phone", needs: Iterable[str] = ()
) -> Iterator[Record]:
    """Every record of the input, in order; `column` is what a plain line holds and a CSV
    header must name (a phone; for trust-verify, a verification id). `needs`: the other
    columns every row must have because no flag gives them (`otp` for validate without
    --otp, `nin` for trust-send without --nin).

    The first line is read now, not when the first record is asked for: a header that
    cannot work (it names no `column`, a column otpcli does not know, one twice, or lacks a
    column in `needs`) is one UsageError before any record is handed out, since every row
    depends on it. A first line holding a comma, or the single word `column`, is a CSV
    header (phone numbers and ids never contain commas); for phones, so is a first line
    without a digit (`number`, `Teléfono`): no phone is written without digits. Anything
    else is the first record of a file of one `column` per line.
    """
    lines = _Lines(stream)
    try:
        first = next(lines)
    except StopIteration:
        return iter(())
    cells = _split(first)
    header = [_column(name) for name in cells]
    if _is_header(first, header, column):
        _check_header(header, cells, lines.start()[0], column, tuple(needs), "," not in first)
        return _csv_records(lines, header)
    missing = [name for name in needs if name != column]
    if missing:
        raise UsageError(
            _("the --from file holds one {column} per line, and --{missing} is not given").format(
                column=column, missing=missing[0]
            ),
            code="missing_column",
            hint=_("pass --{missing} for every row, or use a CSV with the header {columns}").format(
                missing=missing[0], columns=",".join([column, *missing])
            ),
        )
    return _plain_records(first, lines, column)


def _is_header(first: str, header: list[str], column: str) -> bool:
    if isinstance(first, CutLine):
        return False  # too long to be read: a line_too_long record, whatever it held
    if "," in first or header == [column]:
        return True
    return column == "phone" and not any(char.isdigit() for char in first)


def _plain_records(first: str, lines: _Lines, column: str) -> Iterator[Record]:
    for line in chain([first], lines):
        start, problem = lines.start()
        yield Record(start, {} if problem else {column: line.strip()}, problem)


def _split(line: str) -> list[str]:
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # a lone "\r" or a NUL: the header is then split on commas alone
        return line.rstrip("\r\n").split(",")


def _column(name: str) -> str:
    # "Country Code" and "country-code" mean country_code: spreadsheets write headers freely.
    return "_".join(name.strip().lower().replace("-", " ").split())


def _csv_records(lines: _Lines, header: list[str]) -> Iterator[Record]:
    reader = csv.reader(lines)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # A broken quote or an oversized field: that record is reported, the run goes on.
            line, cut = lines.start()
            error = cut or UsageError(
                _("unreadable CSV: {reason}").format(reason=exc), code="invalid_csv"
            )
            yield Record(line, {}, error)
            continue
        line, cut = lines.start()
        if cut is not None:
            yield Record(line, {}, cut)  # nothing of it is echoed: it could be anything
            continue
        if not any(value.strip() for value in row):
            continue  # ",,": what spreadsheets export for an empty row
        fields = {name: value.strip() for name, value in zip(header, row, strict=False)}
        if len(row) > len(header):
            # More values than names: the row is likely shifted, and a shifted value could
            # be sent as another column's. Short rows are fine: what they lack is empty.
            yield Record(
                line,
                fields,
                UsageError(
                    _("the row has {fields} fields, but the header names {columns} columns").format(
                        fields=len(row), columns=len(header)
                    ),
                    code="extra_column",
                ),
            )
        else:
            yield Record(line, fields)


def _check_header(
    header: list[str],
    cells: list[str],
    line: int,
    column: str,
    needs: tuple[str, ...],
    one_word: bool,
) -> None:
    """Refuse a header no row could be read by: every row depends on it, so it is said once
    and nothing is sent. A column otpcli does not know is refused, not ignored: it is most
    likely a known one misspelt (`countrycode`), and ignoring it would send each row
    without its value (to the flag's country code, say: someone else's phone)."""
    if column not in header:
        others = ", ".join(name for name in COLUMNS if name != column)
        hint = (
            _("a first line without digits is a header: make it {column}, or remove it")
            if one_word
            else _("name the columns on the first line: {column}, and any of {others}")
        )
        raise UsageError(
            _("the header (line {line}) names no {column} column; it names {found}").format(
                line=line, column=column, found=_listed(cells)
            ),
            code="missing_column",
            hint=hint.format(column=column, others=others),
        )
    unknown = [cell for cell, name in zip(cells, header, strict=True) if name not in COLUMNS]
    if unknown:
        raise UsageError(
            ngettext(
                "unknown column {columns} in the header (line {line})",
                "unknown columns {columns} in the header (line {line})",
                len(unknown),
            ).format(columns=_listed(unknown), line=line),
            code="unknown_column",
            hint=_("known columns: {columns}").format(columns=", ".join(COLUMNS)),
        )
    repeated = [name for name in COLUMNS if header.count(name) > 1]
    if repeated:
        raise UsageError(
            _("column {column!r} appears twice in the header (line {line})").format(
                column=repeated[0], line=line
            ),
            code="duplicate_column",
        )
    missing = [name for name in needs if name not in header]
    if missing:
        raise UsageError(
            _(
                "the header (line {line}) names no {column} column, and --{column} is not given"
            ).format(line=line, column=missing[0]),
            code="missing_column",
            hint=_("add a {column} column, or pass --{column} for every row").format(
                column=missing[0]
            ),
        )


def _listed(cells: list[str], longest: int = 40) -> str:
    """Column names as the file writes them, quoted (control characters escaped) and cut
    short: a header can be anything, a phone number misread as one too."""
    names = [cell.strip() for cell in cells]
    shown = [repr(n if len(n) <= longest else n[: longest - 1] + "\u2026") for n in names]
    return ", ".join(shown) if shown else "''"
