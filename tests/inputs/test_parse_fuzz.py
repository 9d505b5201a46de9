"""Fuzzing what users type: parsers return a normalised value or raise the tool's UsageError.

Anything else escaping (IndexError, ValueError, a phonenumbers or stdnum exception) would be
a crash with exit 1 instead of a clear exit-2 message.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from otpcli.errors import UsageError
from otpcli.inputs import parse_country_code, parse_otp, parse_phone, parse_rut
from tests.inputs.strategies import (
    FUZZ,
    any_text,
    cc_like,
    otp_like,
    phone_like,
    refused_or,
    rut_like,
)

weird_text = st.text(
    alphabet=st.sampled_from("0123456789+-.() /kK\u00a0\u0660\u06f1\u00b2\u2007\uff11\x00\n\t"),
    max_size=24,
)


def text_like(specific: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(specific, any_text, weird_text)


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
