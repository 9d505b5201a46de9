"""Parsing of what users type: phones, country codes, OTPs, RUTs.

Every function returns a normalised value or raises `UsageError`; nothing here talks to a
provider, so invalid input is refused before anything is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from otpcli.errors import UsageError
from otpcli.i18n import _


class Gateway(StrEnum):
    """How a code is delivered: Verifik's `phoneGateway`, Trust's `--channel`."""

    sms = "sms"
    whatsapp = "whatsapp"


class ValidateGateway(StrEnum):
    """The gateway a validation names (`none`: do not narrow it down)."""

    sms = "sms"
    whatsapp = "whatsapp"
    none = "none"


class Language(StrEnum):
    """The language of a manual send's message."""

    es = "es"
    en = "en"


class WhatsappTemplate(StrEnum):
    authentication = "authentication"
    flow2 = "flow2"


GATEWAYS = tuple(g.value for g in Gateway)
VALIDATE_GATEWAYS = tuple(g.value for g in ValidateGateway)

_PHONE_PUNCTUATION = re.compile(r"[\s\-.()/]")
_COUNTRY_CODE = re.compile(r"^\+?([1-9][0-9]{0,2})$")
_OTP = re.compile(r"^[0-9]{4,8}$")  # ASCII only: \d also matches other scripts' digits


@dataclass(frozen=True)
class Phone:
    country_code: str  # "+507"
    national: str  # "62617737", the national significant number
    valid: bool  # libphonenumber's "valid"; possible-but-invalid numbers are still sent

    @property
    def e164(self) -> str:
        return f"{self.country_code}{self.national}"

    @property
    def warning(self) -> str | None:
        """Said before sending to a number libphonenumber does not know (QA's fake ones)."""
        if self.valid:
            return None
        return _("{phone} is a possible but not a valid number").format(phone=self.e164)

    @property
    def masked(self) -> str:
        digits = self.national
        return f"{self.country_code} {'•' * max(len(digits) - 4, 0)}{digits[-4:]}"


def parse_country_code(raw: str) -> str:
    """`+507`, `507` and ` +507 ` all mean `+507`: the form Verifik wants (`^\\+\\d{1,3}$`)."""
    match = _COUNTRY_CODE.match(raw.strip())
    if not match:
        raise UsageError(
            _("invalid country code {code!r}: expected + and 1 to 3 digits, e.g. +507").format(
                code=raw.strip()
            ),
            code="invalid_country_code",
        )
    return f"+{match.group(1)}"


