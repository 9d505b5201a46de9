"""Verifik: phone login, confirm, send a code, validate a code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from otpcli.errors import ProviderError
from otpcli.http.messages import ApiRequest
from otpcli.i18n import _
from otpcli.inputs import Phone


@dataclass(frozen=True)
class Login:
    phone: Phone


@dataclass(frozen=True)
class Confirm:
    phone: Phone
    otp: str


@dataclass(frozen=True)
class Send:
    phone: Phone
    project: str
    project_flow: str
    gateway: str | None = None
    type: str = "login"
    force: bool = False


@dataclass(frozen=True)
class ManualSend:
    phone: Phone
    gateway: str
    title: str | None = None
    language: str | None = None
    whatsapp_template: str | None = None
    force: bool = False


@dataclass(frozen=True)
class Validate:
    phone: Phone
    otp: str
    project: str | None = None
    project_flow: str | None = None
    gateway: str | None = None


def _phone_number(phone: Phone) -> int | str:
    # The login docs type `phone` as a number; a leading zero would not survive one.
    return int(phone.national) if not phone.national.startswith("0") else phone.national


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login_request(base_url: str, given: Login, token: str | None) -> ApiRequest:
    del token  # logging in needs none
    phone = given.phone
    body = {"countryCode": phone.country_code, "phone": _phone_number(phone), "type": "login"}
    return ApiRequest("verifik", "POST", f"{base_url}/v2/projects/phone-login", json=body)


def confirm_request(base_url: str, given: Confirm, token: str | None) -> ApiRequest:
    del token
    phone = given.phone
    body = {"countryCode": phone.country_code, "phone": _phone_number(phone), "otp": given.otp}
    return ApiRequest(
        "verifik",
        "POST",
        f"{base_url}/v2/projects/phone-login/confirm",
        json=body,
        secret_fields=("otp",),
    )


def send_request(base_url: str, given: Send, token: str | None) -> ApiRequest:
    body: dict[str, Any] = {
        "project": given.project,
        "projectFlow": given.project_flow,
        "countryCode": given.phone.country_code,
        "phone": given.phone.national,
        "validationMethod": "verificationCode",
        "type": given.type,
    }
    if given.gateway:
        body["phoneGateway"] = given.gateway
    if given.force:
        body["force"] = True
    return ApiRequest(
        "verifik", "POST", f"{base_url}/v2/phone-validations", headers=_bearer(token), json=body
    )


def manual_request(base_url: str, given: ManualSend, token: str | None) -> ApiRequest:
    body: dict[str, Any] = {
        "phone": given.phone.national,
        "countryCode": given.phone.country_code,
        "phoneGateway": given.gateway,
    }
    optional = (
        ("title", given.title),
        ("language", given.language),
        ("whatsappTemplate", given.whatsapp_template),
    )
    body.update((name, value) for name, value in optional if value)
    if given.force:
        body["force"] = True
    return ApiRequest(
        "verifik",
        "POST",
        f"{base_url}/v2/phone-validations/manual",
        headers=_bearer(token),
        json=body,
    )


def validate_request(base_url: str, given: Validate, token: str | None) -> ApiRequest:
    body: dict[str, Any] = {"phone": given.phone.national, "countryCode": given.phone.country_code}
    # Documented as a JSON number; a code with a leading zero would lose it as one.
    body["otp"] = given.otp if given.otp.startswith("0") else int(given.otp)
    if given.project:
        body["project"] = given.project
    if given.project_flow:
        body["projectFlow"] = given.project_flow
    if given.gateway:
        body["phoneGateway"] = given.gateway
    return ApiRequest(
        "verifik",
        "PUT",
        f"{base_url}/v2/phone-validations",
        headers=_bearer(token),
        json=body,
        secret_fields=("otp",),
    )


def data_of(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    return data if isinstance(data, dict) else {}


def check_sent(body: dict[str, Any]) -> dict[str, Any]:
    """A send counts only when the provider says it went out."""
    data = body.get("data")
    if not isinstance(data, dict) or data.get("status") != "sent":
        status = data.get("status") if isinstance(data, dict) else None
        raise ProviderError(
            _("Verifik did not send the code (status: {status!r})").format(status=status),
            code="otp_not_sent",
            status=200,
        )
    confirmation = data.get("providerConfirmation")
    if isinstance(confirmation, dict) and confirmation.get("sent") is False:
        raise ProviderError(
            _("Verifik accepted the request but its SMS/WhatsApp provider did not send the code"),
            code="otp_not_sent",
            status=200,
        )
    return body


def check_manual_sent(body: dict[str, Any]) -> dict[str, Any]:
    """A manual send counts (and is charged) only when the answer says `sent: true`."""
    data = data_of(body)
    if data.get("sent") is not True:
        raise ProviderError(
            _("Verifik did not send the code (sent: {sent!r})").format(sent=data.get("sent")),
            code="otp_not_sent",
            status=200,
        )
    return body


def check_validated(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    if not isinstance(data, dict) or data.get("status") != "validated":
        status = data.get("status") if isinstance(data, dict) else None
        raise ProviderError(
            _("Verifik did not validate the code (status: {status!r})").format(status=status),
            code="not_validated",
            status=200,
        )
    return body


def check_token(body: dict[str, Any]) -> dict[str, Any]:
    """A confirm answer must carry the access token (read with `access_token`)."""
    token = data_of(body).get("accessToken")
    if not isinstance(token, str) or not token:
        raise ProviderError(
            _("Verifik accepted the code but sent no access token"),
            code="invalid_response",
            status=200,
        )
    return body


def access_token(body: dict[str, Any]) -> str:
    token: str = check_token(body)["data"]["accessToken"]
    return token
