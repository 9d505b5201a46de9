"""Verifik's code calls: phone-login and its confirm, phone-validations sends and validate."""

from __future__ import annotations

from collections.abc import Callable
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
)
from otpcli.sandbox.verifik_records import VALIDATIONS, record_json, signed
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
    one_of,
    text,
    unauthorized,
    verifik_error,
)

WHATSAPP_TEMPLATES = ("authentication", "flow2")
TITLE_LENGTH = (1, 15)
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
        return missing_parameter(
            f"Invalid phoneGateway. phoneGateway should be {one_of(gateways)}."
        )
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
            endpoint(f"{VALIDATIONS}/manual", "POST", self.manual, SAMPLE_SEND, Scope.SEND),
            endpoint(VALIDATIONS, "PUT", self.validate, _SAMPLE_VALIDATE, Scope.CHECK),
        ]

    def _fields(
        self, call: Call, required: tuple[str, ...], *, token: bool = True
    ) -> Fields | Response:
        """The call's fields once its token (if `token`) and every required field are there."""
        if token and self.state.valid_token(bearer(call.request)) is None:
            return unauthorized("verifik")
        fields = call.fields
        if fields is None:
            return bad_request("Invalid JSON body.")
        absent = missing(fields, required)
        if absent:
            return missing_parameter(missing_message(absent))
        return fields

    # Sends -------------------------------------------------------------------------------

    async def phone_login(self, call: Call) -> Response:
        fields = self._fields(call, ("countryCode", "phone"), token=False)
        if isinstance(fields, Response):
            return fields
        return await self._send(call, fields, "login", SANDBOX_PROJECT_ID, SANDBOX_PROJECT_FLOW_ID)

    async def create_validation(self, call: Call) -> Response:
        required = ("project", "projectFlow", "countryCode", "phone", "validationMethod", "type")
        fields = self._fields(call, required)
        if isinstance(fields, Response):
            return fields
        if text(fields["validationMethod"]) != "verificationCode":
            return missing_parameter(
                "Invalid validationMethod. validationMethod should be verificationCode."
            )
        return await self._send(
            call, fields, "validation", text(fields["project"]), text(fields["projectFlow"])
        )

    async def manual(self, call: Call) -> Response:
        """A send with no project; the code is checked by the usual PUT validate."""
        fields = self._fields(call, ("phone", "countryCode", "phoneGateway"))
        if isinstance(fields, Response):
            return fields
        title = text(fields.get("title"))
        low, high = TITLE_LENGTH
        if "title" in fields and not low <= len(title) <= high:
            return missing_parameter(
                f"Invalid title. title should be {low} to {high} characters long."
            )
        template = text(fields.get("whatsappTemplate"))
        if template and template not in WHATSAPP_TEMPLATES:
            allowed = one_of(WHATSAPP_TEMPLATES)
            return missing_parameter(
                f"Invalid whatsappTemplate. whatsappTemplate should be {allowed}."
            )
        whatsapp = text(fields["phoneGateway"]) == "whatsapp"
        return await self._send(
            call,
            fields,
            "validation",
            "",
            "",
            source="manual",
            ip_address=text(fields.get("ipAddress")) or client_ip(call.request),
            language=text(fields.get("language")) or "en",
            title=title,
            whatsapp_template=(template or WHATSAPP_TEMPLATES[0]) if whatsapp else "",
        )

    async def _send(
        self,
        call: Call,
        fields: Fields,
        kind: Literal["login", "validation"],
        project: str,
        project_flow: str,
        **record: str,
    ) -> Response:
        record.setdefault("ip_address", client_ip(call.request))
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
            **record,
        )
        otp.otp_hash = await pooled.hashed()
        data = record_json(otp)
        if otp.source == "manual":
            # Manual sends say so themselves; a client must see `sent: true` to count one.
            data["sent"] = True
        data["new"] = True
        data["providerConfirmation"] = {"sent": True, "status": "ok"}
        return json_response(signed(data, otp.created_at))

    # Checks ------------------------------------------------------------------------------

    async def confirm_login(self, call: Call) -> Response:
        otp = self._check(call, "login", lambda: bad_request("Invalid OTP code."))
        if isinstance(otp, Response):
            return otp
        token = self.state.issue_verifik_token(otp)
        return json_response({"data": {"accessToken": token.value, "tokenType": "bearer"}})

    async def validate(self, call: Call) -> Response:
        otp = self._check(call, "validation", lambda: verifik_error(403, "otp_does_not_match"))
        if isinstance(otp, Response):
            return otp
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
        self, call: Call, kind: Literal["login", "validation"], wrong: Callable[[], Response]
    ) -> VerifikOtp | Response:
        """Check the call's code as confirm and validate do; `wrong` answers a wrong code."""
        fields = self._fields(call, ("phone", "countryCode", "otp"), token=kind == "validation")
        if isinstance(fields, Response):
            return fields
        # Confirm ignores phoneGateway; validate also takes "none" (no message was sent).
        gateways = ("sms", "whatsapp", "none") if kind == "validation" else ()
        target = _target(call, fields, gateways)
        if isinstance(target, Response):
            return target
        country_code, phone, _ = target
        otp = self.state.find_verifik(kind, country_code, phone)
        project = text(fields.get("project"))
        project_flow = text(fields.get("projectFlow"))
        # Manual sends have no project, so any project given to validate them is ignored.
        if (
            otp is None
            or (kind == "validation" and project and otp.project and project != otp.project)
            or (
                kind == "validation"
                and project_flow
                and otp.project_flow
                and project_flow != otp.project_flow
            )
        ):
            return verifik_error(404, "phone_validation_not_found")
        if otp.validated:
            return verifik_error(409, "phone_validation_already_validated")
        if self.state.expired(otp.expires_at):
            return verifik_error(412, "phoneValidation_has_expired")
        if not code_matches(fields["otp"], otp.code):
            return wrong()
        self.state.mark_validated(otp)
        return otp
