"""Answers given on purpose: magic numbers, `--fail-rate`, `--latency-ms`, `--slow-seconds`.

Every provider call goes through `Faults.route`, which applies the faults that come before
the provider looks at the call (a gateway's 429, 502 or cut body, a refused token, latency).
The magic endings a provider itself would answer (a wrong code, no credit) are applied by
the handler at the point the provider would decide, through `Call.refusal`: both read the
tables below, the only place that says what each ending answers on which call.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import formatdate

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Send
from starlette.types import Scope as AsgiScope

from otpcli.sandbox.magic import Effect, MagicNumber, Scope, lookup
from otpcli.sandbox.wire import (
    Fields,
    Provider,
    json_response,
    read_fields,
    unauthorized,
    verifik_body,
)

TRUNCATE_AT = 40
TRUST_SEND_FAILED = "No fue posible enviar el sms a traves de ningun servicio."
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_SERVER_ERROR: dict[Provider, dict[str, object]] = {
    "verifik": {"code": "InternalServerError", "message": "500:internal_server_error"},
    "trust": {"status": False, "message": "Error interno del servidor"},
    "atenea": {
        "error": "server_error",
        "error_description": "The authorization server encountered an unexpected condition "
        "which prevented it from fulfilling the request.",
    },
}

Handler = Callable[["Call"], Awaitable[Response]]
PhoneOf = Callable[[Fields], str | None]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One provider call the sandbox answers."""

    path: str
    method: str
    provider: Provider
    handler: Handler
    #: The start of the call's real answer, which truncated bodies are cut from.
    sample: bytes
    #: The digits of the phone the call is about, which magic endings are read from.
    phone_of: PhoneOf | None = None
    #: Which of the provider's own magic answers (`Call.refusal`) the call can give.
    role: Scope | None = None


@dataclass(frozen=True, slots=True)
class Call:
    """A provider call after the faults in front of the provider were ruled out."""

    request: Request
    #: The request's fields, from JSON or a form; None when the body could not be parsed.
    fields: Fields | None
    magic: MagicNumber | None
    endpoint: Endpoint

    def refusal(self) -> Response | None:
        """The provider's magic answer for this call, if its number asks for one."""
        if self.magic is None or self.magic.scope is not self.endpoint.role:
            return None
        answer = _REFUSALS.get((self.endpoint.provider, self.magic.effect))
        return None if answer is None else json_response(answer[1], answer[0])


def _trust_body(status: int, ok: bool, message: str) -> tuple[int, dict[str, object]]:
    return status, {"status": ok, "message": message}


def _verifik(status: int, code: str) -> tuple[int, dict[str, object]]:
    return status, verifik_body(status, code)


# What each SEND or CHECK ending answers, per provider. A pair not listed answers normally:
# Trust has no cooldown or credits, so 0409 and 0402 send there as usual.
_REFUSALS: dict[tuple[Provider, Effect], tuple[int, dict[str, object]]] = {
    ("verifik", Effect.OTP_DOES_NOT_MATCH): _verifik(403, "otp_does_not_match"),
    ("verifik", Effect.NOT_FOUND): _verifik(404, "phone_validation_not_found"),
    ("verifik", Effect.EXPIRED): _verifik(412, "phoneValidation_has_expired"),
    ("verifik", Effect.RECENTLY_SENT): _verifik(409, "otp_recently_sent"),
    ("verifik", Effect.INSUFFICIENT_CREDITS): _verifik(403, "insufficient_credits"),
    ("verifik", Effect.SEND_FAILED): _verifik(409, "otp_send_failed"),
    ("trust", Effect.OTP_DOES_NOT_MATCH): _trust_body(400, False, "Código inválido"),
    ("trust", Effect.NOT_FOUND): _trust_body(404, False, "Verificación no encontrada"),
    ("trust", Effect.EXPIRED): _trust_body(400, False, "Código expirado"),
    ("trust", Effect.SEND_FAILED): _trust_body(500, True, TRUST_SEND_FAILED),
}


def bad_gateway(endpoint: Endpoint) -> Response:
    return Response(BAD_GATEWAY_HTML, 502, media_type="text/html")


def truncated(endpoint: Endpoint) -> Response:
    return Response(endpoint.sample[:TRUNCATE_AT], 200, media_type="application/json")


