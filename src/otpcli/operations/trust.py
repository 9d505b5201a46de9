"""Trust's calls (and Atenea's token), and how a record's fields become their input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from otpcli.i18n import N_
from otpcli.operations import fields
from otpcli.operations.base import Operation
from otpcli.operations.fields import Fields
from otpcli.providers import trust
from otpcli.providers.trust import ClientCredentials, answered_id

__all__ = ["ATENEA_TOKEN", "SEND", "VERIFY", "WHATSAPP", "ClientCredentials", "SendFlags"]
__all__ += ["VerifyFlags", "answered_id", "send_input", "verify_input"]

Body = dict[str, Any]
NEW_CODE = N_("send a new code: `otpcli trust-send PHONE --nin RUT`")

ATENEA_TOKEN: Operation[trust.ClientCredentials, trust.AteneaToken] = Operation(
    "get an Atenea token", "atenea", trust.token_request, trust.parse_token
)
SEND: Operation[trust.TrustSend, Body] = Operation(
    "send a Trust code", "trust", trust.create_request, trust.check_created, auth="trust"
)
WHATSAPP: Operation[trust.TrustSend, Body] = Operation(
    "send a WhatsApp code", "trust", trust.whatsapp_request, trust.check_whatsapp, auth="trust"
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


VERIFY: Operation[trust.TrustVerify, Body] = Operation(
    "verify a Trust code",
    "trust",
    trust.verify_request,
    trust.check_verified,
    answer=trust.verify_answer,
    auth="trust",
    column="id",
    hints={
        "otp_does_not_match": N_(
            "ask for the code again, or send a new code: `otpcli trust-send PHONE --nin RUT`"
        ),
        "phone_validation_not_found": N_("check the id: the one trust-send printed for this code"),
        "phoneValidation_has_expired": NEW_CODE,
    },
)


@dataclass(frozen=True)
class VerifyFlags:
    otp: str | None = None  # every row's code, unless the row has its own


def verify_input(row: Fields, flags: VerifyFlags) -> trust.TrustVerify:
    return trust.TrustVerify(fields.verification_id(row), fields.otp(row, flags.otp))
