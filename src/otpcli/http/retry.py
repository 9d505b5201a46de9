"""The one retry policy, for single commands and bulk runs alike.

A request is sent again only when the provider cannot have acted on it: a 429 or 503 that
says when to come back (Retry-After), or a connection that was never opened. A timeout or
a connection dropped mid-request may have reached the provider, so it is never re-sent: a
customer must not get a second code because of the tool.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from otpcli.errors import OtpcliError
from otpcli.http.messages import ApiRequest, ApiResponse, Tracer
from otpcli.i18n import _

MAX_TRIES = 3
RETRY_BUDGET_SECONDS = 30.0
# Pauses between tries when the connection could not even be opened.
CONNECT_BACKOFF = (0.2, 0.6)


def retry_delay(status: int, headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the provider asked us to wait, or None when the answer must not be retried."""
    if status not in (429, 503):
        return None
    value = headers.get("retry-after") or headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is true, float("²") fails
        return float(value)
    import email.utils  # an HTTP date is rare: its parser is not worth importing up front

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def never_sent(exc: BaseException) -> bool:
    """Whether the request certainly did not leave this machine."""
    import httpx

    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)


Outcome = ApiResponse | BaseException


class Tries:
    """One request's tries under the policy: feed each outcome, get a pause or the end."""

    def __init__(self, request: ApiRequest, tracer: Tracer | None) -> None:
        self.request = request
        self.attempt = 1
        self._tracer = tracer
        self._started = time.monotonic()

    def pause_after(self, outcome: Outcome) -> float | None:
        """Seconds to wait before the next try, or None when `outcome` is final."""
        pause = self._pause(outcome)
        if pause is not None:
            self.attempt += 1
            if self._tracer is not None:
                self._tracer.note(_retry_note(outcome, pause))
        return pause

    def _pause(self, outcome: Outcome) -> float | None:
        if isinstance(outcome, BaseException):
            if never_sent(outcome) and self.attempt < MAX_TRIES:
                return CONNECT_BACKOFF[self.attempt - 1]
            return None
        delay = retry_delay(outcome.status, outcome.headers)
        spent = time.monotonic() - self._started
        if delay is None or self.attempt >= MAX_TRIES or spent + delay > RETRY_BUDGET_SECONDS:
            return None
        return delay

    def result(self, outcome: Outcome) -> ApiResponse:
        """The final answer, or the error a failed transport stands for."""
        if isinstance(outcome, ApiResponse):
            return outcome
        from otpcli.http.failures import network_error

        if self._tracer is not None:
            self._tracer.note(f"! {type(outcome).__name__}: {outcome}")
        error: OtpcliError = network_error(outcome, self.request)
        raise error from outcome


def _retry_note(outcome: Outcome, pause: float) -> str:
    if isinstance(outcome, BaseException):
        return _("! {failure}; nothing was sent, retrying in {seconds:g}s").format(
            failure=type(outcome).__name__, seconds=pause
        )
    return _("! HTTP {status}: retrying after {seconds:g}s (Retry-After)").format(
        status=outcome.status, seconds=pause
    )
