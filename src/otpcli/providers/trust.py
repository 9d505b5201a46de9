"""Trust verification codes, and the Atenea client-credentials tokens they need."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from otpcli.errors import ProviderError
from otpcli.http.messages import ApiRequest
from otpcli.inputs import Phone
from otpcli.times import plausible_epoch

ATENEA_LIFETIME = 7200.0  # documented; used when the answer's own figure is unusable


@dataclass(frozen=True)
class ClientCredentials:
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class AteneaToken:
    access_token: str
    expires_at: float  # epoch seconds: created_at + expires_in


@dataclass(frozen=True)
class TrustSend:
    phone: Phone
    nin: str


def token_request(atenea_url: str, given: ClientCredentials, token: str | None) -> ApiRequest:
    del token  # this is how a token is got
    body = {
        "client_id": given.client_id,
        "client_secret": given.client_secret,
        "grant_type": "client_credentials",
    }
    return ApiRequest(
        "atenea", "POST", f"{atenea_url}/oauth/token/", json=body, secret_fields=("client_secret",)
    )


def create_request(base_url: str, given: TrustSend, token: str | None) -> ApiRequest:
    return ApiRequest(
        "trust",
        "POST",
        f"{base_url}/verification/api/v2/verification/create",
        headers={"Authorization": f"Bearer {token}"},
        form={"phone": given.phone.e164, "nin": given.nin},
    )


def check_created(body: dict[str, Any]) -> dict[str, Any]:
    obj = body.get("obj")
    if body.get("status") is False or not isinstance(obj, dict) or not obj.get("id"):
        message = body.get("message") if isinstance(body.get("message"), str) else None
        raise ProviderError(
            f"Trust: {message}" if message else "Trust did not return a verification id",
            code="send_failed",
            status=200,
        )
    return body


def parse_token(body: dict[str, Any], now: float | None = None) -> AteneaToken:
    token = body.get("access_token")
    if not isinstance(token, str) or not token:
        raise ProviderError("Atenea sent no access token", code="invalid_response", status=200)
    start = plausible_epoch(body.get("created_at")) or now or time.time()
    expires_in = body.get("expires_in")
    lifetime = ATENEA_LIFETIME
    if (
        isinstance(expires_in, int | float)
        and not isinstance(expires_in, bool)
        and 0 < expires_in < 10 * 365 * 86400
    ):
        lifetime = float(expires_in)
    return AteneaToken(token, start + lifetime)
