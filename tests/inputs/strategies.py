"""What the fuzz tests of user input share: settings, text that looks like what people
paste, and the parsers' contract (a value, or the tool's own exit-2 error)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from otpcli.errors import UsageError

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
# A cell of a --from CSV file: any of the above, or a gateway.
cell = st.one_of(
    phone_like, cc_like, otp_like, rut_like, st.sampled_from(["sms", "whatsapp"]), any_text
)


def refused_or(parse: Callable[[], Any]) -> Any:
    """The parser's value, or None when it raised the tool's own input error (exit 2)."""
    try:
        return parse()
    except UsageError as exc:
        assert exc.exit_code == 2
        assert "\n" not in exc.message
        return None
