"""Fuzzing what users type: parsers return a normalised value or raise the tool's UsageError.

Anything else escaping (IndexError, ValueError, a phonenumbers or stdnum exception) would be
a crash with exit 1 instead of a clear exit-2 message.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from otpcli.errors import OtpcliError, UsageError
from otpcli.inputs import parse_country_code, parse_otp, parse_phone, parse_rut

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Text that looks like what people paste, next to arbitrary text.
phone_like = st.from_regex(r"\A(00|\+)?[0-9 ()\-./]{0,24}\Z")
cc_like = st.from_regex(r"\A\s*\+?[0-9]{0,5}\s*\Z")
otp_like = st.from_regex(r"\A[0-9 \-]{0,12}\Z")
rut_like = st.from_regex(r"\A[0-9.]{0,12}-?[0-9kK]?\Z")
any_text = st.text(max_size=64)
weird_text = st.text(
    alphabet=st.sampled_from("0123456789+-.() /kK\u00a0\u0660\u06f1\u00b2\u2007\uff11\x00\n\t"),
    max_size=24,
)


def text_like(specific: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(specific, any_text, weird_text)


def refused_or(parse: Callable[[], Any]) -> Any:
    """The parser's value, or None when it raised the tool's own input error (exit 2)."""
    try:
        return parse()
    except UsageError as exc:
        assert exc.exit_code == 2
        assert "\n" not in exc.message
        return None


@FUZZ
@given(raw=text_like(phone_like), cc=st.one_of(st.none(), text_like(cc_like)))
def test_any_phone_text_gives_an_e164_number_or_is_refused(raw: str, cc: str | None) -> None:
    phone = refused_or(lambda: parse_phone(raw, cc))
    if phone is not None:
        assert re.fullmatch(r"\+[1-9]\d{0,2}", phone.country_code)
        assert phone.national.isascii() and phone.national.isdigit()
        assert phone.e164 == phone.country_code + phone.national


@FUZZ
@given(raw=text_like(cc_like))
def test_any_country_code_text_gives_a_plus_code_or_is_refused(raw: str) -> None:
    code = refused_or(lambda: parse_country_code(raw))
    if code is not None:
        assert re.fullmatch(r"\+[1-9]\d{0,2}", code)


@FUZZ
@given(raw=text_like(otp_like))
@example(raw="000\u06f0")  # an Arabic-Indic zero is a digit to `\d`, not to Verifik
def test_any_code_text_gives_4_to_8_digits_or_is_refused_without_echo(raw: str) -> None:
    try:
        code = parse_otp(raw)
    except UsageError as exc:
        digits = raw.strip()
        if len(digits) >= 9 and digits.isascii() and digits.isdigit():
            # a code-like value is never echoed back in the message
            assert digits not in exc.message and digits not in (exc.hint or "")
        return
    assert re.fullmatch(r"[0-9]{4,8}", code)


@FUZZ
@given(raw=text_like(rut_like), check=st.booleans())
@example(raw="0000000\u0660", check=False)  # an Arabic-Indic check digit
def test_any_rut_text_gives_the_documented_form_or_is_refused(raw: str, check: bool) -> None:
    rut = refused_or(lambda: parse_rut(raw, check=check))
    if rut is not None:
        assert re.fullmatch(r"[0-9]{7,8}-[0-9K]", rut)


@pytest.mark.parametrize("raw", ["12.345.678-5", "12345678-5", "123456785", "7654321-6"])
def test_rut_examples_still_parse(raw: str) -> None:
    assert re.fullmatch(r"[0-9]{7,8}-[0-9K]", parse_rut(raw))


# ------------------------------------------------------------------------------ CSV rows ---

records = pytest.importorskip("otpcli.bulk.records")

COLUMN_NAMES = st.sampled_from(
    [*records.COLUMNS, "Phone", "Country Code", "country-code", "PHONE ", "extra", "", "otp"]
)
cell = st.one_of(
    phone_like, cc_like, otp_like, rut_like, st.sampled_from(["sms", "whatsapp"]), any_text
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
    """Every record is usable or carries its problem; its fields parse or are refused."""
    seen = 0
    for record in records.read_records(lines):
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
        source = records.open_source(path)
        check_records(list(source.lines))
