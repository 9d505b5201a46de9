"""One operation per provider call, and the one way it is performed.

An `Operation` says how to build the request, which token it carries and what counts as
success. `perform()` is the whole exchange — token, request, answer, error mapping, and
Trust's refresh-once after a 401 — written once, without I/O: it yields the requests to
send and receives their answers. `run_sync` drives it for a single command, `run_async`
for each record of a bulk run, so `--debug`, redaction and errors are the same in both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from otpcli.errors import AuthError, OtpcliError
from otpcli.http.messages import ApiRequest, ApiResponse
from otpcli.i18n import _
from otpcli.providers.answers import interpret

PLACEHOLDER_TOKEN = "[token]"  # what a dry run shows where a token would go
In = TypeVar("In")
Out = TypeVar("Out")
T = TypeVar("T")


class Wait:
    """Yielded while another record is fetching the token this one needs (bulk runs)."""


WAIT = Wait()
Step = ApiRequest | Wait
Exchange = Generator[Step, ApiResponse | None, T]


def ask(request: ApiRequest) -> Exchange[ApiResponse]:
    response = yield request
    assert response is not None, "drivers answer every request they are given"
    return response


@dataclass(frozen=True)
class Operation(Generic[In, Out]):
    name: str  # what the call does, for messages: "send a code"
    provider: str  # whose base URL and answer shapes: "verifik", "trust" or "atenea"
    build: Callable[[str, In, str | None], ApiRequest]  # base URL, input, token
    check: Callable[[dict[str, Any]], Out]  # a successful answer's body, checked
    auth: str | None = None  # the token it carries: "verifik", "trust", or None
    # Advice for an error code that fits this call better than the error table's, which
    # is written for any call ("wait, or send --force" does not help `login`); marked with
    # N_(), translated when it is given.
    hints: Mapping[str, str] = field(default_factory=dict)
    # The record field a command's argument fills, and what a one-column `--from` file
    # holds: a phone, or (Trust's verify) the id of a verification.
    column: str = "phone"
    # How an answer becomes a body or an error before `check`: the error table, unless the
    # call's refusals say more than the table can tell (Trust's verify, only in words).
    answer: Callable[[str, ApiResponse], dict[str, Any]] = interpret

    def finish(self, response: ApiResponse) -> Out:
        try:
            return self.check(self.answer(self.provider, response))
        except OtpcliError as error:
            if error.code in self.hints:
                error.hint = _(self.hints[error.code])
            raise


class TokenSource:
    """The token requests carry, and (Trust) how to get another one.

    A fixed token (stdin, the environment, a stored Verifik token) is used as it is. A
    renewable one (Trust's Atenea token from stored client credentials) is fetched when
    missing, and once more after the provider refuses it with a 401: the refused request
    did nothing, so sending it again with the new token sends nothing twice.
    """

    def __init__(
        self,
        provider: str,
        current: str | None,
        renew: Callable[[], Exchange[str]] | None = None,
    ) -> None:
        self.provider = provider
        self.current = current
        self._renew = renew
        self._renewed_after_refusal = False
        self._renewing = False

    def token(self) -> Exchange[str]:
        while self._renewing:
            yield WAIT
        if self.current is None:
            self.current = yield from self._fetch()
        return self.current

    def after_refusal(self, refused: str) -> Exchange[str | None]:
        """A token to try once more after `refused` got a 401, or None: give up."""
        while self._renewing:
            yield WAIT
        if self.current != refused:
            return self.current  # another record already got a new one
        if self._renew is None or self._renewed_after_refusal:
            return None
        self._renewed_after_refusal = True
        self.current = yield from self._fetch()
        return self.current

    def _fetch(self) -> Exchange[str]:
        if self._renew is None:
            raise AuthError(
                _("no {provider} token").format(provider=self.provider), code="not_authenticated"
            )
        self._renewing = True
        try:
            return (yield from self._renew())
        finally:
            self._renewing = False


def perform(
    operation: Operation[In, Out], given: In, base_url: str, tokens: TokenSource | None
) -> Exchange[Out]:
    token = None if tokens is None else (yield from tokens.token())
    try:
        return operation.finish((yield from ask(operation.build(base_url, given, token))))
    except AuthError as refused:
        if tokens is None or token is None or refused.status != 401:
            raise
        fresh = yield from tokens.after_refusal(token)
        if fresh is None:
            raise
    return operation.finish((yield from ask(operation.build(base_url, given, fresh))))


def run_sync(exchange: Exchange[T], send: Callable[[ApiRequest], ApiResponse]) -> T:
    try:
        step = next(exchange)
        while True:
            assert isinstance(step, ApiRequest), "one record at a time never waits"
            step = exchange.send(send(step))
    except StopIteration as done:
        result: T = done.value
        return result


async def run_async(
    exchange: Exchange[T], send: Callable[[ApiRequest], Awaitable[ApiResponse]]
) -> T:
    try:
        step = next(exchange)
        while True:
            if isinstance(step, Wait):
                import asyncio  # here, not above: single commands never wait

                await asyncio.sleep(0.01)
                step = exchange.send(None)
            else:
                step = exchange.send(await send(step))
    except StopIteration as done:
        result: T = done.value
        return result
