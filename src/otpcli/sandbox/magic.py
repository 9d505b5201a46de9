"""Magic phone numbers: endings that make the sandbox give a chosen answer on purpose.

The table is data so that the app and docs/sandbox-magic-numbers.md read the same source;
a test checks that the document still contains `render_table()`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

#: Atenea refuses any `client_id` starting with this, so QA can see the 401 without a
#: real tenant.
REFUSED_CLIENT_PREFIX = "invalid"
#: A Verifik list asked for with this `limit` answers the flat pagination shape that other
#: Verifik list calls use, so a client can be tested on both.
FLAT_LIST_LIMIT = 99


class Effect(enum.Enum):
    OTP_DOES_NOT_MATCH = "otp_does_not_match"
    NOT_FOUND = "phone_validation_not_found"
    EXPIRED = "phoneValidation_has_expired"
    RECENTLY_SENT = "otp_recently_sent"
    INSUFFICIENT_CREDITS = "insufficient_credits"
    SEND_FAILED = "send_failed"
    RATE_LIMITED = "rate_limited"
    BAD_GATEWAY = "bad_gateway"
    TRUNCATED = "truncated"
    SLOW = "slow"
    UNAUTHORIZED = "unauthorized"


class Scope(enum.Enum):
    """When an ending takes effect."""

    #: Calls that check a code: Verifik confirm and PUT validate, Trust verify.
    CHECK = "check"
    #: Calls that send a code. Sends to CHECK numbers succeed, so the code can be checked.
    SEND = "send"
    #: Every call that carries the phone, before authentication: these imitate what a
    #: gateway or load balancer in front of the provider would do.
    EVERY = "every"


@dataclass(frozen=True, slots=True)
class MagicNumber:
    ending: str
    effect: Effect
    scope: Scope
    calls: str
    answer: str


MAGIC_NUMBERS: tuple[MagicNumber, ...] = (
    MagicNumber(
        "0403",
        Effect.OTP_DOES_NOT_MATCH,
        Scope.CHECK,
        "confirm, validate, Trust verify",
        '403 `otp_does_not_match` (Trust verify: 400 "Código inválido"), whatever the code',
    ),
    MagicNumber(
        "0404",
        Effect.NOT_FOUND,
        Scope.CHECK,
        "confirm, validate, Trust verify",
        '404 `phone_validation_not_found` (Trust verify: 404 `"status": false`)',
    ),
    MagicNumber(
        "0412",
        Effect.EXPIRED,
        Scope.CHECK,
        "confirm, validate, Trust verify",
        '412 `phoneValidation_has_expired` (Trust verify: 400 "Código expirado")',
    ),
    MagicNumber(
        "0409",
        Effect.RECENTLY_SENT,
        Scope.SEND,
        "login, send, manual send",
        "409 `otp_recently_sent`, even with `force`",
    ),
    MagicNumber(
        "0402",
        Effect.INSUFFICIENT_CREDITS,
        Scope.SEND,
        "login, send, manual send",
        "403 `insufficient_credits`",
    ),
    MagicNumber(
        "0500",
        Effect.SEND_FAILED,
        Scope.SEND,
        "login, send, manual send, trust-send (sms and whatsapp)",
        "Verifik: 409 `otp_send_failed`; Trust: the documented 500 "
        '`{"status": true, "message": "No fue posible enviar el sms a traves de ningun '
        'servicio."}`',
    ),
    MagicNumber(
        "0429",
        Effect.RATE_LIMITED,
        Scope.EVERY,
        "every call",
        '429 with `Retry-After: 1` and `{"code": "TooManyRequests", ...}`',
    ),
    MagicNumber(
        "0502",
        Effect.BAD_GATEWAY,
        Scope.EVERY,
        "every call",
        "502 with an HTML page (`text/html`), as from a proxy",
    ),
    MagicNumber(
        "0200",
        Effect.TRUNCATED,
        Scope.EVERY,
        "every call",
        "200 `application/json` whose body is cut after 40 bytes",
    ),
    MagicNumber(
        "0408",
        Effect.SLOW,
        Scope.EVERY,
        "every call",
        "the normal answer, but only after `--slow-seconds` (default 20 s, longer than the "
        "CLI's 15 s timeout)",
    ),
    MagicNumber(
        "0401",
        Effect.UNAUTHORIZED,
        Scope.EVERY,
        "every call",
        "401 as if the token were refused",
    ),
)

_BY_ENDING = {magic.ending: magic for magic in MAGIC_NUMBERS}


def lookup(phone_digits: str | None) -> MagicNumber | None:
    """The magic number a phone's last four digits select, if any."""
    if not phone_digits or len(phone_digits) < 4:
        return None
    return _BY_ENDING.get(phone_digits[-4:])


def render_table() -> str:
    """The magic-number table as Markdown, for the README and the sandbox docs."""
    rows = [
        "| Number ends in | Example numbers | Calls | Answer |",
        "|---|---|---|---|",
    ]
    for magic in MAGIC_NUMBERS:
        example = f"`+507 6261 {magic.ending}`, `+56 9 1234 {magic.ending}`"
        rows.append(f"| `{magic.ending}` | {example} | {magic.calls} | {magic.answer} |")
    rows.append(
        f"| Atenea `client_id` starting with `{REFUSED_CLIENT_PREFIX}` | "
        f"`{REFUSED_CLIENT_PREFIX}-client` | trust-login (`POST /oauth/token/`) | "
        "401 `invalid_client` |"
    )
    rows.append(
        f"| query `limit={FLAT_LIST_LIMIT}` | "
        f"`GET /v2/phone-validations?limit={FLAT_LIST_LIMIT}` | "
        "list | the flat shape `{data, total, limit, page, pages}` instead of "
        "`{success, data, pagination}` |"
    )
    return "\n".join(rows) + "\n"
