"""Reading bulk input (`--from`): one phone per line, or CSV with a header.

Records are produced one at a time, so memory does not depend on the input's size. A row
that cannot be used still becomes a `Record` (with `problem` set): the run reports it on
its own line and goes on. Nothing here parses phones or talks to a provider.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from otpcli.errors import UsageError
from otpcli.report.redact import redact_body

COLUMNS = ("phone", "country_code", "gateway", "otp", "nin")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # where the record starts in the input, counted from 1 like editors do
    fields: dict[str, str]  # column -> text as read; a plain line is {"phone": line}
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


@dataclass
class Source:
    lines: Iterator[str]
    # A file, not a pipe or a terminal: reading it never waits for a writer, so it can be
    # read on the event loop, and after Ctrl-C the records left can be counted.
    never_blocks: bool


def open_source(name: str) -> Source:
    """The lines of `--from NAME` ('-' is stdin): UTF-8 with or without a BOM, LF or CRLF.

    Read with os.read, not through sys.stdin: the reading thread may still be blocked on a
    quiet pipe when the process exits, and Python's shutdown would wait for a buffered
    stream's lock. Undecodable bytes become U+FFFD, so the record holding them is reported
    as invalid instead of ending the run.
    """
    if name == "-":
        try:
            fd = sys.stdin.fileno()
        except (OSError, ValueError):  # stdin is not a file (tests give a StringIO)
            return Source(iter(sys.stdin), never_blocks=True)
        return Source(_fd_lines(fd, close=False), never_blocks=_is_regular(fd))
    try:
        fd = os.open(name, os.O_RDONLY)
    except OSError as exc:
        raise UsageError(
            f"cannot read --from {name}: {exc.strerror or exc}", code="unreadable_input"
        ) from None
    if stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise UsageError(f"cannot read --from {name}: it is a directory", code="unreadable_input")
    return Source(_fd_lines(fd, close=True), never_blocks=_is_regular(fd))


def _is_regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


def _fd_lines(fd: int, *, close: bool) -> Iterator[str]:
    """Lines ending in "\n" (a "\r" before it is kept for the csv module)."""
    decode = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode
    pending = ""
    try:
        while chunk := os.read(fd, 65536):
            *lines, pending = (pending + decode(chunk)).split("\n")
            for line in lines:
                yield line + "\n"
        pending += decode(b"", final=True)
        if pending:
            yield pending
    finally:
        if close:
            os.close(fd)


class _Lines:
    """The stream's lines, numbered, skipping blank lines and `#` comments between records.

    csv.reader pulls from this; inside a quoted field that spans lines nothing is skipped.
    """

    def __init__(self, stream: Iterable[str]) -> None:
        self._lines = iter(stream)
        self.number = 0
        self.record_start = 0  # 0 until the current record's first line was read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        while True:
            line = next(self._lines)
            self.number += 1
            if self.number == 1:
                line = line.removeprefix(_BOM)  # stdin and StringIO keep the BOM
            if self.record_start:
                return line
            text = line.strip()
            if text and not text.startswith("#"):
                self.record_start = self.number
                return line


def read_records(stream: Iterable[str]) -> Iterator[Record]:
    """Every record of the input, in order.

    The first line decides the format: a comma, or the single word `phone`, makes it a CSV
    header (phone numbers never contain commas); anything else is the first phone.
    """
    lines = _Lines(stream)
    try:
        first = next(lines)
    except StopIteration:
        return
    header = _split(first)
    if "," in first or (len(header) == 1 and _column(header[0]) == "phone"):
        yield from _csv_records(lines, [_column(name) for name in header])
        return
    yield Record(lines.record_start, {"phone": first.strip()})
    lines.record_start = 0
    for line in lines:
        yield Record(lines.record_start, {"phone": line.strip()})
        lines.record_start = 0


def _split(line: str) -> list[str]:
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # a lone "\r" or a NUL: the header is then split on commas alone
        return line.rstrip("\r\n").split(",")


def _column(name: str) -> str:
    # "Country Code" and "country-code" mean country_code: spreadsheets write headers freely.
    return "_".join(name.strip().lower().replace("-", " ").split())


def _csv_records(lines: _Lines, header: list[str]) -> Iterator[Record]:
    problem = _header_problem(header, lines.record_start)
    lines.record_start = 0
    reader = csv.reader(lines)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # A broken quote or an oversized field: that record is reported, the run goes on.
            line, lines.record_start = lines.record_start, 0
            yield Record(line, {}, UsageError(f"unreadable CSV: {exc}", code="invalid_csv"))
            continue
        line, lines.record_start = lines.record_start, 0
        if not any(value.strip() for value in row):
            continue  # ",,": what spreadsheets export for an empty row
        fields = {name: value.strip() for name, value in zip(header, row, strict=False)}
        if problem is not None:
            yield Record(line, fields, problem)
        elif len(row) > len(header):
            # More values than names: the row is likely shifted, and a shifted value could
            # be sent as another column's. Short rows are fine: what they lack is empty.
            yield Record(
                line,
                fields,
                UsageError(
                    f"the row has {len(row)} fields, but the header names {len(header)} columns",
                    code="extra_column",
                ),
            )
        else:
            yield Record(line, fields)


def _header_problem(header: list[str], line: int) -> UsageError | None:
    """What is wrong with the header, reported on every row (which all depend on it)."""
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        return UsageError(
            f"unknown column {unknown[0]!r} in the header (line {line})",
            code="unknown_column",
            hint=f"known columns: {', '.join(COLUMNS)}",
        )
    repeated = [name for name in COLUMNS if header.count(name) > 1]
    if repeated:
        return UsageError(
            f"column {repeated[0]!r} appears twice in the header (line {line})",
            code="duplicate_column",
        )
    if "phone" not in header:
        return UsageError(f"the header (line {line}) names no phone column", code="missing_column")
    return None


def load_resume(path: str) -> set[int]:
    """The keys of the records an earlier run's results report ok (not dry-run lines).

    Only keys are kept (not whole lines), so a resume set is small next to the input. Every
    line counts towards the occurrence numbers, as every record of the earlier run got one.
    """
    _refuse_truncated_stdout(path)
    done: set[int] = set()
    seen: Counter[str] = Counter()
    try:
        with open(path, encoding="utf-8", errors="replace") as results:
            for text in results:
                try:
                    item = json.loads(text)
                except ValueError:
                    continue  # a line cut short by a killed run: its record is not known ok
                shown = item.get("input") if isinstance(item, dict) else None
                if not isinstance(shown, dict):
                    continue
                text = shown_text(shown)
                occurrence = seen[text]
                seen[text] += 1
                if item.get("ok") is True and not item.get("dry_run"):
                    done.add(input_key(text, occurrence))
    except OSError as exc:
        raise UsageError(
            f"cannot read --resume {path}: {exc.strerror or exc}", code="unreadable_input"
        ) from None
    return done


def _refuse_truncated_stdout(path: str) -> None:
    """`--resume out.ndjson > out.ndjson`: the shell emptied the file before otpcli started.

    Going on would send every record again, so it is refused; `>>` (append) is fine.
    """
    if os.name != "posix":
        return
    import fcntl

    try:
        out = os.fstat(sys.stdout.fileno())
        same = os.path.samestat(out, os.stat(path))
        appending = bool(fcntl.fcntl(sys.stdout.fileno(), fcntl.F_GETFL) & os.O_APPEND)
    except (OSError, ValueError, AttributeError):
        return
    if same and not appending:
        raise UsageError(
            f"--resume {path} is also where stdout goes, and the shell emptied it before"
            " otpcli could read it",
            code="resume_is_output",
            hint="write each run's results to a new file, or append with >>",
        )
