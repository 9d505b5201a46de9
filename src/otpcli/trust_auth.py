"""Trust's stored credentials: the Atenea client id and secret, and the last token.

The Atenea token lives two hours; `App.trust_tokens` fetches a new one when it is missing
or about to expire, and once more after a 401 (see `operations.base.TokenSource`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from otpcli import credentials
from otpcli.errors import AuthError
from otpcli.i18n import _
from otpcli.providers.trust import AteneaToken

REFRESH_MARGIN_SECONDS = 60


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
                _("the stored Trust credentials are unreadable"),
                hint=_("run `otpcli trust-login --client-id ID` again"),
            ) from None


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
