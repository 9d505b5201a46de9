"""Removing secrets from anything the tool shows: bodies, headers, traces, curl lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"

# Keys whose values are secrets in any provider body: codes, their hashes, tokens, secrets.
SECRET_KEYS = frozenset(
    {
        "otp",
        "totp",
        "code",
        "accesstoken",
        "access_token",
        "refresh_token",
        "token",
        "client_secret",
        "password",
        "secret",
    }
)
_BODY_KEYS = frozenset(k for k in SECRET_KEYS if k != "code")
_SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-api-key"})
_JSON_FIELD = re.compile(
    r'("(?:otp|totp|accessToken|access_token|refresh_token|token|client_secret|password|secret)"'
    r'\s*:\s*)("(?:[^"\\]|\\.)*"?|-?\d+)',
    re.IGNORECASE,
)
_FORM_FIELD = re.compile(
    r"(\b(?:otp|totp|client_secret|access_token|token)=)[^&\s]*", re.IGNORECASE
)
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# `Bearer $VERIFIK_TOKEN` in a curl line names a variable, not a secret: left alone.
_BEARER = re.compile(r"(Bearer\s+)(?!\$)[^\s\"']+", re.IGNORECASE)


def redact_body(value: Any) -> Any:
    """A deep copy of a JSON value with secret fields replaced by "[redacted]".

    Provider bodies use `code` for error codes, which are not secret, so it is kept here.
    """
    if isinstance(value, dict):
        return {
            k: (REDACTED if k.lower() in _BODY_KEYS and v not in (None, "") else redact_body(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_body(v) for v in value]
    return value


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    return {k: _header_value(k, v) for k, v in headers.items()}


def _header_value(name: str, value: str) -> str:
    if name.lower() not in _SECRET_HEADERS:
        return value
    if name.lower() == "authorization" and _BEARER.match(value):
        return _BEARER.sub(r"\1" + REDACTED, value)  # the scheme is worth seeing
    return REDACTED  # a bare token (Verifik's session renewal), a cookie, a key


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Best effort for text that may not parse (truncated JSON, HTML, exception messages)."""
    text = _JSON_FIELD.sub(lambda m: m.group(1) + f'"{REDACTED}"', text)
    text = _FORM_FIELD.sub(lambda m: m.group(1) + REDACTED, text)
    text = _JWT.sub(REDACTED, text)
    text = _BEARER.sub(r"\1" + REDACTED, text)
    return replace_secrets(text, secrets)


def replace_secrets(text: str, secrets: Iterable[str]) -> str:
    """Known secrets replaced as plain strings (shorter than 4 characters would hit words)."""
    for secret in secrets:
        if len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


def mask(secret: str) -> str:
    """At most the first and last four characters, and never more than half the secret,
    so two tokens can be told apart without giving one away."""
    shown = min(4, len(secret) // 4)
    if shown == 0:
        return "•" * 4
    return f"{secret[:shown]}…{secret[-shown:]}"