def _rate_limited(endpoint: Endpoint) -> Response:
    body = {"code": "TooManyRequests", "message": "429:too_many_requests"}
    return json_response(body, 429, {"Retry-After": "1"})


def _server_error(endpoint: Endpoint) -> Response:
    return json_response(_SERVER_ERROR[endpoint.provider], 500)


def _refused_token(endpoint: Endpoint) -> Response:
    return unauthorized(endpoint.provider)


# The EVERY endings (0408, slow, is a pause instead) and the `--fail-rate` draws, in the
# order the draw picks from: reordering that tuple would change every seeded run.
_GATEWAY: dict[Effect, Callable[[Endpoint], Response]] = {
    Effect.RATE_LIMITED: _rate_limited,
    Effect.BAD_GATEWAY: bad_gateway,
    Effect.TRUNCATED: truncated,
    Effect.UNAUTHORIZED: _refused_token,
}
_RANDOM_FAULTS: tuple[Callable[[Endpoint], Response], ...] = (_server_error, bad_gateway, truncated)


def _stopping() -> Response:
    return json_response(
        {"code": "ServiceUnavailable", "message": "503:sandbox_stopping"},
        503,
        {"Connection": "close"},
    )


def _resolve(waiter: asyncio.Future[bool], value: bool) -> None:
    if not waiter.done():
        waiter.set_result(value)


class Faults:
    """The sandbox's fault options, and the pauses they hold requests in."""

    def __init__(
        self, *, latency_ms: int, fail_rate: float, seed: int | None, slow_seconds: float
    ) -> None:
        if latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        if not 0.0 <= fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1")
        if slow_seconds < 0:
            raise ValueError("slow_seconds must be >= 0")
        self.latency = latency_ms / 1000
        self.fail_rate = fail_rate
        self.slow_seconds = slow_seconds
        self._draws = random.Random(seed)
        self._stopping = False
        self._pauses: set[asyncio.Future[bool]] = set()

    def route(self, endpoint: Endpoint) -> Route:
        async def answer(request: Request) -> Response:
            fields = await read_fields(request)
            # Drawn before the latency sleep, so the fault sequence follows arrival order.
            fault = self._draw()
            if self.latency and not await self._pause(self.latency):
                return _stopping()
            if fault is not None:
                return fault(endpoint)
            phone = endpoint.phone_of(fields) if endpoint.phone_of and fields is not None else None
            magic = lookup(phone)
            if magic is not None and magic.scope is Scope.EVERY:
                if magic.effect is Effect.SLOW:
                    if not await self._pause(self.slow_seconds):
                        return _stopping()
                else:
                    return _GATEWAY[magic.effect](endpoint)
            return await endpoint.handler(Call(request, fields, magic, endpoint))

        return Route(endpoint.path, answer, methods=[endpoint.method])

    def _draw(self) -> Callable[[Endpoint], Response] | None:
        if self.fail_rate <= 0 or self._draws.random() >= self.fail_rate:
            return None
        return self._draws.choice(_RANDOM_FAULTS)

    async def _pause(self, seconds: float) -> bool:
        """Sleep, but wake early when the server stops; True if the full time passed.

        A cancelled request is logged by uvicorn with a traceback, and one held by the
        slow magic number would also hold up Ctrl-C: so stopping ends pauses instead.
        """
        if self._stopping:
            return False
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        timer = loop.call_later(seconds, _resolve, waiter, True)
        self._pauses.add(waiter)
        try:
            return await waiter
        finally:
            timer.cancel()
            self._pauses.discard(waiter)

    def stop_pauses(self) -> None:
        """End every pause now and refuse new ones; safe to call from a signal handler."""
        self._stopping = True
        for waiter in list(self._pauses):
            waiter.get_loop().call_soon_threadsafe(_resolve, waiter, False)


class SkewedDate:
    """ASGI middleware: every answer's `Date` is the sandbox clock plus `skew` seconds.

    Lets QA see how a client copes with a server whose clock disagrees with its own.
    """

    def __init__(self, app: ASGIApp, *, clock: Callable[[], float], skew: float) -> None:
        self.app = app
        self.clock = clock
        self.skew = skew

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def dated(message: Message) -> None:
            if message["type"] == "http.response.start":
                date = formatdate(self.clock() + self.skew, usegmt=True).encode()
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", date)]}
            await send(message)

        await self.app(scope, receive, dated)