def parse_phone(raw: str, country_code: str | None = None) -> Phone:
    """E.164 (`+50762617737`) or a national number with a country code.

    An E.164 number carries its own country code and wins over `country_code`.
    """
    import phonenumbers

    text = _PHONE_PUNCTUATION.sub("", raw.strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text:
        raise UsageError(_("empty phone number"), code="invalid_phone")
    digits = text[1:] if text.startswith("+") else text
    if not digits.isdigit():
        raise UsageError(
            _(
                "invalid phone number {phone!r}: only digits, an optional leading +, spaces,"
                " dashes, dots and parentheses are allowed"
            ).format(phone=raw.strip()),
            code="invalid_phone",
        )
    if not text.startswith("+"):
        if country_code is None:
            raise UsageError(
                _("phone {phone!r} has no country code").format(phone=raw.strip()),
                code="invalid_phone",
                hint=_("write it in E.164 (+50762617737) or add --country-code +507"),
            )
        text = parse_country_code(country_code) + text
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            raise UsageError(
                _("invalid phone number {phone!r}: unknown country calling code").format(
                    phone=raw.strip()
                ),
                code="invalid_phone",
                hint=_("E.164 starts with + and a real country code, e.g. +507 or +56"),
            ) from None
        raise UsageError(
            _("invalid phone number {phone!r}: {reason}").format(
                phone=raw.strip(), reason=_parse_failure(exc.error_type)
            ),
            code="invalid_phone",
        ) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        why = {
            phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: _("unknown country calling code"),
            phonenumbers.ValidationResult.TOO_SHORT: _("too short"),
            phonenumbers.ValidationResult.TOO_LONG: _("too long"),
            phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: _("a local-only number"),
        }.get(reason) or _("not a possible length")
        raise UsageError(
            _("impossible phone number {phone!r}: {why}").format(phone=raw.strip(), why=why),
            code="invalid_phone",
        )
    return Phone(
        country_code=f"+{number.country_code}",
        national=phonenumbers.national_significant_number(number),
        valid=phonenumbers.is_valid_number(number),
    )


def _parse_failure(error_type: int) -> str:
    """Why libphonenumber could not read a number, in otpcli's words (its own are English
    only): one of `NumberParseException`'s error types."""
    from phonenumbers import NumberParseException as Failure

    reasons = {
        Failure.INVALID_COUNTRY_CODE: _("unknown country calling code"),
        Failure.NOT_A_NUMBER: _("not a phone number"),
        Failure.TOO_SHORT_AFTER_IDD: _("too short after the international prefix"),
        Failure.TOO_SHORT_NSN: _("too short"),
        Failure.TOO_LONG: _("too long"),
    }
    return reasons.get(error_type) or _("not a phone number")


def parse_otp(raw: str) -> str:
    """4 to 8 digits. The code itself is never echoed back in the message."""
    text = raw.strip().replace(" ", "").replace("-", "")
    if not _OTP.match(text):
        raise UsageError(
            _("invalid OTP: expected 4 to 8 digits"),
            code="invalid_otp",
            hint=_("e.g. --otp 123456"),
        )
    return text


def parse_verification_id(raw: str) -> str:
    """A Trust verification id as trust-send printed it: one word of printable characters
    (its form is not published: `4125f2d-7608-4c22-a1t2-28z13089059` in the docs)."""
    text = raw.strip()
    if not text or not text.isprintable() or any(c.isspace() for c in text):
        raise UsageError(
            _("invalid verification id {id!r}: expected one word").format(id=text),
            code="invalid_id",
            hint=_("pass the id trust-send printed (trust-send -q prints it alone)"),
        )
    return text


def parse_rut(raw: str, *, check: bool = True) -> str:
    """Any common spelling of a Chilean RUT, returned as `12345678-5` (Trust's documented form).

    With `check=False` the check digit is not verified: Trust's own examples fail it, and QA
    sends them on purpose.
    """
    from stdnum import exceptions as stdnum_errors
    from stdnum.cl import rut

    shown = raw.strip()
    compact = rut.compact(shown) if shown else ""
    if not re.fullmatch(r"[0-9]{7,8}[0-9K]", compact):
        raise UsageError(
            _(
                "invalid RUT {rut!r}: expected 7 or 8 digits and a check digit, e.g. 12.345.678-5"
            ).format(rut=shown),
            code="invalid_nin",
        )
    if check:
        try:
            rut.validate(compact)
        except stdnum_errors.InvalidChecksum:
            expected = rut.calc_check_digit(compact[:-1])
            raise UsageError(
                _(
                    "invalid RUT {rut!r}: the check digit is {digit}, it should be {expected}"
                ).format(rut=shown, digit=compact[-1], expected=expected),
                code="invalid_nin",
                hint=_("--skip-nin-check sends it unchecked (for the providers' placeholder RUTs)"),
            ) from None
        except stdnum_errors.ValidationError as exc:
            raise UsageError(
                _("invalid RUT {rut!r}: {reason}").format(rut=shown, reason=exc), code="invalid_nin"
            ) from None
    return f"{compact[:-1]}-{compact[-1]}"


def parse_choice(raw: str, allowed: tuple[str, ...], what: str) -> str:
    if raw not in allowed:
        raise UsageError(
            _("invalid {what} {value!r}: expected one of {choices}").format(
                what=what, value=raw, choices=", ".join(allowed)
            ),
            code=f"invalid_{what}",
        )
    return raw
