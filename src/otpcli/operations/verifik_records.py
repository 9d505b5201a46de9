"""Verifik's records (list, show), manual sends, and the token lifecycle (renew, revoke)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from otpcli.errors import UsageError
from otpcli.i18n import N_, _
from otpcli.inputs import GATEWAYS
from otpcli.operations import fields
from otpcli.operations.base import Operation
from otpcli.operations.fields import Fields
from otpcli.providers import verifik, verifik_records
from otpcli.providers.verifik import ManualSend
from otpcli.providers.verifik_records import (
    MAX_LIMIT,
    OBJECT_ID,
    STATUSES,
    ListQuery,
    Renewal,
    new_token,
)

__all__ = ["LIST", "MANUAL_SEND", "RENEW", "REVOKE_ALL", "SHOW", "ListQuery", "ManualFlags"]
__all__ += ["MAX_LIMIT", "STATUSES", "Renewal", "manual_input", "new_token", "record_id"]

Body = dict[str, Any]
NO_RECORD = N_("`otpcli list PHONE` shows the ids of a phone's validations")

LIST: Operation[ListQuery, Body] = Operation(
    "list validations",
    "verifik",
    verifik_records.list_request,
    verifik_records.page_of,
    auth="verifik",
)
SHOW: Operation[str, Body] = Operation(
    "show a validation",
    "verifik",
    verifik_records.show_request,
    verifik_records.record_of,
    auth="verifik",
    hints={"phone_validation_not_found": NO_RECORD},
)
MANUAL_SEND: Operation[ManualSend, Body] = Operation(
    "send a code without a project",
    "verifik",
    verifik.manual_request,
    verifik.check_manual_sent,
    auth="verifik",
)
RENEW: Operation[Renewal, Body] = Operation(
    "renew the token",
    "verifik",
    verifik_records.renew_request,
    lambda body: body,
    auth="verifik",
    hints={"Unauthorized": N_("a token that has expired cannot be renewed: log in again")},
)
REVOKE_ALL: Operation[None, Body] = Operation(
    "renew the token and revoke all others",
    "verifik",
    verifik_records.revoke_request,
    lambda body: body,
    auth="verifik",
)


def record_id(raw: str) -> str:
    """A validation id as Verifik issues them (a 24-hex ObjectId), or a usage error."""
    value = raw.strip().lower()
    if not OBJECT_ID.match(value):
        raise UsageError(
            _("invalid validation id {id!r}: expected 24 hexadecimal characters").format(
                id=raw.strip()
            ),
            code="invalid_id",
            hint=_(NO_RECORD),
        )
    return value


@dataclass(frozen=True)
class ManualFlags:
    gateway: str = "sms"
    title: str | None = None
    language: str | None = None
    whatsapp_template: str | None = None
    force: bool = False
    country_code: str | None = None


def manual_input(row: Fields, flags: ManualFlags) -> ManualSend:
    gateway = fields.gateway(row, flags.gateway, GATEWAYS) or flags.gateway
    return ManualSend(
        fields.phone(row, flags.country_code),
        gateway,
        flags.title,
        flags.language,
        flags.whatsapp_template,
        flags.force,
    )
