"""Atenea, Trust's OAuth server: client-credentials tokens and their info."""

from __future__ import annotations

from starlette.responses import Response

from otpcli.sandbox.faults import Call, Endpoint
from otpcli.sandbox.magic import REFUSED_CLIENT_PREFIX
from otpcli.sandbox.state import SandboxState
from otpcli.sandbox.wire import (
    basic_credentials,
    bearer,
    compact,
    json_response,
    text,
    unauthorized,
)

# Atenea is a Doorkeeper (Rails OAuth) server: these are Doorkeeper's standard bodies.
ATENEA_INVALID_CLIENT: dict[str, str] = {
    "error": "invalid_client",
    "error_description": (
        "Client authentication failed due to unknown client, no client authentication "
        "included, or unsupported authentication method."
    ),
}
ATENEA_INVALID_REQUEST: dict[str, str] = {
    "error": "invalid_request",
    "error_description": (
        "The request is missing a required parameter, includes an unsupported parameter "
        "value, or is otherwise malformed."
    ),
}
ATENEA_UNSUPPORTED_GRANT: dict[str, str] = {
    "error": "unsupported_grant_type",
    "error_description": "The authorization grant type is not supported by the authorization "
    "server.",
}
_SAMPLE_TOKEN = compact(
    {"access_token": "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0", "token_type": "Bearer"}
)
_SAMPLE_TOKEN_INFO = compact(
    {"resource_owner_id": None, "scope": [], "expires_in": 7200, "created_at": 1700000000}
)


class Atenea:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def endpoints(self) -> list[Endpoint]:
        return [
            # Both spellings: Starlette would answer the other one with a redirect, which
            # HTTP clients do not follow for a POST by default.
            Endpoint("/oauth/token/", "POST", "atenea", self.token, _SAMPLE_TOKEN),
            Endpoint("/oauth/token", "POST", "atenea", self.token, _SAMPLE_TOKEN),
            Endpoint("/oauth/token/info", "GET", "atenea", self.token_info, _SAMPLE_TOKEN_INFO),
        ]

    async def token(self, call: Call) -> Response:
        fields = call.fields
        if fields is None:
            return json_response(ATENEA_INVALID_REQUEST, 400)
        client_id = text(fields.get("client_id"))
        client_secret = text(fields.get("client_secret"))
        basic = basic_credentials(call.request)
        if basic is not None and not client_id:
            client_id, client_secret = basic
        grant_type = text(fields.get("grant_type"))
        if not grant_type:
            return json_response(ATENEA_INVALID_REQUEST, 400)
        if grant_type != "client_credentials":
            return json_response(ATENEA_UNSUPPORTED_GRANT, 400)
        if not client_id or not client_secret or client_id.startswith(REFUSED_CLIENT_PREFIX):
            return json_response(ATENEA_INVALID_CLIENT, 401)
        token = self.state.issue_atenea_token(client_id)
        return json_response(
            {
                "access_token": token.value,
                "token_type": "Bearer",
                "expires_in": token.expires_at - token.created_at,
                "created_at": token.created_at,
            }
        )

    async def token_info(self, call: Call) -> Response:
        token = self.state.valid_token(bearer(call.request))
        if token is None:
            return unauthorized("atenea")
        return json_response(
            {
                "resource_owner_id": None,
                "scope": [],
                "expires_in": max(0, int(token.expires_at - self.state.now())),
                "application": {"uid": token.client_id},
                "created_at": token.created_at,
            }
        )
