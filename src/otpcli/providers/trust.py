"""Trust verification codes (sent by SMS or WhatsApp, then verified), and the Atenea
client-credentials tokens they need."""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from otpcli.errors import Exit, ProviderError, one_line
from otpcli.http.messages import ApiRequest, ApiResponse
from otpcli.i18n import N_, _
from otpcli.inputs import Phone
from otpcli.providers.answers import interpret, parse_json
from otpcli.times import plausible_epoch

ATENEA_LIFETIME = 7200.0  # documented; used when the answer's own figure is unusable
VERIFICATION = "/verification/api/v2/verification"
# Where else an id may stand in an answer whose shape Trust has not published (WhatsApp's).
_ID_NAMES = ("id", "_id", "uuid", "verification_id", "verificationId")
_OUTCOME_NAMES = ("status", "valid", "success")  # any of them false: the code was refused
_WORD = re.compile(r"[a-z0-9]+")
# What verify's refusals say, as whole words without accents. A wrong code is told apart
# from a malformed request ("Solicitud inválida: se esperaba form-data", "ID inválido") by
# the words that name the request.
_WRONG_CODE = (
    *("invalid", "invalido", "invalida", "incorrect", "incorrecto", "incorrecta"),
    *("no valido", "no valida", "no coincide", "does not match"),
)
_ABOUT_THE_REQUEST = (
    *("solicitud", "request", "form", "campo", "campos", "field", "fields"),
    *("falta", "faltan", "missing", "id", "parametro", "parameter"),
)
_EXPIRED = ("expirado", "expirada", "expiro", "expired", "vencido", "vencida", "caducado")
# The contract's codes for these outcomes, so a script checks one name whichever provider.
_VERDICTS = {
    "otp_does_not_match": (Exit.OTP_REJECTED, N_("the code does not match")),
    "phone_validation_not_found": (Exit.NOT_FOUND, N_("no verification with this id")),
    "phoneValidation_has_expired": (Exit.OTP_EXPIRED, N_("the code has expired")),
}


@dataclass(frozen=True)
class ClientCredentials:
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class AteneaToken:
    access_token: str
    expires_at: float  # epoch seconds: created_at + expires_in


@dataclass(frozen=True)
class TrustSend:
    phone: Phone
    nin: str


@dataclass(frozen=True)
class TrustVerify:
    id: str  # what create (or whatsapp) answered
    otp: str


def token_request(atenea_url: str, given: ClientCredentials, token: str | None) -> ApiRequest:
    del token  # this is how a token is got
    body = {
        "client_id": given.client_id,
        "client_secret": given.client_secret,
        "grant_type": "client_credentials",
    }
    return ApiRequest(
        "atenea", "POST", f"{atenea_url}/oauth/token/", json=body, secret_fields=("client_secret",)
    )


def _verification_call(
    base_url: str, call: str, token: str | None, form: dict[str, str], secret: tuple[str, ...] = ()
) -> ApiRequest:
    return ApiRequest(
        "trust",
        "POST",
        f"{base_url}{VERIFICATION}/{call}",
        headers={"Authorization": f"Bearer {token}"},
        form=form,
        secret_fields=secret,
    )


def create_request(base_url: str, given: TrustSend, token: str | None) -> ApiRequest:
    return _verification_call(
        base_url, "create", token, {"phone": given.phone.e164, "nin": given.nin}
    )


def whatsapp_request(base_url: str, given: TrustSend, token: str | None) -> ApiRequest:
    # The same two fields as create's, but the phone is called `number` here.
    return _verification_call(
        base_url, "whatsapp", token, {"number": given.phone.e164, "nin": given.nin}
    )


def verify_request(base_url: str, given: TrustVerify, token: str | None) -> ApiRequest:
    return _verification_call(
        base_url, "verify", token, {"id": given.id, "totp": given.otp}, secret=("totp",)
    )


def _message(body: Any) -> str | None:
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) and message.strip() else None


def _not_sent(body: dict[str, Any], otherwise: str) -> ProviderError:
    """Trust's own message when it gave one (shown as it came), else `otherwise`."""
    message = _message(body)
    said = _("{provider}: {what}").format(provider="Trust", what=message) if message else otherwise
    return ProviderError(said, code="send_failed", status=200)


