"""The lines of `--from FILE` ('-' is stdin), read in bounded memory.

UTF-8 with or without a BOM; LF, CRLF, or CR alone (old Mac and Excel exports) end a line.
A line longer than LINE_LIMIT characters is cut: only a marker goes on (its record becomes
a `line_too_long` error line), and the rest of it is read past without being kept, so a
file with no line break at all costs time in proportion to its size, not memory.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from otpcli.errors import UsageError
from otpcli.files import os_reason
from otpcli.i18n import _

LINE_LIMIT = 4096
CHUNK = 65536
_BREAK = re.compile("\r\n|\r|\n")


class CutLine(str):
    """A line longer than LINE_LIMIT, of which nothing is kept."""

    __slots__ = ()


CUT = CutLine("\ufffd\n")  # not blank, so that the record it starts is not skipped


@dataclass
class Source:
    lines: Iterator[str]
    # A file, not a pipe or a terminal: reading it never waits for a writer, so it can be
    # read on the event loop, and after Ctrl-C the records left can be counted.
    never_blocks: bool


def open_source(name: str) -> Source:
    """Read with os.read, not through sys.stdin: the reading thread may still be blocked on
    a quiet pipe when the process exits, and Python's shutdown would wait for a buffered
    stream's lock. Undecodable bytes become U+FFFD, so the record holding them is reported
    as invalid instead of ending the run."""
    if name == "-":
        try:
            fd = sys.stdin.fileno()
        except (OSError, ValueError):  # stdin is not a file (tests give a StringIO)
            return Source(split_lines(_text_chunks(sys.stdin)), never_blocks=True)
        return Source(split_lines(_fd_chunks(fd, close=False)), never_blocks=_is_regular(fd))
    try:
        fd = os.open(name, os.O_RDONLY)
    except OSError as exc:
        raise unreadable(name, exc) from None
    if stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise unreadable(name, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    return Source(split_lines(_fd_chunks(fd, close=True)), never_blocks=_is_regular(fd))


def unreadable(name: str, exc: OSError) -> UsageError:
    return UsageError(
        _("cannot read --from {file}: {reason}").format(file=name, reason=os_reason(exc)),
        code="unreadable_input",
    )


def _is_regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


def _fd_chunks(fd: int, *, close: bool) -> Iterator[str]:
    decode = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode
    try:
        while chunk := os.read(fd, CHUNK):
            yield decode(chunk)
        yield decode(b"", final=True)
    finally:
        if close:
            os.close(fd)


def _text_chunks(stream: TextIO) -> Iterator[str]:
    while chunk := stream.read(CHUNK):
        yield chunk


def split_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines ending in "\\n", whatever ended them in the input; CUT for one too long."""
    kept: list[str] = []  # the current line so far, while it is short enough
    size = 0
    held = ""  # a "\r" at a chunk's end: the next chunk may start with its "\n"
    for chunk in chunks:
        text = held + chunk
        held = ""
        if text.endswith("\r"):
            text, held = text[:-1], "\r"
        *ended, rest = _BREAK.split(text)
        for piece in ended:
            size += len(piece)
            yield CUT if size > LINE_LIMIT else "".join(kept) + piece + "\n"
            kept, size = [], 0
        size += len(rest)
        if size <= LINE_LIMIT:
            kept.append(rest)
        else:
            kept = []  # too long already: read on to its end without keeping anything
    if size or held:
        yield CUT if size > LINE_LIMIT else "".join(kept) + "\n"
