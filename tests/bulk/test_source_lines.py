"""Splitting `--from` input into lines: every line ending, long lines, bounded memory."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest

from otpcli.bulk.source import CUT, LINE_LIMIT, split_lines


@pytest.mark.parametrize(
    "chunks",
    [
        ["a\nb\nc\n"],
        ["a\r\nb\r\nc\r\n"],
        ["a\rb\rc\r"],
        ["a\r", "\nb\r", "\nc"],  # CRLF split across chunks is one line end, not two
        ["a", "\n", "b\r", "c\n"],
    ],
)
def test_lf_crlf_and_cr_alone_all_end_a_line(chunks: list[str]) -> None:
    assert list(split_lines(chunks)) == ["a\n", "b\n", "c\n"]


def test_a_line_at_the_limit_is_kept_and_one_past_it_is_cut() -> None:
    fits, too_long = "x" * LINE_LIMIT, "y" * (LINE_LIMIT + 1)
    lines = list(split_lines([f"{fits}\n{too_long}\nz\n"]))
    assert lines == [f"{fits}\n", CUT, "z\n"]


def test_a_line_too_long_across_many_chunks_is_cut_and_the_next_line_is_whole() -> None:
    chunks = ["x" * 1000] * 10 + ["\nnext\n"]
    assert list(split_lines(chunks)) == [CUT, "next\n"]


def test_an_endless_line_is_read_in_bounded_memory() -> None:
    def forty_megabytes() -> Iterator[str]:
        block = "9" * 65536
        for _ in range(640):
            yield block

    tracemalloc.start()
    try:
        lines = list(split_lines(forty_megabytes()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == [CUT]
    assert peak < 1_000_000  # a few chunks at most, never the line
