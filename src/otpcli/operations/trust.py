"""Trust's calls (and Atenea's token), and how a record's fields become their input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from otpcli.operations import fields
from otpcli.operations.base import Operation
from otpcli.operations.fields import Fields
from otpcli.providers import trust
from otpcli.providers.trust import ClientCredentials

__all__ = ["ATENEA_TOKEN", "SEND", "ClientCredentials", "SendFlags", "send_input"]

Body = dict[str, Any]

ATENEA_TOKEN: Operation[trust.ClientCredentials, trust.AteneaToken] = Operation(
    "get an Atenea token", "atenea", trust.token_request, trust.parse_token
)
SEND: Operation[trust.TrustSend, Body] = Operation(
    "send a Trust code", "trust", trust.create_request, trust.check_created, auth="trust"
)


@dataclass(frozen=True)
class SendFlags:
    nin: str | None = None
    check_nin: bool = True
    country_code: str | None = None


def send_input(row: Fields, flags: SendFlags) -> trust.TrustSend:
    # The RUT first: a bad one is refused before the phone's "sending anyway" warning.
    nin = fields.nin(row, flags.nin, check=flags.check_nin)
    return trust.TrustSend(fields.phone(row, flags.country_code), nin)
