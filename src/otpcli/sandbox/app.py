"""The sandbox ASGI app: Verifik, Trust and Atenea on one port, plus `/_sandbox/*`.

Answers follow the providers' published docs (status codes, bodies, field names); where
the docs are silent the choice is noted next to the code.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from otpcli.sandbox.magic import REFUSED_CLIENT_PREFIX, Effect, MagicNumber, Scope, lookup
from otpcli.sandbox.state import (
    SANDBOX_CLIENT_ID,
    SANDBOX_PROJECT_FLOW_ID,
    SANDBOX_PROJECT_ID,
    Channel,
    Clock,
    IssuedToken,
    Message,
    SandboxState,
    VerifikOtp,
    iso_ms,
    short_id,
)

Provider = Literal["verifik", "trust", "atenea"]
Fields = dict[str, Any]

TRUNCATE_AT = 40
_COUNTRY_CODE = re.compile(r"\+[0-9]{1,3}")
_NATIONAL = re.compile(r"[0-9]{4,14}")
_TRUST_PHONE = re.compile(r"\+?[0-9]{8,15}")
_OTP = re.compile(r"[0-9]{1,9}")
_NOT_DIGITS = re.compile(r"[^0-9]")
_TRUST_PHONE_NOISE = re.compile(r"[\s().-]")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)

COUNTRY_CODE_MESSAGE = (
    "Invalid countryCode format. CountryCode should be in the format + followed by 1 to 3 digits."
)
TRUST_SEND_FAILED = "No fue posible enviar el sms a traves de ningun servicio."
# Atenea is a Doorkeeper (Rails OAuth) server: these are Doorkeeper's standard bodies.
ATENEA_INVALID_TOKEN: dict[str, str] = {
    "error": "invalid_token",
    "error_description": "The access token is invalid",
    "state": "unauthorized",
}
ATENEA_INVALID_CLIENT: dict[str, str] = {
    "error": "invalid_client",
    "error_description": (
        "Client authentication failed due to unknown client, no client authentication "
        "included, or unsupported authentication method."
    ),
}
ATENEA_INVALID_REQUEST: dict[str, str] = {
    "error": "invalid_request",
    "error_description": (
        "The request is missing a required parameter, includes an unsupported parameter "
        "value, or is otherwise malformed."
    ),
}
ATENEA_UNSUPPORTED_GRANT: dict[str, str] = {
    "error": "unsupported_grant_type",
    "error_description": "The authorization grant type is not supported by the authorization "
    "server.",
}
_WWW_AUTHENTICATE = {
    "WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token", '
    'error_description="The access token is invalid"'
}
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_SERVER_ERROR: dict[Provider, dict[str, object]] = {
    "verifik": {"code": "InternalServerError", "message": "500:internal_server_error"},
    "trust": {"status": False, "message": "Error interno del servidor"},
    "atenea": {
        "error": "server_error",
        "error_description": "The authorization server encountered an unexpected condition "
        "which prevented it from fulfilling the request.",
    },
}


def _compact(body: object) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


# The start of each endpoint's real answer, which truncated bodies are cut from.
_SAMPLE_SEND = _compact(
    {
        "data": {
            "client": "613375a1eab2fe08527f81e2",
            "project": "6266193db77ccc8111730c90",
            "status": "sent",
        }
    }
)
_SAMPLE_CONFIRM = _compact(
    {
        "data": {
            "accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln",
            "tokenType": "bearer",
        }
    }
)
_SAMPLE_VALIDATE = _compact(
    {"data": {"_id": "674de8df21c72be3cc42b8a7", "status": "validated", "countryCode": "+507"}}
)
_SAMPLE_TOKEN = _compact(
    {"access_token": "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0", "token_type": "Bearer"}
)
_SAMPLE_TOKEN_INFO = _compact(
    {"resource_owner_id": None, "scope": [], "expires_in": 7200, "created_at": 1700000000}
)
_SAMPLE_TRUST_CREATE = _compact(
    {"status": True, "message": "El mensaje se envio correctamente al numero: +56912345678"}
)
_SAMPLE_TRUST_VERIFY = _compact({"status": True, "message": "Código verificado correctamente"})


@dataclass(frozen=True, slots=True)
class Call:
    """A provider call after the sandbox's own faults were ruled out."""

    request: Request
    #: The request's fields, from JSON or a form; None when the body could not be parsed.
    fields: Fields | None
    magic: MagicNumber | None

    def magic_effect(self, scope: Scope) -> Effect | None:
        return self.magic.effect if self.magic and self.magic.scope is scope else None


