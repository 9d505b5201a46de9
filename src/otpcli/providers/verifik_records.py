"""Verifik's records of validations (list, one by id) and its token lifecycle (renew, renew
and revoke all)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from otpcli.errors import ProviderError
from otpcli.http.messages import ApiRequest
from otpcli.i18n import _

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
STATUSES = ("new", "sent", "validated", "failed")
MAX_LIMIT = 100


@dataclass(frozen=True)
class ListQuery:
    page: int = 1
    limit: int = 20
    status: str | None = None
    project: str | None = None
    type: str | None = None
    gateway: str | None = None
    country_code: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Renewal:
    months: int = 1


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def list_request(base_url: str, given: ListQuery, token: str | None) -> ApiRequest:
    query = {"page": str(given.page), "limit": str(given.limit), "sort": "-createdAt"}
    for name, value in (
        ("status", given.status),
        ("project", given.project),
        ("type", given.type),
        ("phoneGateway", given.gateway),
        ("countryCode", given.country_code),
        ("phone", given.phone),
    ):
        if value:
            query[name] = value
    return ApiRequest(
        "verifik", "GET", f"{base_url}/v2/phone-validations", headers=_bearer(token), query=query
    )


def show_request(base_url: str, record_id: str, token: str | None) -> ApiRequest:
    return ApiRequest(
        "verifik", "GET", f"{base_url}/v2/phone-validations/{record_id}", headers=_bearer(token)
    )


def page_of(body: dict[str, Any]) -> dict[str, Any]:
    """Either documented list shape as one: {"data": [...], "pagination": {page, limit,
    total, pages}} (the flat {data, total, limit, page, pages} is folded in)."""
    data = body.get("data")
    if not isinstance(data, list):
        raise ProviderError(
            _("Verifik answered the list without a data list"), code="invalid_response", status=200
        )
    nested = body.get("pagination")
    source = nested if isinstance(nested, dict) else body
    pagination = {k: source.get(k) for k in ("page", "limit", "total", "pages")}
    return {"data": [r for r in data if isinstance(r, dict)], "pagination": pagination}


def record_of(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    if not isinstance(data, dict):
        raise ProviderError(
            _("Verifik answered without the record"), code="invalid_response", status=200
        )
    return body


def renew_request(base_url: str, given: Renewal, token: str | None) -> ApiRequest:
    # The token renewed travels as documented: `Authorization: <token>`, with no "Bearer".
    query = {"origin": "refresh", "expiresIn": str(given.months)}
    return ApiRequest(
        "verifik",
        "GET",
        f"{base_url}/v2/auth/session",
        headers={"Authorization": f"{token}"},
        query=query,
    )


def revoke_request(base_url: str, given: None, token: str | None) -> ApiRequest:
    del given
    return ApiRequest(
        "verifik", "POST", f"{base_url}/v2/auth/renew-and-revoke", headers=_bearer(token)
    )


def new_token(body: dict[str, Any]) -> str:
    """The token a renewal answers: `accessToken` (no data wrapper) or, after renew and
    revoke, `token`."""
    for key in ("accessToken", "token"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    data = body.get("data")
    if isinstance(data, dict) and isinstance(data.get("accessToken"), str):
        return str(data["accessToken"])
    raise ProviderError(
        _("Verifik answered without a new token"), code="invalid_response", status=200
    )
