"""The sandbox's own call: the codes it "delivered" (`GET /_sandbox/messages`)."""

from __future__ import annotations

from typing import Any

from otpcli.http.messages import ApiRequest
from otpcli.inputs import Phone
from otpcli.operations.base import Operation


def messages_request(base_url: str, phone: Phone | None, token: str | None) -> ApiRequest:
    del token  # the sandbox's inbox is open: it only ever holds test codes
    query = {"phone": phone.e164} if phone is not None else None
    return ApiRequest("sandbox", "GET", f"{base_url}/_sandbox/messages", query=query)


def messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    found = body.get("messages")
    return [m for m in found if isinstance(m, dict)] if isinstance(found, list) else []


INBOX: Operation[Phone | None, dict[str, Any]] = Operation(
    "read the sandbox inbox", "sandbox", messages_request, lambda body: body
)
