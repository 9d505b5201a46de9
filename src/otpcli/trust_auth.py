"""Trust's access token: from stdin or TRUST_TOKEN, else from stored client credentials.

The Atenea token lives two hours; it is fetched when missing or about to expire and, after
a 401, refreshed once (the provider refused the request, so nothing was sent twice).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from otpcli import credentials, env
from otpcli.errors import AuthError
from otpcli.providers.trust import AteneaToken, TrustClient

REFRESH_MARGIN_SECONDS = 60
T = TypeVar("T")


@dataclass
class TrustCredentials:
    client_id: str
    client_secret: str
    access_token: str | None = None
    expires_at: float = 0.0

    def dumps(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def loads(cls, text: str) -> TrustCredentials:
        try:
            data = json.loads(text)
            return cls(
                client_id=str(data["client_id"]),
                client_secret=str(data["client_secret"]),
                access_token=data.get("access_token"),
                expires_at=float(data.get("expires_at") or 0),
            )
        except (ValueError, KeyError, TypeError):
            raise AuthError(
                "the stored Trust credentials are unreadable",
                hint="run `otpcli trust-login --client-id ID` again",
            ) from None


class TrustSession:
    def __init__(
        self,
        client: TrustClient,
        vault: credentials.Vault,
        *,
        stdin_token: str | None,
        remember: Callable[[str], None],
    ) -> None:
        self._client = client
        self._vault = vault
        self._fixed = stdin_token or (credentials.from_environment("trust") or _NONE).secret
        self._remember = remember
        if self._fixed:
            remember(self._fixed)
        self._stored: TrustCredentials | None = None

    def token(self, *, force_refresh: bool = False) -> str:
        if self._fixed:
            return self._fixed
        stored = self._load()
        fresh = stored.expires_at - time.time() > REFRESH_MARGIN_SECONDS
        if stored.access_token and fresh and not force_refresh:
            self._remember(stored.access_token)
            return stored.access_token
        new = self._client.fetch_token(stored.client_id, stored.client_secret)
        self._remember(new.access_token)
        save_token(self._vault, stored, new)
        return new.access_token

    def call(self, action: Callable[[str], T]) -> T:
        """Run a Trust call; on a 401 with a token we fetched, refresh once and retry once."""
        try:
            return action(self.token())
        except AuthError as exc:
            if self._fixed or exc.status != 401:
                raise
            return action(self.token(force_refresh=True))

    def _load(self) -> TrustCredentials:
        if self._stored is None:
            found = self._vault.stored("trust")
            if found is None:
                raise AuthError(
                    f"not logged in to Trust (profile {self._vault.profile!r})",
                    hint=f"run `otpcli trust-login --client-id ID`, or set {env.TRUST_TOKEN}",
                )
            self._stored = TrustCredentials.loads(found.secret)
            self._remember(self._stored.client_secret)
        return self._stored


@dataclass(frozen=True)
class _Empty:
    secret: str = ""


_NONE = _Empty()


def save_token(vault: credentials.Vault, stored: TrustCredentials, new: AteneaToken) -> str:
    stored.access_token = new.access_token
    stored.expires_at = new.expires_at
    where = vault.save("trust", stored.dumps())
    meta: dict[str, Any] = {
        "client_id": stored.client_id,
        "obtained_at": time.time(),
        "expires_at": new.expires_at,
        "store": where,
    }
    credentials.save_metadata(vault.profile, "trust", meta)
    return where
