"""The synchronous client single commands use: one httpx.Client, the retry policy."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from otpcli import __version__
from otpcli.http.messages import ApiRequest, ApiResponse, Tracer
from otpcli.http.proxies import DIRECT
from otpcli.http.retry import Outcome, Tries
from otpcli.i18n import _

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"otpcli/{__version__}"
T = TypeVar("T")
# The deadline is a little later than httpx's own timeouts, so that a connect timeout (a
# request that never left) is still told as one.
GRACE = 0.05


class DeadlineExceeded(Exception):
    """The whole answer, body included, did not arrive within --timeout."""


def within(seconds: float, call: Callable[[], T]) -> T:
    """`call()`, or DeadlineExceeded once `seconds` have passed.

    httpx bounds each read, not the whole answer: a server that sends one byte a second
    keeps a request going for as long as it likes. The call runs on a daemon thread that
    is left behind when the deadline passes (the command ends right after)."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="otpcli-request", daemon=True)
    worker.start()
    worker.join(seconds + GRACE)
    if worker.is_alive():
        raise DeadlineExceeded(_("no whole answer within {seconds:g} s").format(seconds=seconds))
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def httpx_arguments(request: ApiRequest) -> dict[str, Any]:
    """How httpx is asked to put `request` on the wire (shared with bulk runs)."""
    kwargs: dict[str, Any] = {"headers": {"User-Agent": USER_AGENT, **request.headers}}
    if request.json is not None:
        kwargs["json"] = request.json
    if request.form is not None:
        # (None, value) makes httpx write plain multipart fields, as curl --form does.
        kwargs["files"] = {k: (None, v) for k, v in request.form.items()}
    if request.query is not None:
        kwargs["params"] = request.query
    return kwargs


def as_response(raw: httpx.Response, started: float) -> ApiResponse:
    return ApiResponse(
        status=raw.status_code,
        headers=raw.headers,
        body=raw.content,
        elapsed_ms=(time.monotonic() - started) * 1000,
    )


class HttpClient:
    """One per process, opened on first use."""

    def __init__(
        self,
        *,
        timeout: float,
        tracer: Tracer | None = None,
        sleep: Callable[[float], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout = timeout
        self._tracer = tracer
        self._sleep = sleep or time.sleep
        self._transport = transport
        self._client: httpx.Client | None = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            from otpcli.http.httpx_import import load_httpx

            httpx = load_httpx()
            self._client = httpx.Client(
                timeout=self.timeout, transport=self._transport, mounts=DIRECT
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def send(self, request: ApiRequest) -> ApiResponse:
        tries = Tries(request, self._tracer)
        while True:
            outcome = self._once(request, tries.attempt)
            pause = tries.pause_after(outcome)
            if pause is None:
                return tries.result(outcome)
            self._sleep(pause)

    def _once(self, request: ApiRequest, attempt: int) -> Outcome:
        client = self._http()
        import httpx

        if self._tracer is not None:
            self._tracer.request(request, attempt)
        started = time.monotonic()
        arguments = httpx_arguments(request)
        try:
            raw = within(
                self.timeout, lambda: client.request(request.method, request.url, **arguments)
            )
        except (httpx.HTTPError, httpx.InvalidURL, DeadlineExceeded) as exc:
            return exc
        response = as_response(raw, started)
        if self._tracer is not None:
            self._tracer.response(request, response)
        return response
