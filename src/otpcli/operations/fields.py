"""A record's fields turned into a provider call's input: the same for a command's flags
(one record) and for each row of a `--from` file (many).

A row's value wins over the flag's; an empty cell means "use the flag".
"""

from __future__ import annotations

from collections.abc import Mapping

from otpcli.errors import UsageError
from otpcli.i18n import _
from otpcli.inputs import (
    Phone,
    parse_choice,
    parse_otp,
    parse_phone,
    parse_rut,
    parse_verification_id,
)

Fields = Mapping[str, str]


def single(argument: str | None, column: str = "phone") -> dict[str, str]:
    """The one record a command's argument (PHONE, or ID) stands for."""
    if argument is None:
        raise UsageError(
            _("missing {argument} argument").format(argument=column.upper()),
            code="missing_argument",
        )
    return {column: argument}


def value(fields: Fields, column: str, default: str | None) -> str | None:
    return fields.get(column) or default


def phone(fields: Fields, default_country: str | None) -> Phone:
    raw = fields.get("phone")
    if not raw:
        raise UsageError(_("no phone on this row"), code="missing_column")
    return parse_phone(raw, value(fields, "country_code", default_country))


def gateway(fields: Fields, default: str | None, allowed: tuple[str, ...]) -> str | None:
    chosen = value(fields, "gateway", default)
    return parse_choice(chosen, allowed, "gateway") if chosen else None


def otp(fields: Fields, default: str | None) -> str:
    raw = value(fields, "otp", default)
    if not raw:
        raise UsageError(
            _("no otp on this row"), code="missing_column", hint=_("add an otp column, or --otp")
        )
    return parse_otp(raw)


def nin(fields: Fields, default: str | None, *, check: bool) -> str:
    raw = value(fields, "nin", default)
    if not raw:
        raise UsageError(
            _("no nin (RUT) on this row"),
            code="missing_column",
            hint=_("add a nin column, or --nin"),
        )
    return parse_rut(raw, check=check)


def verification_id(fields: Fields) -> str:
    raw = fields.get("id")
    if not raw:
        raise UsageError(
            _("no id on this row"),
            code="missing_column",
            hint=_("add an id column: what trust-send -q printed"),
        )
    return parse_verification_id(raw)


def warning(given: object) -> str | None:
    """What to say before sending `given` (a possible but not valid phone number)."""
    number = getattr(given, "phone", None)
    return number.warning if isinstance(number, Phone) else None
