"""Requests and answers shown to people: `--debug` traces and `--dry-run` curl lines.

Built from the same `ApiRequest` the HTTP layer sends, so what is shown is what goes on
the wire. Secrets never enter the text: bodies are redacted field by field, and the curl
line reads tokens, codes and client secrets from shell variables.
"""

from __future__ import annotations

import json
import shlex
from typing import Any
from urllib.parse import urlencode

from otpcli.http.client import USER_AGENT
from otpcli.http.messages import ApiRequest, ApiResponse
from otpcli.report.redact import REDACTED, redact_body, redact_headers, redact_text

# Where a dry run's curl line reads each secret field from: the shell, never the line itself.
SECRET_VARIABLES = {"otp": "OTP", "totp": "OTP", "client_secret": "CLIENT_SECRET"}


def full_url(request: ApiRequest) -> str:
    if not request.query:
        return request.url
    return f"{request.url}?{urlencode(dict(request.query))}"


def _body_text(request: ApiRequest) -> str:
    if request.json is not None:
        return json.dumps(redact_body(dict(request.json)), ensure_ascii=False)
    if request.form is not None:
        return "  ".join(
            f"{k}={REDACTED if k in request.secret_fields else v}" for k, v in request.form.items()
        )
    return ""


def format_request(request: ApiRequest, attempt: int = 1) -> str:
    tried = f"  (try {attempt})" if attempt > 1 else ""
    lines = [f"> {request.method} {full_url(request)}{tried}"]
    headers = {"User-Agent": USER_AGENT, **request.headers}
    if request.json is not None:
        headers.setdefault("Content-Type", "application/json")
    if request.form is not None:
        headers.setdefault("Content-Type", "multipart/form-data")
    lines += [f"> {k}: {v}" for k, v in redact_headers(headers).items()]
    body = _body_text(request)
    if body:
        lines.append(f"> {body}")
    return "\n".join(lines)


def format_response(response: ApiResponse) -> str:
    lines = [f"< HTTP {response.status}  ({response.elapsed_ms:.0f} ms)"]
    lines += [f"< {k}: {v}" for k, v in redact_headers(dict(response.headers)).items()]
    try:
        text = json.dumps(redact_body(json.loads(response.body)), ensure_ascii=False)
    except ValueError:
        text = redact_text(response.body[:2000].decode("utf-8", errors="replace"))
    if text:
        lines.append(f"< {text}")
    return "\n".join(lines)


def _shell_variable(field_name: str) -> str:
    return SECRET_VARIABLES.get(field_name, field_name.upper())


def curl_command(request: ApiRequest, token_env: str | None) -> str:
    """A runnable curl line that holds no secret: tokens, codes and secrets come from $VARS."""
    parts = ["curl", "-sS", "-X", request.method, shlex.quote(full_url(request))]
    for key, value in request.headers.items():
        if key.lower() == "authorization":
            scheme = "Bearer " if value.startswith("Bearer ") else ""
            value = f"{scheme}${token_env}" if token_env else f"{scheme}{REDACTED}"
            parts += ["-H", f'"{key}: {value}"']
        else:
            parts += ["-H", shlex.quote(f"{key}: {value}")]
    if request.json is not None:
        parts += [
            "-H",
            shlex.quote("Content-Type: application/json"),
            "--data",
            _json_data(request),
        ]
    if request.form is not None:
        for key, value in request.form.items():
            if key in request.secret_fields:
                parts += ["--form", f'"{key}=${_shell_variable(key)}"']
            else:
                parts += ["--form", shlex.quote(f"{key}={value}")]
    return " ".join(parts)


def _json_data(request: ApiRequest) -> str:
    """The JSON body, single-quoted for the shell, with "$VAR" spliced in for secrets."""
    body: dict[str, Any] = dict(request.json or {})
    numbers: dict[str, str] = {}
    strings: dict[str, str] = {}
    for name in request.secret_fields:
        if name in body:
            sentinel = f"__OTPCLI_SECRET_{len(numbers) + len(strings)}__"
            is_number = isinstance(body[name], int) and not isinstance(body[name], bool)
            (numbers if is_number else strings)[sentinel] = _shell_variable(name)
            body[name] = sentinel
    text = json.dumps(body, ensure_ascii=False)
    for sentinel in numbers:
        text = text.replace(f'"{sentinel}"', sentinel)  # a JSON number: no quotes
    quoted = shlex.quote(text)
    # Inside the single-quoted body: close the quote, splice "$VAR", reopen it.
    for sentinel, variable in {**numbers, **strings}.items():
        quoted = quoted.replace(sentinel, f"'\"${variable}\"'")
    return quoted


def described(request: ApiRequest, token_env: str | None) -> dict[str, Any]:
    """The request as `--dry-run --json` shows it."""
    return {
        "method": request.method,
        "url": full_url(request),
        "headers": redact_headers(dict(request.headers)),
        "json": None if request.json is None else redact_body(dict(request.json)),
        "form": {
            k: (REDACTED if k in request.secret_fields else v) for k, v in request.form.items()
        }
        if request.form
        else None,
        "curl": curl_command(request, token_env),
    }
