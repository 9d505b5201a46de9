"""Fuzzing --from input: any text or bytes read as records give records whose fields parse
or are refused, or records that carry their problem, or (a header no row could be sent by)
one usage error before the first record; nothing else escapes (that would be a crash with
exit 1 instead of an error line).
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import example, given, settings
from hypothesis import strategies as st

from otpcli.bulk import records
from otpcli.bulk.source import open_source
from otpcli.errors import OtpcliError, UsageError
from otpcli.inputs import parse_country_code, parse_otp, parse_phone, parse_rut
from tests.inputs.strategies import FUZZ, any_text, cell, refused_or

HEADER_REFUSALS = {"missing_column", "unknown_column", "duplicate_column"}
COLUMN_NAMES = st.sampled_from(
    [*records.COLUMNS, "Phone", "Country Code", "country-code", "PHONE ", "extra", "", "otp"]
)


@st.composite
def csv_documents(draw: st.DrawFn) -> str:
    """A header naming columns, then rows of cells, with the odd quote, comment and blank."""
    header = draw(st.lists(COLUMN_NAMES, min_size=1, max_size=6))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["row", "row", "row", "blank", "comment", "raw"]))
        if kind == "row":
            cells = draw(st.lists(cell, max_size=len(header) + 2))
            quoted = draw(st.booleans())
            lines.append(",".join(f'"{c}"' if quoted else c for c in cells))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "   ", ",,"])))
        elif kind == "comment":
            lines.append("# " + draw(any_text))
        else:
            lines.append(draw(any_text))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + newline.join(lines) + draw(st.sampled_from(["", newline]))


def check_fields(fields: dict[str, str]) -> None:
    cc = fields.get("country_code") or None
    refused_or(lambda: parse_phone(fields.get("phone", ""), cc))
    if fields.get("country_code"):
        refused_or(lambda: parse_country_code(fields["country_code"]))
    if fields.get("otp"):
        refused_or(lambda: parse_otp(fields["otp"]))
    if fields.get("nin"):
        refused_or(lambda: parse_rut(fields["nin"]))


def check_records(lines: list[str]) -> None:
    """Every record is usable or carries its problem; its fields parse or are refused. Or
    the header is refused before any record is handed out."""
    try:
        read = records.read_records(lines)
    except UsageError as refused:
        assert refused.code in HEADER_REFUSALS
        return
    seen = 0
    for record in read:
        assert record.line > seen
        seen = record.line
        if record.problem is not None:
            assert isinstance(record.problem, OtpcliError)
        else:
            check_fields(record.fields)
        record.shown()
        record.key(0)


@FUZZ
@given(document=st.one_of(csv_documents(), st.text(max_size=400)))
def test_any_csv_text_gives_records_that_parse_or_carry_their_problem(document: str) -> None:
    check_records(document.splitlines(keepends=True))


@settings(FUZZ, max_examples=100)
@given(data=st.one_of(st.binary(max_size=600), csv_documents().map(str.encode)))
@example(data=b"\r\x00")  # csv.Error on the first line, read as the header
def test_any_bytes_in_a_from_file_give_records_that_parse_or_carry_their_problem(
    data: bytes,
) -> None:
    """Undecodable bytes, NULs, BOMs and CRLFs read from --from FILE."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "phones.csv")
        with open(path, "wb") as handle:
            handle.write(data)
        source = open_source(path)
        check_records(list(source.lines))
