"""The sandbox ASGI app: Verifik, Trust and Atenea on one port, plus `/_sandbox/*`.

Answers follow the providers' published docs (status codes, bodies, field names); where
the docs are silent the choice is noted next to the code.
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from otpcli.sandbox.atenea import Atenea
from otpcli.sandbox.faults import Faults, SkewedDate
from otpcli.sandbox.state import Clock, Message, SandboxState
from otpcli.sandbox.trust import Trust
from otpcli.sandbox.verifik import Verifik
from otpcli.sandbox.verifik_records import VerifikRecords
from otpcli.sandbox.verifik_session import VerifikSession
from otpcli.sandbox.wire import digits, json_response


class Inbox:
    """`/_sandbox/*`: what the sandbox delivered, and whether it is up. Never faulted."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    async def health(self, request: Request) -> Response:
        return json_response({"ok": True})

    async def list_messages(self, request: Request) -> Response:
        phone = request.query_params.get("phone")
        messages = self.state.messages_to(digits(phone) if phone else None)
        return json_response({"messages": [message.as_json() for message in messages]})

    async def clear_messages(self, request: Request) -> Response:
        return json_response({"deleted": self.state.clear_messages()})

    def routes(self) -> list[Route]:
        return [
            Route("/_sandbox/health", self.health, methods=["GET"]),
            Route("/_sandbox/messages", self.list_messages, methods=["GET"]),
            Route("/_sandbox/messages", self.clear_messages, methods=["DELETE"]),
        ]


def create_app(
    *,
    latency_ms: int = 0,
    fail_rate: float = 0.0,
    seed: int | None = None,
    slow_seconds: float = 20.0,
    on_message: Callable[[Message], None] | None = None,
    clock: Clock = time.time,
    code_pool: int = 32,
    clock_skew: float = 0.0,
) -> Starlette:
    """Build the sandbox app.

    `clock` lets tests move time forward (expiry, cooldown, token lifetimes); `code_pool`
    is how many pre-hashed codes to keep ready once the sandbox is idle (see CodePool).
    A non-zero `clock_skew` dates every answer that many seconds off the clock.
    The state is reachable as `app.state.sandbox` (see `sandbox_state`).
    """
    if not math.isfinite(clock_skew):
        raise ValueError("clock_skew must be a finite number of seconds")
    faults = Faults(
        latency_ms=latency_ms, fail_rate=fail_rate, seed=seed, slow_seconds=slow_seconds
    )
    state = SandboxState(seed=seed, now=clock, code_pool=code_pool, on_message=on_message)
    session = VerifikSession(state)
    endpoints = [
        *Verifik(state).endpoints(),
        *VerifikRecords(state).endpoints(),
        *session.endpoints(),
        *Atenea(state).endpoints(),
        *Trust(state).endpoints(),
    ]
    routes = [faults.route(endpoint) for endpoint in endpoints]
    routes += Inbox(state).routes() + session.sandbox_routes()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.close()

    middleware = [Middleware(SkewedDate, clock=clock, skew=clock_skew)] if clock_skew else []
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.sandbox = state
    app.state.sandbox_faults = faults
    return app


def sandbox_state(app: Starlette) -> SandboxState:
    state = app.state.sandbox
    assert isinstance(state, SandboxState)
    return state


def begin_shutdown(app: Starlette) -> None:
    """Answer requests still waiting (latency, slow numbers) now, so the server can stop."""
    faults = app.state.sandbox_faults
    assert isinstance(faults, Faults)
    faults.stop_pauses()


__all__ = ["begin_shutdown", "create_app", "sandbox_state"]
