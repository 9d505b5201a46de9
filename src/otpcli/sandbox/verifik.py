"""Verifik's code calls: phone-login and its confirm, phone-validations send and validate."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from starlette.responses import Response

from otpcli.sandbox.faults import Call, Endpoint, Handler
from otpcli.sandbox.magic import Scope
from otpcli.sandbox.state import (
    SANDBOX_PROJECT_FLOW_ID,
    SANDBOX_PROJECT_ID,
    Channel,
    SandboxState,
    VerifikOtp,
    iso_ms,
    short_id,
)
from otpcli.sandbox.tokens import SANDBOX_CLIENT_ID
from otpcli.sandbox.wire import (
    COUNTRY_CODE,
    COUNTRY_CODE_MESSAGE,
    Fields,
    bad_request,
    bearer,
    client_ip,
    code_matches,
    compact,
    digits,
    forced,
    json_response,
    missing,
    missing_message,
    missing_parameter,
    national,
    text,
    unauthorized,
    verifik_error,
)

VALIDATIONS = "/v2/phone-validations"
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
# The start of each call's real answer, which truncated bodies are cut from.
SAMPLE_SEND = compact(
    {
        "data": {
            "client": "613375a1eab2fe08527f81e2",
            "project": "6266193db77ccc8111730c90",
            "status": "sent",
        }
    }
)
_SAMPLE_CONFIRM = compact(
    {
        "data": {
            "accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln",
            "tokenType": "bearer",
        }
    }
)
_SAMPLE_VALIDATE = compact(
    {"data": {"_id": "674de8df21c72be3cc42b8a7", "status": "validated", "countryCode": "+507"}}
)


def verifik_phone(fields: Fields) -> str | None:
    return digits(fields.get("phone"))


def signature_time(timestamp: float) -> str:
    """Verifik's `signature.dateTime`, e.g. "December 2, 2024 5:05 PM", locale-free."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    month = _MONTHS[moment.month - 1]
    return f"{month} {moment.day}, {moment.year} {hour}:{moment.minute:02d} {meridiem}"


def signed(data: dict[str, object], timestamp: float) -> dict[str, object]:
    """Verifik's envelope around an answer's `data`."""
    return {
        "data": data,
        "signature": {
            "dateTime": signature_time(timestamp),
            "message": "Certified by Verifik.co",
        },
        "id": short_id(),
    }


def _target(
    call: Call, fields: Fields, gateways: tuple[str, ...]
) -> tuple[str, str, str] | Response:
    """The country code, national number and gateway a call is for, checked as Verifik does.

    Magic answers come last: a malformed request is refused as such whatever its number.
    """
    country_code = text(fields["countryCode"])
    if not COUNTRY_CODE.fullmatch(country_code):
        return missing_parameter(COUNTRY_CODE_MESSAGE)
    gateway = text(fields.get("phoneGateway"))
    if gateways and gateway and gateway not in gateways:
        allowed = ", ".join(gateways[:-1]) + f" or {gateways[-1]}"
        return missing_parameter(f"Invalid phoneGateway. phoneGateway should be {allowed}.")
    phone = national(fields["phone"])
    if phone is None:
        return bad_request("Invalid phone number format.")
    refused = call.refusal()
    return refused if refused is not None else (country_code, phone, gateway)


