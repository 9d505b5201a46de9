"""The HTTP side shared by every provider: reading requests, writing answers, auth headers."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any, Literal

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message

Provider = Literal["verifik", "trust", "atenea"]
Fields = dict[str, Any]

COUNTRY_CODE = re.compile(r"\+[0-9]{1,3}")
COUNTRY_CODE_MESSAGE = (
    "Invalid countryCode format. CountryCode should be in the format + followed by 1 to 3 digits."
)
_NATIONAL = re.compile(r"[0-9]{4,14}")
_OTP = re.compile(r"[0-9]{1,9}")
_NOT_DIGITS = re.compile(r"[^0-9]")
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"

# Atenea is a Doorkeeper (Rails OAuth) server: this is Doorkeeper's standard refusal, which
# Trust's API (behind the same tokens) answers too.
ATENEA_INVALID_TOKEN: dict[str, str] = {
    "error": "invalid_token",
    "error_description": "The access token is invalid",
    "state": "unauthorized",
}
_WWW_AUTHENTICATE = {
    "WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token", '
    'error_description="The access token is invalid"'
}


# Answers ----------------------------------------------------------------------------------


def json_response(
    body: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


def verifik_body(status: int, code: str) -> dict[str, object]:
    """Verifik's usual error body, e.g. `{"code": "x", "message": "403:x"}`."""
    return {"code": code, "message": f"{status}:{code}"}


def verifik_error(status: int, code: str) -> Response:
    return json_response(verifik_body(status, code), status)


def missing_parameter(message: str) -> Response:
    # Verifik answers every invalid field, not only absent ones, with this 409.
    return json_response({"code": "MissingParameter", "message": message}, 409)


def bad_request(message: str) -> Response:
    return json_response({"code": "BadRequest", "message": message}, 400)


def trust_answer(status: int, ok: bool, message: str) -> Response:
    return json_response({"status": ok, "message": message}, status)


def unauthorized(provider: Provider) -> Response:
    if provider == "verifik":
        return json_response({"code": "Unauthorized", "message": "Invalid or expired token."}, 401)
    return json_response(ATENEA_INVALID_TOKEN, 401, _WWW_AUTHENTICATE)


def compact(body: object) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


# Requests ---------------------------------------------------------------------------------


async def read_fields(request: Request) -> Fields | None:
    """The body as a dict, from JSON, urlencoded or multipart form data; None if unreadable.

    Trust's docs send form data under a `Content-Type: application/json` header, so the
    body is sniffed when the header and the content disagree.
    """
    if request.method in ("GET", "HEAD", "DELETE"):
        return {}
    raw = await request.body()
    if not raw.strip():
        return {}
    mime = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if raw.startswith(b"--"):
        # The first line is the boundary whatever the header says (Postman's case above).
        boundary = raw.split(b"\r\n", 1)[0][2:].strip()
        if not boundary:
            return None
        return await _form(request, raw, f"{_MULTIPART}; boundary={boundary.decode('latin-1')}")
    if mime in (_MULTIPART, _FORM):
        return await _form(request, raw, None)
    try:
        body = json.loads(raw)
    except ValueError:
        looks_like_form = b"=" in raw and not raw.lstrip().startswith(b"{")
        return await _form(request, raw, _FORM) if looks_like_form else None
    return body if isinstance(body, dict) else None


async def _form(request: Request, raw: bytes, content_type: str | None) -> Fields | None:
    """Parse with starlette's form reader, under `content_type` when the header is wrong."""
    if content_type is not None:
        headers = [(k, v) for k, v in request.scope["headers"] if k != b"content-type"]
        headers.append((b"content-type", content_type.encode("latin-1")))

        async def replay() -> Message:
            return {"type": "http.request", "body": raw, "more_body": False}

        request = Request({**request.scope, "headers": headers}, replay)
    fields: Fields = {}
    try:
        async with request.form() as form:
            for name, value in form.items():
                if isinstance(value, UploadFile):
                    # A part sent as a file still carries a field: read it as text.
                    fields[name] = (await value.read()).decode()
                else:
                    fields[name] = value
    except (HTTPException, UnicodeDecodeError, ValueError):
        return None
    return fields


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


# Field values -----------------------------------------------------------------------------


def text(value: object) -> str:
    """A field as a stripped string; "" for anything but a string or an integer."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def missing(fields: Fields, names: tuple[str, ...]) -> list[str]:
    return [
        name for name in names if text(fields.get(name)) == "" and not _is_number(fields.get(name))
    ]


def missing_message(names: list[str]) -> str:
    # Verifik's exact separator, as in "missing phone\n. missing countryCode\n. missing otp".
    return "\n. ".join(f"missing {name}" for name in names)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def national(value: object) -> str | None:
    # Verifik strips spaces from `phone`; anything else that is not a digit is an error.
    phone = "".join(text(value).split())
    return phone if _NATIONAL.fullmatch(phone) else None


def digits(value: object) -> str:
    return _NOT_DIGITS.sub("", text(value))


def code_matches(given: object, code: str) -> bool:
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


def one_of(values: tuple[str, ...]) -> str:
    """ "a, b or c", as Verifik lists the allowed values of a field."""
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def forced(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "127.0.0.1"