def check_created(body: dict[str, Any]) -> dict[str, Any]:
    """create's documented answer always holds `obj.id`: one without it did not send."""
    obj = body.get("obj")
    if body.get("status") is False or not isinstance(obj, dict) or not obj.get("id"):
        raise _not_sent(body, _("Trust did not return a verification id"))
    return body


def check_whatsapp(body: dict[str, Any]) -> dict[str, Any]:
    """WhatsApp's answer is unpublished: only a `status` that is false says it did not send.
    Where its id is, `answered_id` looks; the command warns when it finds none."""
    if body.get("status") is False:
        raise _not_sent(body, _("Trust did not send the code"))
    return body


def answered_id(body: dict[str, Any]) -> str | None:
    """The id verify needs: `obj.id` in create's documented answer; in WhatsApp's, which is
    unpublished, also the names ids go by at the top level, then under `data`."""
    places = ((body.get("obj"), ("id",)), (body, _ID_NAMES), (body.get("data"), _ID_NAMES))
    for place, names in places:
        if not isinstance(place, dict):
            continue
        for name in names:
            value = place.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                return str(value)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def verify_answer(provider: str, response: ApiResponse) -> dict[str, Any]:
    """Verify's answer read with the error table, then with verify's own words: Trust tells a
    wrong code from an expired one only in its `{status, message}` text, which the table,
    written for any call, cannot tell apart. A refused token and throttling keep their
    meaning (the token is refreshed once; a 429 is waited out)."""
    try:
        return interpret(provider, response)
    except ProviderError as error:
        raise _verify_refusal(response.status, parse_json(response.body), error) from None


def check_verified(body: dict[str, Any]) -> dict[str, Any]:
    """A 2xx counts only when no `status`, `valid` or `success` in it is false."""
    if any(body.get(name) is False for name in _OUTCOME_NAMES):
        message = _message(body)
        said = (
            _("Trust did not verify the code: {message}").format(message=message)
            if message
            else _("Trust did not verify the code")
        )
        refused = ProviderError(said, code="not_verified", status=200)
        raise _verify_refusal(200, body, refused)
    return body


def _verify_refusal(status: int, body: Any, otherwise: ProviderError) -> ProviderError:
    """What a refused verify means: the HTTP status first, then the words of its message."""
    message = _message(body)
    words = _words(message or "")
    refused = status < 300 or 400 <= status < 500  # a 5xx is the server failing, no verdict
    if status == 404 and isinstance(body, dict):  # an HTML 404 is a wrong URL, not an id
        code = "phone_validation_not_found"
    elif (
        (status < 300 or status in (400, 403))
        and _says(words, _WRONG_CODE)
        and not _says(words, _ABOUT_THE_REQUEST)
    ):
        code = "otp_does_not_match"
    elif refused and _says(words, _EXPIRED):
        code = "phoneValidation_has_expired"
    elif otherwise.code == "send_failed":
        # The error table's name for any failed Trust 5xx; verify sent nothing.
        return ProviderError(otherwise.message, code=f"http_{status}", status=status)
    else:
        return otherwise
    exit_code, human = _VERDICTS[code]
    shown = one_line(message) if message else _(human)
    said = _("{provider}: {what}").format(provider="Trust", what=shown)
    return ProviderError(said, code=code, status=status, exit_code=exit_code)


def _words(text: str) -> str:
    """The text's words, lower case, without accents, space-separated and space-framed:
    "Código inválido." -> " codigo invalido "."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    unaccented = "".join(c for c in plain if not unicodedata.combining(c))
    return f" {' '.join(_WORD.findall(unaccented))} "


def _says(words: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {phrase} " in words for phrase in phrases)


def parse_token(body: dict[str, Any], now: float | None = None) -> AteneaToken:
    token = body.get("access_token")
    if not isinstance(token, str) or not token:
        raise ProviderError(_("Atenea sent no access token"), code="invalid_response", status=200)
    start = plausible_epoch(body.get("created_at")) or now or time.time()
    expires_in = body.get("expires_in")
    lifetime = ATENEA_LIFETIME
    if (
        isinstance(expires_in, int | float)
        and not isinstance(expires_in, bool)
        and 0 < expires_in < 10 * 365 * 86400
    ):
        lifetime = float(expires_in)
    return AteneaToken(token, start + lifetime)