class Verifik:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def endpoints(self) -> list[Endpoint]:
        def endpoint(
            path: str, method: str, handler: Handler, sample: bytes, role: Scope
        ) -> Endpoint:
            return Endpoint(path, method, "verifik", handler, sample, verifik_phone, role)

        login = "/v2/projects/phone-login"
        return [
            endpoint(login, "POST", self.phone_login, SAMPLE_SEND, Scope.SEND),
            endpoint(f"{login}/confirm", "POST", self.confirm_login, _SAMPLE_CONFIRM, Scope.CHECK),
            endpoint(VALIDATIONS, "POST", self.create_validation, SAMPLE_SEND, Scope.SEND),
            endpoint(VALIDATIONS, "PUT", self.validate, _SAMPLE_VALIDATE, Scope.CHECK),
        ]

    def authorized(self, call: Call) -> bool:
        return self.state.valid_token(bearer(call.request)) is not None

    # Sends -------------------------------------------------------------------------------

    async def phone_login(self, call: Call) -> Response:
        fields = call.fields
        if fields is None:
            return bad_request("Invalid JSON body.")
        absent = missing(fields, ("countryCode", "phone"))
        if absent:
            return missing_parameter(missing_message(absent))
        return await self._send(call, fields, "login", SANDBOX_PROJECT_ID, SANDBOX_PROJECT_FLOW_ID)

    async def create_validation(self, call: Call) -> Response:
        if not self.authorized(call):
            return unauthorized("verifik")
        fields = call.fields
        if fields is None:
            return bad_request("Invalid JSON body.")
        required = ("project", "projectFlow", "countryCode", "phone", "validationMethod", "type")
        absent = missing(fields, required)
        if absent:
            return missing_parameter(missing_message(absent))
        if text(fields["validationMethod"]) != "verificationCode":
            return missing_parameter(
                "Invalid validationMethod. validationMethod should be verificationCode."
            )
        return await self._send(
            call, fields, "validation", text(fields["project"]), text(fields["projectFlow"])
        )

    async def _send(
        self,
        call: Call,
        fields: Fields,
        kind: Literal["login", "validation"],
        project: str,
        project_flow: str,
    ) -> Response:
        target = _target(call, fields, ("sms", "whatsapp"))
        if isinstance(target, Response):
            return target
        country_code, phone, gateway = target
        if not forced(fields.get("force")) and self.state.recently_sent(kind, country_code, phone):
            return verifik_error(409, "otp_recently_sent")
        channel: Channel = "whatsapp" if gateway == "whatsapp" else "sms"
        otp, pooled = self.state.start_verifik(
            kind,
            country_code=country_code,
            phone=phone,
            type=text(fields.get("type")) or "login",
            gateway=channel,
            project=project,
            project_flow=project_flow,
        )
        return json_response(self._sent_body(otp, await pooled.hashed(), client_ip(call.request)))

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
        return signed(data, otp.created_at)

    # Checks ------------------------------------------------------------------------------

    async def confirm_login(self, call: Call) -> Response:
        checked = self._check(call, "login")
        if isinstance(checked, Response):
            return checked
        otp, given = checked
        if not code_matches(given, otp.code):
            return bad_request("Invalid OTP code.")
        otp.validated = True
        token = self.state.issue_verifik_token(otp)
        return json_response({"data": {"accessToken": token.value, "tokenType": "bearer"}})

    async def validate(self, call: Call) -> Response:
        if not self.authorized(call):
            return unauthorized("verifik")
        checked = self._check(call, "validation")
        if isinstance(checked, Response):
            return checked
        otp, given = checked
        if not code_matches(given, otp.code):
            return verifik_error(403, "otp_does_not_match")
        otp.validated = True
        return json_response(
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

    def _check(
        self, call: Call, kind: Literal["login", "validation"]
    ) -> tuple[VerifikOtp, object] | Response:
        """Everything confirm and validate share, up to the code comparison."""
        fields = call.fields
        if fields is None:
            return bad_request("Invalid JSON body.")
        absent = missing(fields, ("phone", "countryCode", "otp"))
        if absent:
            return missing_parameter(missing_message(absent))
        # Confirm ignores phoneGateway; validate also takes "none" (no message was sent).
        gateways = ("sms", "whatsapp", "none") if kind == "validation" else ()
        target = _target(call, fields, gateways)
        if isinstance(target, Response):
            return target
        country_code, phone, _ = target
        otp = self.state.find_verifik(kind, country_code, phone)
        project = text(fields.get("project"))
        project_flow = text(fields.get("projectFlow"))
        if (
            otp is None
            or (kind == "validation" and project and project != otp.project)
            or (kind == "validation" and project_flow and project_flow != otp.project_flow)
        ):
            return verifik_error(404, "phone_validation_not_found")
        if otp.validated:
            return verifik_error(409, "phone_validation_already_validated")
        if self.state.expired(otp.expires_at):
            return verifik_error(412, "phoneValidation_has_expired")
        return otp, fields["otp"]
