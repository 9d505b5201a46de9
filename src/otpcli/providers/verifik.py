"""Verifik: phone login, confirm, send a code, validate a code."""

from __future__ import annotations

from typing import Any

from otpcli.errors import ProviderError
from otpcli.http import ApiRequest, HttpClient
from otpcli.inputs import Phone
from otpcli.providers.answers import interpret


def _phone_number(phone: Phone) -> int | str:
    # The login docs type `phone` as a number; a leading zero would not survive one.
    return int(phone.national) if not phone.national.startswith("0") else phone.national


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login_request(base_url: str, phone: Phone) -> ApiRequest:
    body = {"countryCode": phone.country_code, "phone": _phone_number(phone), "type": "login"}
    return ApiRequest("verifik", "POST", f"{base_url}/v2/projects/phone-login", json=body)


def confirm_request(base_url: str, phone: Phone, otp: str) -> ApiRequest:
    body = {"countryCode": phone.country_code, "phone": _phone_number(phone), "otp": otp}
    return ApiRequest(
        "verifik",
        "POST",
        f"{base_url}/v2/projects/phone-login/confirm",
        json=body,
        secret_fields=("otp",),
    )


def send_request(
    base_url: str,
    token: str,
    phone: Phone,
    *,
    project: str,
    project_flow: str,
    gateway: str | None = None,
    type_: str = "login",
    force: bool = False,
) -> ApiRequest:
    body: dict[str, Any] = {
        "project": project,
        "projectFlow": project_flow,
        "countryCode": phone.country_code,
        "phone": phone.national,
        "validationMethod": "verificationCode",
        "type": type_,
    }
    if gateway:
        body["phoneGateway"] = gateway
    if force:
        body["force"] = True
    return ApiRequest(
        "verifik", "POST", f"{base_url}/v2/phone-validations", headers=_auth(token), json=body
    )


def validate_request(
    base_url: str,
    token: str,
    phone: Phone,
    otp: str,
    *,
    project: str | None = None,
    project_flow: str | None = None,
    gateway: str | None = None,
) -> ApiRequest:
    body: dict[str, Any] = {"phone": phone.national, "countryCode": phone.country_code}
    # Documented as a JSON number; a code with a leading zero would lose it as one.
    body["otp"] = otp if otp.startswith("0") else int(otp)
    if project:
        body["project"] = project
    if project_flow:
        body["projectFlow"] = project_flow
    if gateway:
        body["phoneGateway"] = gateway
    return ApiRequest(
        "verifik",
        "PUT",
        f"{base_url}/v2/phone-validations",
        headers=_auth(token),
        json=body,
        secret_fields=("otp",),
    )


def check_sent(body: dict[str, Any]) -> dict[str, Any]:
    """A send counts only when the provider says it went out."""
    data = body.get("data")
    if not isinstance(data, dict) or data.get("status") != "sent":
        status = data.get("status") if isinstance(data, dict) else None
        raise ProviderError(
            f"Verifik did not send the code (status: {status!r})", code="otp_not_sent", status=200
        )
    confirmation = data.get("providerConfirmation")
    if isinstance(confirmation, dict) and confirmation.get("sent") is False:
        raise ProviderError(
            "Verifik accepted the request but its SMS/WhatsApp provider did not send the code",
            code="otp_not_sent",
            status=200,
        )
    return body


def check_validated(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    if not isinstance(data, dict) or data.get("status") != "validated":
        status = data.get("status") if isinstance(data, dict) else None
        raise ProviderError(
            f"Verifik did not validate the code (status: {status!r})",
            code="not_validated",
            status=200,
        )
    return body


def check_token(body: dict[str, Any]) -> str:
    data = body.get("data")
    token = data.get("accessToken") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise ProviderError(
            "Verifik accepted the code but sent no access token",
            code="invalid_response",
            status=200,
        )
    return token


class VerifikClient:
    def __init__(self, http: HttpClient, base_url: str, token: str | None = None) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._token = token

    def _call(self, request: ApiRequest) -> dict[str, Any]:
        return interpret("verifik", self._http.send(request))

    def login(self, phone: Phone) -> dict[str, Any]:
        return check_sent(self._call(login_request(self._base, phone)))

    def confirm(self, phone: Phone, otp: str) -> tuple[str, dict[str, Any]]:
        body = self._call(confirm_request(self._base, phone, otp))
        return check_token(body), body

    def send(self, phone: Phone, **options: Any) -> dict[str, Any]:
        return check_sent(
            self._call(send_request(self._base, self._need_token(), phone, **options))
        )

    def validate(self, phone: Phone, otp: str, **options: Any) -> dict[str, Any]:
        request = validate_request(self._base, self._need_token(), phone, otp, **options)
        return check_validated(self._call(request))

    def _need_token(self) -> str:
        assert self._token is not None, "the command resolves the token before calling"
        return self._token
