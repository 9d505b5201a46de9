"""Verifik's phone-validation records: how a send is written back, the list and one-record calls.

Every Verifik send (phone-login, project sends and manual sends) is a record here, as they
are all phone validations in Verifik's data model; a new send to a phone adds a record and
leaves the earlier ones listed.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import QueryParams
from starlette.responses import Response

from otpcli.sandbox.codes import hash_now
from otpcli.sandbox.faults import Call, Endpoint
from otpcli.sandbox.magic import FLAT_LIST_LIMIT
from otpcli.sandbox.state import SandboxState, VerifikOtp, iso_ms, short_id
from otpcli.sandbox.tokens import SANDBOX_CLIENT_ID
from otpcli.sandbox.wire import (
    bearer,
    compact,
    digits,
    json_response,
    missing_parameter,
    one_of,
    text,
    unauthorized,
)

VALIDATIONS = "/v2/phone-validations"
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
STATUSES = ("new", "sent", "validated", "failed")
NOT_FOUND: dict[str, object] = {
    "success": False,
    "error": "Phone validation not found",
    "code": "PHONE_VALIDATION_NOT_FOUND",
}
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_SAMPLE_LIST = compact(
    {"success": True, "data": [{"_id": "674de8df21c72be3cc42b8a7", "status": "validated"}]}
)
_SAMPLE_ONE = compact({"data": {"_id": "674de8df21c72be3cc42b8a7", "status": "validated"}})


def signature_time(timestamp: float) -> str:
    """Verifik's `signature.dateTime`, e.g. "December 2, 2024 5:05 PM", locale-free."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    month = _MONTHS[moment.month - 1]
    return f"{month} {moment.day}, {moment.year} {hour}:{moment.minute:02d} {meridiem}"


def signed(data: dict[str, object], timestamp: float) -> dict[str, object]:
    """Verifik's envelope around a send's `data`."""
    return {
        "data": data,
        "signature": {"dateTime": signature_time(timestamp), "message": "Certified by Verifik.co"},
        "id": short_id(),
    }


def record_json(otp: VerifikOtp) -> dict[str, object]:
    """A record as Verifik writes it, in a send's answer and in the list."""
    if not otp.otp_hash:
        # Listed while its send still waits for the hash: one bcrypt at cost 4 is ~1 ms.
        otp.otp_hash = hash_now(otp.code)
    created = iso_ms(otp.created_at)
    data: dict[str, object] = {"client": SANDBOX_CLIENT_ID}
    if otp.source != "manual":
        data.update(project=otp.project, projectFlow=otp.project_flow)
    data.update(
        {
            "status": otp.status,
            "countryCode": otp.country_code,
            "phone": otp.phone,
            "phoneGateway": otp.gateway,
            "otp": otp.otp_hash,
            # Verifik's expiresAt has whole seconds; the rest of its dates keep milliseconds.
            "expiresAt": iso_ms(int(otp.expires_at)),
            "phoneData": {"title": otp.title or "Verifik Client"},
            "type": otp.type,
            "redirectUrl": "https://verifik.co",
            "requires2FA": False,
            "ipAddress": otp.ip_address,
            "language": otp.language,
            "_id": otp.id,
            "updatedAt": iso_ms(otp.updated_at if otp.updated_at is not None else otp.created_at),
            "createdAt": created,
            "__v": 0,
        }
    )
    if otp.source:
        data["source"] = otp.source
    if otp.whatsapp_template:
        data["whatsappTemplate"] = otp.whatsapp_template
    return data


def _count(value: str | None, default: int) -> int | None:
    """A positive whole number from the query, the default when absent, None when invalid."""
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number >= 1 else None


def _matches(otp: VerifikOtp, query: QueryParams) -> bool:
    wanted: dict[str, Any] = {
        "project": otp.project,
        "status": otp.status,
        "type": otp.type,
        "phoneGateway": otp.gateway,
    }
    for name, value in wanted.items():
        given = text(query.get(name))
        if given and given != value:
            return False
    # An unescaped "+" in a query string arrives as a space: compare the digits.
    country_code = digits(query.get("countryCode"))
    if country_code and country_code != otp.country_code.lstrip("+"):
        return False
    phone = digits(query.get("phone"))
    return not phone or phone in (otp.phone, otp.country_code.lstrip("+") + otp.phone)


class VerifikRecords:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint(VALIDATIONS, "GET", "verifik", self.list, _SAMPLE_LIST),
            Endpoint(f"{VALIDATIONS}/{{id}}", "GET", "verifik", self.one, _SAMPLE_ONE),
        ]

    async def list(self, call: Call) -> Response:
        if self.state.valid_token(bearer(call.request)) is None:
            return unauthorized("verifik")
        query = call.request.query_params
        page = _count(query.get("page"), 1)
        if page is None:
            return missing_parameter("Invalid page. page should be a number from 1.")
        asked = _count(query.get("limit"), DEFAULT_LIMIT)
        if asked is None:
            return missing_parameter(
                f"Invalid limit. limit should be a number from 1 to {MAX_LIMIT}."
            )
        limit = min(asked, MAX_LIMIT)
        status = text(query.get("status"))
        if status and status not in STATUSES:
            return missing_parameter(f"Invalid status. status should be {one_of(STATUSES)}.")
        found = [otp for otp in self.state.records.values() if _matches(otp, query)]
        if text(query.get("sort")) == "-createdAt":
            found.reverse()
        data = [record_json(otp) for otp in found[(page - 1) * limit : page * limit]]
        total, pages = len(found), math.ceil(len(found) / limit)
        if asked == FLAT_LIST_LIMIT:
            body = {"data": data, "total": total, "limit": limit, "page": page, "pages": pages}
            return json_response(body)
        pagination = {"page": page, "limit": limit, "total": total, "pages": pages}
        return json_response({"success": True, "data": data, "pagination": pagination})

    async def one(self, call: Call) -> Response:
        if self.state.valid_token(bearer(call.request)) is None:
            return unauthorized("verifik")
        # An id that is not 24 hex digits is simply not found, as the docs' 404 allows.
        otp = self.state.records.get(call.request.path_params["id"])
        if otp is None:
            return json_response(NOT_FOUND, 404)
        return json_response({"data": record_json(otp)})
