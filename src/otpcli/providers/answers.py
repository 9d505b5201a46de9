"""The single mapping from a provider's answer to a parsed body or an `OtpcliError`.

Verifik answers errors in three shapes, Trust in `{status, message}` (with `status: true`
even on its 500), Atenea in OAuth's `{error, error_description}`; proxies answer HTML. The
HTTP status is trusted over anything the body claims.
"""

from __future__ import annotations

import json
import re
from typing import Any

from otpcli.errors import AuthError, Exit, OtpcliError, ProviderError, ThrottledError, one_line
from otpcli.http.messages import ApiResponse
from otpcli.http.retry import retry_delay
from otpcli.i18n import N_, _

PROVIDER_NAMES = {"verifik": "Verifik", "trust": "Trust", "atenea": "Atenea"}

# Codes that say something specific, and what the user should understand and do.
KNOWN_CODES: dict[str, tuple[Exit, str, str | None]] = {
    "otp_does_not_match": (
        Exit.OTP_REJECTED,
        N_("the code does not match"),
        N_("ask for the code again"),
    ),
    "invalid_otp": (Exit.OTP_REJECTED, N_("the code does not match"), N_("ask for the code again")),
    "phone_validation_not_found": (
        Exit.NOT_FOUND,
        N_("no pending code for this phone"),
        N_("send a new code first (`otpcli login` or `otpcli send`)"),
    ),
    "phoneValidation_has_expired": (
        Exit.OTP_EXPIRED,
        N_("the code has expired"),
        N_("codes live 10 minutes: send a new one"),
    ),
    "otp_recently_sent": (
        Exit.THROTTLED,
        N_("a code was sent to this phone moments ago"),
        N_("wait about 2 minutes; `otpcli send --force` sends another one now"),
    ),
    "insufficient_credits": (
        Exit.PROVIDER,
        N_("the account has no credits left"),
        N_("buy credits in the Verifik dashboard, or ask whoever manages the account"),
    ),
    # A bare 403 "Forbidden": no credit, or the channel (WhatsApp, manual sends) is not
    # enabled for the account.
    "Forbidden": (
        Exit.PROVIDER,
        N_("the account may not do this"),
        N_("check the account's credits, and that this feature or channel is enabled for it"),
    ),
    "otp_send_failed": (
        Exit.PROVIDER,
        N_("the provider could not deliver the code"),
        N_("try again later, or the other gateway (--gateway whatsapp or sms)"),
    ),
    "otp_not_sent": (
        Exit.PROVIDER,
        N_("the SMS/WhatsApp provider refused to send the code"),
        N_("try again later, or the other gateway (--gateway whatsapp or sms)"),
    ),
    "phone_validation_already_validated": (
        Exit.OTP_REJECTED,
        N_("this code was already used to validate"),
        N_("send a new code to validate again"),
    ),
    "project_not_found": (
        Exit.NOT_FOUND,
        N_("no such project"),
        N_("check --project, or the profile's project (`otpcli config get project`)"),
    ),
    "projectFlow_not_found": (
        Exit.NOT_FOUND,
        N_("no such project flow"),
        N_(
            "check --project-flow, or the profile's project_flow (`otpcli config get project_flow`)"
        ),
    ),
    "PHONE_VALIDATION_NOT_FOUND": (
        Exit.NOT_FOUND,
        N_("no validation with this id"),
        N_("`otpcli list PHONE` shows the ids of a phone's validations"),
    ),
}
_GENERIC_CODES = frozenset(
    {
        "badrequest",
        "forbidden",
        "notfound",
        "conflict",
        "preconditionfailed",
        "internalservererror",
        "toomanyrequests",
        "unauthorized",
        "error",
    }
)
_CODE_IN_MESSAGE = re.compile(r"^(?:\d{3}:)?([A-Za-z][A-Za-z0-9_]*)$")
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def parse_json(body: bytes) -> Any:
    """The decoded body, or None when it is not JSON (HTML pages, truncated bodies)."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def interpret(provider: str, response: ApiResponse) -> dict[str, Any]:
    """A successful answer's JSON object, or the error it stands for."""
    name = PROVIDER_NAMES.get(provider, provider)
    data = parse_json(response.body)
    if 200 <= response.status < 300:
        if isinstance(data, dict):
            return data
        raise ProviderError(
            _("{provider} answered HTTP {status} with {body}, not a JSON object").format(
                provider=name, status=response.status, body=_describe(response)
            ),
            code="invalid_response",
            status=response.status,
            hint=_("the body may have been cut short; try --debug to see it"),
        )
    raise error_for(provider, response, data)


