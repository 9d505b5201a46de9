"""The asynchronous client bulk runs use: bounded connection pools, the same retry policy
as single commands, and a `Gate` every try of every request passes through."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from otpcli.http.client import GRACE, DeadlineExceeded, as_response, httpx_arguments
from otpcli.http.messages import ApiRequest, ApiResponse, Tracer
from otpcli.http.pools import Pools
from otpcli.http.retry import Outcome, Tries, retry_delay
from otpcli.i18n import _


class Gate(Protocol):
    """What a bulk run shares between its requests: when each may go, and who saw a 429."""

    async def wait(self) -> None:
        """Return when the next try may be sent (pauses after 429, the --rate cap)."""

    def throttled(self, delay: float | None) -> None:
        """The provider asked to slow down; `delay` is its Retry-After, None when absent."""


class AsyncHttpClient:
    def __init__(
        self,
        *,
        timeout: float,
        max_connections: int,
        tracer: Tracer | None = None,
        gate: Gate | None = None,
    ) -> None:
        self._pools = Pools(max_connections, timeout=timeout)
        self._timeout = timeout
        self._tracer = tracer
        self._gate = gate

    async def aclose(self) -> None:
        await self._pools.aclose()

    async def send(self, request: ApiRequest) -> ApiResponse:
        tries = Tries(request, self._tracer)
        while True:
            if self._gate is not None:
                await self._gate.wait()
            outcome = await self._once(request, tries.attempt)
            pause = tries.pause_after(outcome)
            if pause is None:
                return tries.result(outcome)
            # After a 429 the gate holds every request back; other pauses are this one's.
            if self._gate is None or isinstance(outcome, BaseException):
                await asyncio.sleep(pause)

    async def _once(self, request: ApiRequest, attempt: int) -> Outcome:
        import httpx

        if self._tracer is not None:
            self._tracer.request(request, attempt)
        started = time.monotonic()
        arguments = httpx_arguments(request)
        try:
            # The whole answer within --timeout, body included (httpx bounds each read).
            async with asyncio.timeout(self._timeout + GRACE):
                raw = await self._pools.request(request.method, request.url, **arguments)
        except TimeoutError:
            return DeadlineExceeded(
                _("no whole answer within {seconds:g} s").format(seconds=self._timeout)
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return exc
        response = as_response(raw, started)
        if self._tracer is not None:
            self._tracer.response(request, response)
        asked = retry_delay(response.status, response.headers)
        if self._gate is not None and (response.status == 429 or asked is not None):
            # Told even when this request will not retry: the whole run slows down.
            self._gate.throttled(asked)
        return response
