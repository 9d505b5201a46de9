"""Trust verification codes, and the Atenea client-credentials tokens they need."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from otpcli.errors import ProviderError
from otpcli.http import ApiRequest, HttpClient
from otpcli.providers.answers import interpret


@dataclass(frozen=True)
class AteneaToken:
    access_token: str
    expires_at: float  # epoch seconds: created_at + expires_in


def create_request(base_url: str, token: str, e164: str, nin: str) -> ApiRequest:
    return ApiRequest(
        "trust",
        "POST",
        f"{base_url}/verification/api/v2/verification/create",
        headers={"Authorization": f"Bearer {token}"},
        form={"phone": e164, "nin": nin},
    )


def token_request(atenea_url: str, client_id: str, client_secret: str) -> ApiRequest:
    body = {
        "client_id": client_id,
        "client_secret": client_secret,
        "grant_type": "client_credentials",
    }
    return ApiRequest(
        "atenea", "POST", f"{atenea_url}/oauth/token/", json=body, secret_fields=("client_secret",)
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
    from otpcli.credentials import plausible_epoch

    start = plausible_epoch(body.get("created_at")) or now or time.time()
    expires_in = body.get("expires_in")
    lifetime = 7200.0  # documented; used when the answer's own figure is unusable
    if (
        isinstance(expires_in, int | float)
        and not isinstance(expires_in, bool)
        and 0 < expires_in < 10 * 365 * 86400
    ):
        lifetime = float(expires_in)
    return AteneaToken(token, start + lifetime)


class TrustClient:
    def __init__(self, http: HttpClient, base_url: str, atenea_url: str) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._atenea = atenea_url.rstrip("/")

    def fetch_token(self, client_id: str, client_secret: str) -> AteneaToken:
        body = interpret(
            "atenea", self._http.send(token_request(self._atenea, client_id, client_secret))
        )
        return parse_token(body)

    def create(self, token: str, e164: str, nin: str) -> dict[str, Any]:
        return check_created(
            interpret("trust", self._http.send(create_request(self._base, token, e164, nin)))
        )
