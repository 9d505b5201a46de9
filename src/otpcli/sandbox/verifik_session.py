"""Verifik's token lifecycle: renew a session, renew and revoke all; and expired test tokens.

These calls take Verifik tokens only: unlike the code calls, which accept any token the
sandbox issued, renewing an Atenea token into a Verifik JWT would make no sense.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from otpcli.sandbox.faults import Call, Endpoint
from otpcli.sandbox.state import SandboxState
from otpcli.sandbox.tokens import VERIFIK_TOKEN_TTL, IssuedToken
from otpcli.sandbox.wire import (
    compact,
    json_response,
    missing_parameter,
    text,
    unauthorized,
)

#: Verifik counts `expiresIn` in months; the sandbox makes each 30 days.
MONTH = 30 * 24 * 3600
MONTHS = (1, 12)
#: How long before now a token from `POST /_sandbox/tokens?expired=1` ran out.
EXPIRED_FOR = 3600
_SAMPLE_SESSION = compact(
    {"accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln", "tokenType": "bearer"}
)
_SAMPLE_REVOKE = compact({"token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln"})


def _raw_token(request: Request) -> str:
    """The Authorization header's token: documented bare for this call, "Bearer x" also read."""
    value = request.headers.get("authorization", "").strip()
    scheme, _, rest = value.partition(" ")
    return rest.strip() if scheme.lower() == "bearer" else value


class VerifikSession:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("/v2/auth/session", "GET", "verifik", self.session, _SAMPLE_SESSION),
            Endpoint(
                "/v2/auth/renew-and-revoke",
                "POST",
                "verifik",
                self.renew_and_revoke,
                _SAMPLE_REVOKE,
            ),
        ]

    def _verifik_token(self, value: str) -> IssuedToken | None:
        token = self.state.valid_token(value)
        return token if token is not None and token.issuer == "verifik" else None

    async def session(self, call: Call) -> Response:
        """`GET /v2/auth/session?origin=refresh&expiresIn=N`: a new token for N months."""
        value = _raw_token(call.request)
        if not value:
            return missing_parameter("missing Authorization header")
        token = self._verifik_token(value)
        if token is None:
            return unauthorized("verifik")
        query = call.request.query_params
        origin = text(query.get("origin"))
        if origin != "refresh":
            return missing_parameter(
                "Invalid origin. origin should be refresh." if origin else "missing origin"
            )
        low, high = MONTHS
        months = text(query.get("expiresIn")) or str(low)
        if not months.isdigit() or not low <= int(months) <= high:
            return missing_parameter(
                f"Invalid expiresIn. expiresIn should be a number of months from {low} to {high}."
            )
        renewed = self.state.tokens.issue_verifik(token.subject, lifetime=int(months) * MONTH)
        # No `data` wrapper here, unlike confirm: as documented.
        return json_response({"accessToken": renewed.value, "tokenType": "bearer"})

    async def renew_and_revoke(self, call: Call) -> Response:
        """Expire every Verifik token issued so far, the caller's too, and issue a new one."""
        token = self._verifik_token(_raw_token(call.request))
        if token is None:
            return unauthorized("verifik")
        self.state.tokens.revoke_verifik()
        renewed = self.state.tokens.issue_verifik(token.subject)
        return json_response({"token": renewed.value})

    async def test_token(self, request: Request) -> Response:
        """`POST /_sandbox/tokens[?expired=1][&phone=]`: a signed Verifik token without a login.

        With `expired=1` the token is one the sandbox signed but that ran out an hour ago,
        so a client's handling of an expired token can be tested at once.
        """
        expired = request.query_params.get("expired", "").lower() in ("1", "true", "yes")
        subject = text(request.query_params.get("phone"))
        backdate = VERIFIK_TOKEN_TTL + EXPIRED_FOR if expired else 0
        token = self.state.tokens.issue_verifik(subject, backdate=backdate)
        body = {"accessToken": token.value, "tokenType": "bearer", "expiresAt": token.expires_at}
        return json_response(body)

    def sandbox_routes(self) -> list[Route]:
        return [Route("/_sandbox/tokens", self.test_token, methods=["POST"])]
