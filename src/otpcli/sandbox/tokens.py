"""Tokens the sandbox issues: Verifik's JWTs (signed with PyJWT) and Atenea's opaque ones."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

import jwt

VERIFIK_TOKEN_TTL = 30 * 24 * 3600
ATENEA_TOKEN_TTL = 7200
# Any fixed id will do: real tokens and answers carry the caller's client id.
SANDBOX_CLIENT_ID = "5a0d5b0c0de0000000000001"
_ALGORITHM = "HS256"


def object_id(timestamp: float) -> str:
    """A MongoDB-style id: 4 bytes of creation time, then random bytes (24 hex digits)."""
    return f"{int(timestamp) & 0xFFFFFFFF:08x}{secrets.token_hex(8)}"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    value: str
    issuer: Literal["verifik", "atenea"]
    client_id: str
    created_at: int
    expires_at: int
    #: The phone a Verifik token was issued to (its `phone` claim).
    subject: str = ""


class TokenStore:
    """Every token issued since start-up; a token is valid while stored and not expired."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._key = secrets.token_bytes(32)
        self._issued: dict[str, IssuedToken] = {}

    def issue_verifik(
        self, subject: str, *, lifetime: int = VERIFIK_TOKEN_TTL, backdate: int = 0
    ) -> IssuedToken:
        """An HS256 JWT shaped like Verifik's: `iat` and `expiresAt`, no `exp`.

        `backdate` moves `iat` that many seconds into the past: how expired tokens are made.
        """
        now = int(self._now()) - backdate
        claims = {
            "_id": object_id(now),
            "client": SANDBOX_CLIENT_ID,
            "phone": subject,
            "sandbox": True,
            "iat": now,
            "expiresAt": now + lifetime,
        }
        value = jwt.encode(claims, self._key, algorithm=_ALGORITHM)
        return self._keep(
            IssuedToken(value, "verifik", SANDBOX_CLIENT_ID, now, now + lifetime, subject)
        )

    def issue_atenea(self, client_id: str) -> IssuedToken:
        now = int(self._now())
        value = secrets.token_urlsafe(32)
        return self._keep(IssuedToken(value, "atenea", client_id, now, now + ATENEA_TOKEN_TTL))

    def _keep(self, token: IssuedToken) -> IssuedToken:
        self._issued[token.value] = token
        return token

    def valid(self, value: str | None) -> IssuedToken | None:
        """The token if this sandbox issued it, its signature holds and it has not expired."""
        token = self._issued.get(value) if value else None
        if token is None or self._now() >= token.expires_at:
            return None
        if token.issuer == "verifik" and self.claims(token.value) is None:
            return None
        return token

    def claims(self, value: str) -> dict[str, Any] | None:
        """A Verifik token's claims if this sandbox signed it, expired or not."""
        try:
            claims: dict[str, Any] = jwt.decode(
                value,
                self._key,
                algorithms=[_ALGORITHM],
                # Expiry is `expiresAt` on the sandbox's own clock, which tests move: PyJWT's
                # checks would read `exp` and `iat` against the real time.
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        except jwt.InvalidTokenError:
            return None
        return claims

    def revoke_verifik(self) -> int:
        """Expire every Verifik token issued so far; how many were still valid."""
        now = int(self._now())
        revoked = 0
        for value, token in self._issued.items():
            if token.issuer == "verifik" and token.expires_at > now:
                self._issued[value] = replace(token, expires_at=now)
                revoked += 1
        return revoked
