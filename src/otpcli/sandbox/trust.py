"""Trust's verification calls: send a code by SMS (create) or WhatsApp, check it (verify)."""

from __future__ import annotations

import re

from starlette.responses import Response

from otpcli.sandbox.faults import Call, Endpoint, Handler, PhoneOf
from otpcli.sandbox.magic import Scope
from otpcli.sandbox.state import Channel, SandboxState
from otpcli.sandbox.wire import (
    Fields,
    bearer,
    compact,
    digits,
    json_response,
    text,
    trust_answer,
    unauthorized,
)

TRUST_BASE = "/verification/api/v2/verification"
_TRUST_PHONE = re.compile(r"\+?[0-9]{8,15}")
_TRUST_PHONE_NOISE = re.compile(r"[\s().-]")
_SAMPLE_CREATE = compact(
    {"status": True, "message": "El mensaje se envio correctamente al numero: +56912345678"}
)
_SAMPLE_VERIFY = compact({"status": True, "message": "Código verificado correctamente"})


def _digits_of(name: str) -> PhoneOf:
    return lambda fields: digits(fields.get(name))


class Trust:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def endpoints(self) -> list[Endpoint]:
        def endpoint(
            name: str, handler: Handler, sample: bytes, phone_of: PhoneOf, role: Scope
        ) -> Endpoint:
            return Endpoint(
                f"{TRUST_BASE}/{name}", "POST", "trust", handler, sample, phone_of, role
            )

        return [
            endpoint("create", self.create, _SAMPLE_CREATE, _digits_of("phone"), Scope.SEND),
            endpoint("whatsapp", self.whatsapp, _SAMPLE_CREATE, _digits_of("number"), Scope.SEND),
            endpoint("verify", self.verify, _SAMPLE_VERIFY, self._phone_of_id, Scope.CHECK),
        ]

    def _form(self, call: Call, names: tuple[str, ...]) -> Fields | Response:
        """The call's fields once the token is accepted and every field in `names` is there."""
        if self.state.valid_token(bearer(call.request)) is None:
            return unauthorized("trust")
        fields = call.fields
        if fields is None:
            expected = " y ".join(names)
            return trust_answer(
                400, False, f"Solicitud inválida: se esperaba form-data con {expected}"
            )
        missing = [name for name in names if not text(fields.get(name))]
        if missing:
            return trust_answer(400, False, f"Faltan campos obligatorios: {', '.join(missing)}")
        return fields

    async def create(self, call: Call) -> Response:
        return await self._send(call, "phone", "sms")

    async def whatsapp(self, call: Call) -> Response:
        # Trust has not published this answer: it mirrors create's, which it resembles.
        return await self._send(call, "number", "whatsapp")

    async def _send(self, call: Call, phone_field: str, channel: Channel) -> Response:
        fields = self._form(call, (phone_field, "nin"))
        if isinstance(fields, Response):
            return fields
        phone = _TRUST_PHONE_NOISE.sub("", text(fields[phone_field]))
        if not _TRUST_PHONE.fullmatch(phone):
            return trust_answer(400, False, "El número de teléfono no es válido")
        e164 = "+" + phone.lstrip("+")
        refused = call.refusal()
        if refused is not None:
            return refused
        # The RUT check digit is deliberately not verified: the docs' own examples fail it.
        otp = self.state.start_trust(e164, text(fields["nin"]), channel)
        return json_response(
            {
                "status": True,
                "message": f"El mensaje se envio correctamente al numero: {e164}",
                "obj": {"id": otp.id},
            }
        )

    async def verify(self, call: Call) -> Response:
        fields = self._form(call, ("id", "totp"))
        if isinstance(fields, Response):
            return fields
        otp = self.state.trust.get(text(fields["id"]))
        if otp is None:
            return trust_answer(404, False, "Verificación no encontrada")
        refused = call.refusal()
        if refused is not None:
            return refused
        if self.state.expired(otp.expires_at):
            return trust_answer(400, False, "Código expirado")
        if otp.verified:
            return trust_answer(400, False, "El código ya fue verificado")
        if text(fields["totp"]) != otp.code:
            return trust_answer(400, False, "Código inválido")
        otp.verified = True
        return trust_answer(200, True, "Código verificado correctamente")

    def _phone_of_id(self, fields: Fields) -> str | None:
        # Verify carries no phone: magic endings are read from the number the id was sent to.
        otp = self.state.trust.get(text(fields.get("id")))
        return digits(otp.phone) if otp else None