Handler = Callable[[Call], Awaitable[Response]]
PhoneOf = Callable[[Fields], str | None]


# Responses -------------------------------------------------------------------------------


def _json(body: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


def _verifik_error(status: int, code: str) -> Response:
    return _json({"code": code, "message": f"{status}:{code}"}, status)


def _missing_parameter(message: str) -> Response:
    return _json({"code": "MissingParameter", "message": message}, 409)


def _bad_request(message: str) -> Response:
    return _json({"code": "BadRequest", "message": message}, 400)


def _trust(status: int, ok: bool, message: str) -> Response:
    return _json({"status": ok, "message": message}, status)


def _unauthorized(provider: Provider) -> Response:
    if provider == "verifik":
        return _json({"code": "Unauthorized", "message": "Invalid or expired token."}, 401)
    return _json(ATENEA_INVALID_TOKEN, 401, _WWW_AUTHENTICATE)


def _truncated(sample: bytes) -> Response:
    return Response(sample[:TRUNCATE_AT], 200, media_type="application/json")


def _stopping() -> Response:
    return _json(
        {"code": "ServiceUnavailable", "message": "503:sandbox_stopping"},
        503,
        {"Connection": "close"},
    )


def _resolve(waiter: asyncio.Future[bool], value: bool) -> None:
    if not waiter.done():
        waiter.set_result(value)


def _bad_gateway() -> Response:
    return Response(BAD_GATEWAY_HTML, 502, media_type="text/html")


# Request fields --------------------------------------------------------------------------


async def read_fields(request: Request) -> Fields | None:
    """The body as a dict, from JSON, urlencoded or multipart form data.

    Trust's docs send form data under a `Content-Type: application/json` header, so the
    body is sniffed when the header and the content disagree.
    """
    if request.method in ("GET", "HEAD", "DELETE"):
        return {}
    raw = await request.body()
    if not raw.strip():
        return {}
    content_type = request.headers.get("content-type", "")
    mime = content_type.partition(";")[0].strip().lower()
    if mime == "multipart/form-data" or raw.startswith(b"--"):
        return _parse_multipart(raw, content_type)
    if mime == "application/x-www-form-urlencoded":
        return _parse_urlencoded(raw)
    try:
        body = json.loads(raw)
    except ValueError:
        return _parse_urlencoded(raw) if b"=" in raw and not raw.lstrip().startswith(b"{") else None
    return body if isinstance(body, dict) else None


def _parse_urlencoded(raw: bytes) -> Fields | None:
    try:
        return dict(parse_qsl(raw.decode(), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        return None


def _parse_multipart(raw: bytes, content_type: str) -> Fields | None:
    # python-multipart (starlette's parser) is not a dependency, and form fields are all the
    # sandbox needs, so this reads the parts directly.
    boundary = _boundary(content_type)
    if boundary is None or not raw.startswith(b"--" + boundary):
        first_line = raw.split(b"\r\n", 1)[0]
        if not first_line.startswith(b"--") or len(first_line) < 3:
            return None
        boundary = first_line[2:].strip()
    fields: Fields = {}
    for part in raw.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, separator, value = part.partition(b"\r\n\r\n")
        if not separator:
            continue
        name = _part_name(head)
        if name is None:
            continue
        if value.endswith(b"\r\n"):
            value = value[:-2]
        try:
            fields[name] = value.decode()
        except UnicodeDecodeError:
            return None
    return fields


def _boundary(content_type: str) -> bytes | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary" and value:
            return value.strip('"').encode()
    return None


def _part_name(head: bytes) -> str | None:
    for line in head.decode("latin-1").split("\r\n"):
        if line.lower().startswith("content-disposition:"):
            match = re.search(r'\bname="([^"]*)"', line) or re.search(r"\bname=([^;\s]+)", line)
            if match:
                return match.group(1)
    return None


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def _missing(fields: Fields, names: tuple[str, ...]) -> list[str]:
    return [
        name for name in names if _text(fields.get(name)) == "" and not _is_number(fields.get(name))
    ]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _missing_message(names: list[str]) -> str:
    # Verifik's exact separator, as in "missing phone\n. missing countryCode\n. missing otp".
    return "\n. ".join(f"missing {name}" for name in names)


def _national(value: object) -> str | None:
    # Verifik strips spaces from `phone`; anything else that is not a digit is an error.
    phone = "".join(_text(value).split())
    return phone if _NATIONAL.fullmatch(phone) else None


def _digits(value: object) -> str:
    return _NOT_DIGITS.sub("", _text(value))


def _code_matches(given: object, code: str) -> bool:
    """Compare as integers: Verifik documents `otp` as a number, clients also send strings."""
    if isinstance(given, bool):
        return False
    if isinstance(given, float):
        return given.is_integer() and int(given) == int(code)
    if isinstance(given, int):
        return given == int(code)
    if isinstance(given, str) and _OTP.fullmatch(given.strip()):
        return int(given.strip()) == int(code)
    return False


def _forced(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _signature_time(timestamp: float) -> str:
    """Verifik's `signature.dateTime`, e.g. "December 2, 2024 5:05 PM", locale-free."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    month = _MONTHS[moment.month - 1]
    return f"{month} {moment.day}, {moment.year} {hour}:{moment.minute:02d} {meridiem}"


# The app ---------------------------------------------------------------------------------


class Sandbox:
    """The route handlers, around one SandboxState."""

    def __init__(
        self,
        state: SandboxState,
        *,
        latency_ms: int,
        fail_rate: float,
        seed: int | None,
        slow_seconds: float,
    ) -> None:
        self.state = state
        self.latency = latency_ms / 1000
        self.fail_rate = fail_rate
        self.slow_seconds = slow_seconds
        self._faults = random.Random(seed)
        self._stopping = False
        self._pauses: set[asyncio.Future[bool]] = set()

    async def _pause(self, seconds: float) -> bool:
        """Sleep, but wake early when the server stops; True if the full time passed.

        A cancelled request is logged by uvicorn with a traceback, and one held by the
        slow magic number would also hold up Ctrl-C: so stopping ends pauses instead.
        """
        if self._stopping:
            return False
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        timer = loop.call_later(seconds, _resolve, waiter, True)
        self._pauses.add(waiter)
        try:
            return await waiter
        finally:
            timer.cancel()
            self._pauses.discard(waiter)

    def stop_pauses(self) -> None:
        """End every pause now and refuse new ones; safe to call from a signal handler."""
        self._stopping = True
        for waiter in list(self._pauses):
            waiter.get_loop().call_soon_threadsafe(_resolve, waiter, False)

    # Plumbing shared by every provider call -----------------------------------------------

    def provider_route(
        self,
        path: str,
        method: str,
        provider: Provider,
        handler: Handler,
        *,
        sample: bytes,
        phone_of: PhoneOf | None = None,
    ) -> Route:
        async def endpoint(request: Request) -> Response:
            fields = await read_fields(request)
            # Drawn before the latency sleep, so the fault sequence follows arrival order.
            fault = self._draw_fault()
            if self.latency and not await self._pause(self.latency):
                return _stopping()
            if fault is not None:
                return self._fault(fault, provider, sample)
            magic = lookup(phone_of(fields)) if phone_of and fields is not None else None
            if magic is not None and magic.scope is Scope.EVERY:
                if magic.effect is Effect.SLOW:
                    if not await self._pause(self.slow_seconds):
                        return _stopping()
                elif magic.effect is Effect.RATE_LIMITED:
                    return _json(
                        {"code": "TooManyRequests", "message": "429:too_many_requests"},
                        429,
                        {"Retry-After": "1"},
                    )
                elif magic.effect is Effect.BAD_GATEWAY:
                    return _bad_gateway()
                elif magic.effect is Effect.TRUNCATED:
                    return _truncated(sample)
                elif magic.effect is Effect.UNAUTHORIZED:
                    return _unauthorized(provider)
            return await handler(Call(request, fields, magic))

        return Route(path, endpoint, methods=[method])

    def _draw_fault(self) -> int | None:
        if self.fail_rate <= 0 or self._faults.random() >= self.fail_rate:
            return None
        return self._faults.choice((500, 502, 200))

    def _fault(self, fault: int, provider: Provider, sample: bytes) -> Response:
        if fault == 500:
            return _json(_SERVER_ERROR[provider], 500)
        if fault == 502:
            return _bad_gateway()
        return _truncated(sample)

    def _token(self, request: Request) -> IssuedToken | None:
        value = _bearer(request)
        return self.state.valid_token(value) if value else None

    # Verifik ---------------------------------------------------------------------------

    async def phone_login(self, call: Call) -> Response:
        fields = call.fields
        if fields is None:
            return _bad_request("Invalid JSON body.")
        missing = _missing(fields, ("countryCode", "phone"))
        if missing:
            return _missing_parameter(_missing_message(missing))
        return await self._send(call, fields, "login", SANDBOX_PROJECT_ID, SANDBOX_PROJECT_FLOW_ID)

    async def create_validation(self, call: Call) -> Response:
        if self._token(call.request) is None:
            return _unauthorized("verifik")
        fields = call.fields
        if fields is None:
            return _bad_request("Invalid JSON body.")
        required = ("project", "projectFlow", "countryCode", "phone", "validationMethod", "type")
        missing = _missing(fields, required)
        if missing:
            return _missing_parameter(_missing_message(missing))
        if _text(fields["validationMethod"]) != "verificationCode":
            return _missing_parameter(
                "Invalid validationMethod. validationMethod should be verificationCode."
            )
        return await self._send(
            call, fields, "validation", _text(fields["project"]), _text(fields["projectFlow"])
        )

    async def _send(
        self,
        call: Call,
        fields: Fields,
        kind: Literal["login", "validation"],
        project: str,
        project_flow: str,
    ) -> Response:
        country_code = _text(fields["countryCode"])
        if not _COUNTRY_CODE.fullmatch(country_code):
            return _missing_parameter(COUNTRY_CODE_MESSAGE)
        gateway = _text(fields.get("phoneGateway")) or "sms"
        if gateway not in ("sms", "whatsapp"):
            return _missing_parameter(
                "Invalid phoneGateway. phoneGateway should be sms or whatsapp."
            )
        phone = _national(fields["phone"])
        if phone is None:
            return _bad_request("Invalid phone number format.")
        magic = call.magic_effect(Scope.SEND)
        if magic is Effect.RECENTLY_SENT:
            return _verifik_error(409, "otp_recently_sent")
        if magic is Effect.INSUFFICIENT_CREDITS:
            return _verifik_error(403, "insufficient_credits")
        if magic is Effect.SEND_FAILED:
            return _verifik_error(409, "otp_send_failed")
        if not _forced(fields.get("force")) and self.state.recently_sent(kind, country_code, phone):
            return _verifik_error(409, "otp_recently_sent")
        channel: Channel = "whatsapp" if gateway == "whatsapp" else "sms"
        otp, pooled = self.state.start_verifik(
            kind,
            country_code=country_code,
            phone=phone,
            type=_text(fields.get("type")) or "login",
            gateway=channel,
            project=project,
            project_flow=project_flow,
        )
        ip = call.request.client.host if call.request.client else "127.0.0.1"
        return _json(self._sent_body(otp, await pooled.hashed(), ip))

    def _sent_body(self, otp: VerifikOtp, otp_hash: str, ip: str) -> dict[str, object]:
        created = iso_ms(otp.created_at)
        data: dict[str, object] = {
            "client": SANDBOX_CLIENT_ID,
            "project": otp.project,
            "projectFlow": otp.project_flow,
            "status": "sent",
            "countryCode": otp.country_code,
            "phone": otp.phone,
            "phoneGateway": otp.gateway,
            "otp": otp_hash,
            # Verifik's expiresAt has whole seconds; the rest of its dates keep milliseconds.
            "expiresAt": iso_ms(int(otp.expires_at)),
            "phoneData": {"title": "Verifik Client"},
            "type": otp.type,
            "redirectUrl": "https://verifik.co",
            "requires2FA": False,
            "ipAddress": ip,
            "language": "en",
            "_id": otp.id,
            "updatedAt": created,
            "createdAt": created,
            "__v": 0,
            "new": True,
            "providerConfirmation": {"sent": True, "status": "ok"},
        }
        return {
            "data": data,
            "signature": {
                "dateTime": _signature_time(otp.created_at),
                "message": "Certified by Verifik.co",
            },
            "id": short_id(),
        }

    async def confirm_login(self, call: Call) -> Response:
        fields = call.fields
        if fields is None:
            return _bad_request("Invalid JSON body.")
        checked = self._check_verifik(call, fields, "login")
        if isinstance(checked, Response):
            return checked
        otp = checked
        if not _code_matches(fields["otp"], otp.code):
            return _bad_request("Invalid OTP code.")
        otp.validated = True
        token = self.state.issue_verifik_token(otp)
        return _json({"data": {"accessToken": token.value, "tokenType": "bearer"}})

    async def validate(self, call: Call) -> Response:
        if self._token(call.request) is None:
            return _unauthorized("verifik")
        fields = call.fields
        if fields is None:
            return _bad_request("Invalid JSON body.")
        checked = self._check_verifik(call, fields, "validation")
        if isinstance(checked, Response):
            return checked
        otp = checked
        if not _code_matches(fields["otp"], otp.code):
            return _verifik_error(403, "otp_does_not_match")
        otp.validated = True
        return _json(
            {
                "data": {
                    "_id": otp.id,
                    "status": "validated",
                    "countryCode": otp.country_code,
                    "phone": otp.phone,
                    "type": otp.type,
                    "showFaceLivenessRecommendation": False,
                }
            }
        )

    def _check_verifik(
        self, call: Call, fields: Fields, kind: Literal["login", "validation"]
    ) -> VerifikOtp | Response:
        """Everything confirm and validate share, up to the code comparison."""
        missing = _missing(fields, ("phone", "countryCode", "otp"))
        if missing:
            return _missing_parameter(_missing_message(missing))
        country_code = _text(fields["countryCode"])
        if not _COUNTRY_CODE.fullmatch(country_code):
            return _missing_parameter(COUNTRY_CODE_MESSAGE)
        gateway = _text(fields.get("phoneGateway"))
        if kind == "validation" and gateway and gateway not in ("sms", "whatsapp", "none"):
            return _missing_parameter(
                "Invalid phoneGateway. phoneGateway should be sms, whatsapp or none."
            )
        phone = _national(fields["phone"])
        if phone is None:
            return _bad_request("Invalid phone number format.")
        magic = call.magic_effect(Scope.CHECK)
        if magic is Effect.OTP_DOES_NOT_MATCH:
            return _verifik_error(403, "otp_does_not_match")
        if magic is Effect.NOT_FOUND:
            return _verifik_error(404, "phone_validation_not_found")
        if magic is Effect.EXPIRED:
            return _verifik_error(412, "phoneValidation_has_expired")
        otp = self.state.find_verifik(kind, country_code, phone)
        project = _text(fields.get("project"))
        project_flow = _text(fields.get("projectFlow"))
        if (
            otp is None
            or (kind == "validation" and project and project != otp.project)
            or (kind == "validation" and project_flow and project_flow != otp.project_flow)
        ):
            return _verifik_error(404, "phone_validation_not_found")
        if otp.validated:
            return _verifik_error(409, "phone_validation_already_validated")
        if self.state.expired(otp.expires_at):
            return _verifik_error(412, "phoneValidation_has_expired")
        return otp

    # Atenea ----------------------------------------------------------------------------

    async def atenea_token(self, call: Call) -> Response:
        fields = call.fields
        if fields is None:
            return _json(ATENEA_INVALID_REQUEST, 400)
        client_id = _text(fields.get("client_id"))
        client_secret = _text(fields.get("client_secret"))
        basic = _basic_credentials(call.request)
        if basic is not None and not client_id:
            client_id, client_secret = basic
        grant_type = _text(fields.get("grant_type"))
        if not grant_type:
            return _json(ATENEA_INVALID_REQUEST, 400)
        if grant_type != "client_credentials":
            return _json(ATENEA_UNSUPPORTED_GRANT, 400)
        if not client_id or not client_secret or client_id.startswith(REFUSED_CLIENT_PREFIX):
            return _json(ATENEA_INVALID_CLIENT, 401)
        token = self.state.issue_atenea_token(client_id)
        return _json(
            {
                "access_token": token.value,
                "token_type": "Bearer",
                "expires_in": token.expires_at - token.created_at,
                "created_at": token.created_at,
            }
        )

    async def atenea_token_info(self, call: Call) -> Response:
        token = self._token(call.request)
        if token is None:
            return _unauthorized("atenea")
        return _json(
            {
                "resource_owner_id": None,
                "scope": [],
                "expires_in": max(0, int(token.expires_at - self.state.now())),
                "application": {"uid": token.client_id},
                "created_at": token.created_at,
            }
        )

    # Trust -----------------------------------------------------------------------------

    async def trust_create(self, call: Call) -> Response:
        if self._token(call.request) is None:
            return _unauthorized("trust")
        fields = call.fields
        if fields is None:
            return _trust(400, False, "Solicitud inválida: se esperaba form-data con phone y nin")
        missing = [name for name in ("phone", "nin") if not _text(fields.get(name))]
        if missing:
            return _trust(400, False, f"Faltan campos obligatorios: {', '.join(missing)}")
        phone = _TRUST_PHONE_NOISE.sub("", _text(fields["phone"]))
        if not _TRUST_PHONE.fullmatch(phone):
            return _trust(400, False, "El número de teléfono no es válido")
        e164 = "+" + phone.lstrip("+")
        if call.magic_effect(Scope.SEND) is Effect.SEND_FAILED:
            return _trust(500, True, TRUST_SEND_FAILED)
        # The RUT check digit is deliberately not verified: the docs' own examples fail it.
        otp = self.state.start_trust(e164, _text(fields["nin"]))
        return _json(
            {
                "status": True,
                "message": f"El mensaje se envio correctamente al numero: {e164}",
                "obj": {"id": otp.id},
            }
        )

    async def trust_verify(self, call: Call) -> Response:
        if self._token(call.request) is None:
            return _unauthorized("trust")
        fields = call.fields
        if fields is None:
            return _trust(400, False, "Solicitud inválida: se esperaba form-data con id y totp")
        missing = [name for name in ("id", "totp") if not _text(fields.get(name))]
        if missing:
            return _trust(400, False, f"Faltan campos obligatorios: {', '.join(missing)}")
        otp = self.state.trust.get(_text(fields["id"]))
        magic = call.magic_effect(Scope.CHECK)
        if otp is None or magic is Effect.NOT_FOUND:
            return _trust(404, False, "Verificación no encontrada")
        if magic is Effect.OTP_DOES_NOT_MATCH:
            return _trust(400, False, "Código inválido")
        if magic is Effect.EXPIRED or self.state.expired(otp.expires_at):
            return _trust(400, False, "Código expirado")
        if otp.verified:
            return _trust(400, False, "El código ya fue verificado")
        if _text(fields["totp"]) != otp.code:
            return _trust(400, False, "Código inválido")
        otp.verified = True
        return _trust(200, True, "Código verificado correctamente")

    def _trust_phone(self, fields: Fields) -> str | None:
        otp = self.state.trust.get(_text(fields.get("id")))
        return _digits(otp.phone) if otp else None

    # Sandbox helpers -------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        return _json({"ok": True})

    async def list_messages(self, request: Request) -> Response:
        phone = request.query_params.get("phone")
        messages = self.state.messages_to(_digits(phone) if phone else None)
        return _json({"messages": [message.as_json() for message in messages]})

    async def clear_messages(self, request: Request) -> Response:
        return _json({"deleted": self.state.clear_messages()})

    def routes(self) -> list[Route]:
        def verifik_phone(fields: Fields) -> str | None:
            return _digits(fields.get("phone"))

        verifik_send = "/v2/phone-validations"
        trust_base = "/verification/api/v2/verification"
        return [
            self.provider_route(
                "/v2/projects/phone-login",
                "POST",
                "verifik",
                self.phone_login,
                sample=_SAMPLE_SEND,
                phone_of=verifik_phone,
            ),
            self.provider_route(
                "/v2/projects/phone-login/confirm",
                "POST",
                "verifik",
                self.confirm_login,
                sample=_SAMPLE_CONFIRM,
                phone_of=verifik_phone,
            ),
            self.provider_route(
                verifik_send,
                "POST",
                "verifik",
                self.create_validation,
                sample=_SAMPLE_SEND,
                phone_of=verifik_phone,
            ),
            self.provider_route(
                verifik_send,
                "PUT",
                "verifik",
                self.validate,
                sample=_SAMPLE_VALIDATE,
                phone_of=verifik_phone,
            ),
            # Both spellings: Starlette would answer the other one with a redirect, which
            # HTTP clients do not follow for a POST by default.
            self.provider_route(
                "/oauth/token/", "POST", "atenea", self.atenea_token, sample=_SAMPLE_TOKEN
            ),
            self.provider_route(
                "/oauth/token", "POST", "atenea", self.atenea_token, sample=_SAMPLE_TOKEN
            ),
            self.provider_route(
                "/oauth/token/info",
                "GET",
                "atenea",
                self.atenea_token_info,
                sample=_SAMPLE_TOKEN_INFO,
            ),
            self.provider_route(
                f"{trust_base}/create",
                "POST",
                "trust",
                self.trust_create,
                sample=_SAMPLE_TRUST_CREATE,
                phone_of=lambda fields: _digits(fields.get("phone")),
            ),
            self.provider_route(
                f"{trust_base}/verify",
                "POST",
                "trust",
                self.trust_verify,
                sample=_SAMPLE_TRUST_VERIFY,
                phone_of=self._trust_phone,
            ),
            Route("/_sandbox/health", self.health, methods=["GET"]),
            Route("/_sandbox/messages", self.list_messages, methods=["GET"]),
            Route("/_sandbox/messages", self.clear_messages, methods=["DELETE"]),
        ]


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


def create_app(
    *,
    latency_ms: int = 0,
    fail_rate: float = 0.0,
    seed: int | None = None,
    slow_seconds: float = 20.0,
    on_message: Callable[[Message], None] | None = None,
    clock: Clock = time.time,
    code_pool: int = 32,
) -> Starlette:
    """Build the sandbox app.

    `clock` lets tests move time forward (expiry, cooldown, token lifetimes); `code_pool`
    is how many pre-hashed codes to keep ready once the sandbox is idle (see CodePool).
    The state is reachable as `app.state.sandbox` (see `sandbox_state`).
    """
    if latency_ms < 0:
        raise ValueError("latency_ms must be >= 0")
    if not 0.0 <= fail_rate <= 1.0:
        raise ValueError("fail_rate must be between 0 and 1")
    if slow_seconds < 0:
        raise ValueError("slow_seconds must be >= 0")
    state = SandboxState(seed=seed, now=clock, code_pool=code_pool, on_message=on_message)
    sandbox = Sandbox(
        state,
        latency_ms=latency_ms,
        fail_rate=fail_rate,
        seed=seed,
        slow_seconds=slow_seconds,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.close()

    app = Starlette(routes=sandbox.routes(), lifespan=lifespan)
    app.state.sandbox = state
    app.state.sandbox_handlers = sandbox
    return app


def sandbox_state(app: Starlette) -> SandboxState:
    state = app.state.sandbox
    assert isinstance(state, SandboxState)
    return state


def begin_shutdown(app: Starlette) -> None:
    """Answer requests still waiting (latency, slow numbers) now, so the server can stop."""
    handlers = app.state.sandbox_handlers
    assert isinstance(handlers, Sandbox)
    handlers.stop_pauses()


__all__ = ["Call", "Sandbox", "begin_shutdown", "create_app", "read_fields", "sandbox_state"]