def error_for(provider: str, response: ApiResponse, data: Any) -> OtpcliError:
    name = PROVIDER_NAMES.get(provider, provider)
    status = response.status
    code, message = _code_and_message(data)
    if code is None and message is None:
        code = f"http_{status}"
        message = _("{provider} answered HTTP {status} with {body}").format(
            provider=name, status=status, body=_describe(response)
        )
    elif message is None:
        message = _("{provider} answered HTTP {status} ({code})").format(
            provider=name, status=status, code=code
        )
    else:
        message = f"{name}: {one_line(message)}"
    if code is None:  # Trust's {status, message}: the HTTP status says what happened
        code = "send_failed" if provider == "trust" and status >= 500 else f"http_{status}"

    if status == 401 or code in ("Unauthorized", "invalid_token", "invalid_client"):
        again = "otpcli trust-login" if provider in ("trust", "atenea") else "otpcli login PHONE"
        hint = (
            _("check the client id and secret")
            if code == "invalid_client"
            else _("the token was refused: run `{command}`").format(command=again)
        )
        return AuthError(message, code=code, status=status, hint=hint)
    if code in KNOWN_CODES:
        exit_code, human, known_hint = KNOWN_CODES[code]
        raw = _text(data.get("message")) if isinstance(data, dict) else None
        if raw is None or _CODE_IN_MESSAGE.match(raw.strip()):
            # The provider's message is only a code ("403:otp_does_not_match"): say it in words.
            said = {"provider": name, "what": _(human)}
            message = (
                _("{provider}: {what} ({code})").format(**said, code=raw.strip())
                if raw
                else _("{provider}: {what}").format(**said)
            )
        cls = ThrottledError if exit_code == Exit.THROTTLED else ProviderError
        advice = _(known_hint) if known_hint else None
        return cls(message, code=code, status=status, hint=advice, exit_code=exit_code)
    if status == 429 or (status == 503 and retry_delay(status, response.headers) is not None):
        return ThrottledError(
            message,
            code=code if code != f"http_{status}" else "rate_limited",
            status=status,
            hint=_("the provider is throttling requests; wait a moment and try again"),
        )
    return ProviderError(message, code=code, status=status)


def _code_and_message(data: Any) -> tuple[str | None, str | None]:
    if not isinstance(data, dict):
        return None, None
    message = _text(data.get("message"))
    if isinstance(data.get("error"), str) and "error_description" in data:  # Atenea / OAuth
        return data["error"], _text(data.get("error_description")) or data["error"]
    if data.get("success") is False and isinstance(data.get("error"), str):
        return _text(data.get("code")) or data["error"], data["error"]
    code = _text(data.get("code"))
    if message is not None:
        from_message = _CODE_IN_MESSAGE.match(message.strip())
        # {"code": "Forbidden", "message": "otp_does_not_match"}: the message is the real code.
        if from_message and (code is None or code.lower() in _GENERIC_CODES):
            specific = from_message.group(1)
            if specific.lower() not in _GENERIC_CODES or code is None:
                code = specific
        if code == "BadRequest" and "invalid otp" in message.lower():
            code = "invalid_otp"
    return code, message


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    return None


def _describe(response: ApiResponse) -> str:
    ctype = response.headers.get("content-type", "")
    if not response.body:
        return _("an empty body")
    if "html" in ctype.lower() or response.body.lstrip()[:1] == b"<":
        title = _TITLE.search(response.body[:4096])
        shown = one_line(title.group(1).decode("utf-8", "replace"), 80) if title else ""
        return _("an HTML page ({title})").format(title=shown) if shown else _("an HTML page")
    if parse_json(response.body) is None:
        return _("a body that is not valid JSON ({size} bytes, truncated?)").format(
            size=len(response.body)
        )
    return _("an unexpected JSON body")
