"""Verifik's calls, and how a record's fields become each call's input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from otpcli.i18n import N_
from otpcli.inputs import GATEWAYS, VALIDATE_GATEWAYS
from otpcli.operations import fields
from otpcli.operations.base import Operation
from otpcli.operations.fields import Fields
from otpcli.providers import verifik
from otpcli.providers.verifik import Confirm, Login, Send, Validate, access_token

__all__ = ["CONFIRM", "LOGIN", "SEND", "VALIDATE", "Confirm", "Login", "Send", "Validate"]
__all__ += ["SendFlags", "ValidateFlags", "access_token", "send_input", "validate_input"]

Body = dict[str, Any]

LOGIN: Operation[verifik.Login, Body] = Operation(
    "send a login code",
    "verifik",
    verifik.login_request,
    verifik.check_sent,
    hints={
        "otp_recently_sent": N_(
            "a login code went out moments ago: use it, or wait about 2"
            " minutes before asking for another"
        )
    },
)
CONFIRM: Operation[verifik.Confirm, Body] = Operation(
    "log in",
    "verifik",
    verifik.confirm_request,
    verifik.check_token,
    hints={
        "phone_validation_not_found": N_("ask for a login code first: `otpcli login PHONE`"),
        "phoneValidation_has_expired": N_("codes live 10 minutes: `otpcli login PHONE` again"),
    },
)
SEND: Operation[verifik.Send, Body] = Operation(
    "send a code", "verifik", verifik.send_request, verifik.check_sent, auth="verifik"
)
VALIDATE: Operation[verifik.Validate, Body] = Operation(
    "validate a code",
    "verifik",
    verifik.validate_request,
    verifik.check_validated,
    auth="verifik",
    hints={"phone_validation_not_found": N_("send a code first: `otpcli send PHONE`")},
)


@dataclass(frozen=True)
class SendFlags:
    project: str
    project_flow: str
    gateway: str | None = None
    type: str = "login"
    force: bool = False
    country_code: str | None = None


def send_input(row: Fields, flags: SendFlags) -> verifik.Send:
    return verifik.Send(
        fields.phone(row, flags.country_code),
        flags.project,
        flags.project_flow,
        fields.gateway(row, flags.gateway, GATEWAYS),
        flags.type,
        flags.force,
    )


@dataclass(frozen=True)
class ValidateFlags:
    otp: str | None = None
    project: str | None = None
    project_flow: str | None = None
    gateway: str | None = None
    country_code: str | None = None


def validate_input(row: Fields, flags: ValidateFlags) -> verifik.Validate:
    return verifik.Validate(
        fields.phone(row, flags.country_code),
        fields.otp(row, flags.otp),
        flags.project,
        flags.project_flow,
        fields.gateway(row, flags.gateway, VALIDATE_GATEWAYS),
    )
