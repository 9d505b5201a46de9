"""Fuzzing provider answers: `interpret` returns a JSON object or raises the tool's own error.

Arbitrary status codes, headers and bodies (random bytes, random JSON, huge bodies, HTML,
known fields holding the wrong types) must never escape as an unhandled exception: that
would be exit 1 ("a bug") instead of exit 3-9 with a message.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from otpcli.errors import Exit, OtpcliError
from otpcli.http import ApiResponse
from otpcli.providers.answers import KNOWN_CODES, interpret

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PROVIDERS = st.one_of(st.sampled_from(["verifik", "trust", "atenea"]), st.text(max_size=10))
STATUSES = st.one_of(
    st.sampled_from([200, 201, 204, 400, 401, 403, 404, 409, 412, 429, 500, 502, 503]),
    st.integers(min_value=-1, max_value=1000),
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from([*KNOWN_CODES, "Unauthorized", "BadRequest", "invalid otp", "403:x"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KNOWN_FIELDS = ["code", "message", "error", "error_description", "success", "status", "data"]
# The fields the parser reads, holding anything at all (strings, lists, objects, numbers).
known_shapes = st.dictionaries(st.sampled_from(KNOWN_FIELDS), json_values, max_size=6)
json_bodies = st.one_of(known_shapes, json_values).map(
    lambda value: json.dumps(value).encode("utf-8")
)
html_bodies = st.builds(
    lambda title, rest: f"<html><head><title>{title}</title></head>{rest}".encode(),
    st.text(max_size=120),
    st.text(max_size=60),
)
huge_bodies = st.sampled_from(
    [
        b"x" * 3_000_000,
        json.dumps({"code": "otp_does_not_match", "message": "m" * 2_000_000}).encode(),
        json.dumps({"message": ["a"] * 200_000}).encode(),
        b"[" * 200_000,  # nested deeper than the JSON parser's recursion limit
        b'{"a":' * 100_000,
        b"<title>" + b"t" * 1_000_000,
    ]
)
BODIES = st.one_of(
    json_bodies,
    st.binary(max_size=300),
    html_bodies,
    huge_bodies,
    json_bodies.map(lambda b: b[: len(b) // 2]),  # cut short
    json_bodies.map(lambda b: b"\xef\xbb\xbf" + b),  # with a UTF-8 BOM
)
HEADER_NAMES = st.sampled_from(["content-type", "retry-after", "Retry-After", "x-request-id"])
HEADER_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "text/html",
            "application/json",
            "0",
            "120",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "99999999999999999999",
            "\u00b2",  # a digit to str.isdigit(), not to float()
            "-1",
        ]
    ),
)
HEADERS = st.dictionaries(st.one_of(HEADER_NAMES, st.text(max_size=10)), HEADER_VALUES, max_size=4)


def check(provider: str, response: ApiResponse) -> None:
    try:
        body = interpret(provider, response)
    except OtpcliError as error:
        assert isinstance(error.exit_code, Exit)
        assert error.exit_code not in (Exit.OK, Exit.INTERNAL)
        assert "\n" not in error.message and len(error.message) <= 300
        assert isinstance(error.code, str) and error.code
        return
    assert 200 <= response.status < 300
    assert isinstance(body, dict)


@FUZZ
@given(provider=PROVIDERS, status=STATUSES, headers=HEADERS, body=BODIES)
# "\u00b2".isdigit() is true, float("\u00b2") raises: Retry-After is read on 503 (and 429)
@example(provider="verifik", status=503, headers={"retry-after": "\u00b2"}, body=b"{}")
@example(provider="verifik", status=429, headers={"retry-after": "\u00b2"}, body=b"{}")
@example(provider="trust", status=503, headers={"Retry-After": "1e400"}, body=b"")
def test_any_answer_becomes_a_body_or_the_tools_error(
    provider: str, status: int, headers: dict[str, str], body: bytes
) -> None:
    check(provider, ApiResponse(status=status, headers=headers, body=body, elapsed_ms=1.0))


@settings(FUZZ, max_examples=150)
@given(provider=PROVIDERS, status=STATUSES, fields=known_shapes)
def test_known_fields_holding_wrong_types_give_a_body_or_the_tools_error(
    provider: str, status: int, fields: dict[str, Any]
) -> None:
    body = json.dumps(fields).encode()
    check(provider, ApiResponse(status=status, headers={}, body=body, elapsed_ms=1.0))
