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
    """A runnable curl command that holds no secret, and puts none in curl's arguments
    (`ps` shows those to every user of the machine): the token, codes and client secrets
    come from shell variables, fed to curl as a config on stdin (`--config -`)."""
    parts = ["curl", "-sS", "-X", request.method, shlex.quote(full_url(request))]
    config: list[str] = []
    for key, value in request.headers.items():
        if key.lower() == "authorization":
            scheme = "Bearer " if value.startswith("Bearer ") else ""
            shown = f"${token_env}" if token_env else REDACTED
            config.append(f'header = "{_in_config(f"{key}: {scheme}")}{shown}"')
        else:
            parts += ["-H", shlex.quote(f"{key}: {value}")]
    if request.json is not None:
        parts += ["-H", shlex.quote("Content-Type: application/json")]
        if set(request.secret_fields) & set(request.json):
            config.append(f'data = "{_json_in_config(request)}"')
        else:
            parts += ["--data", shlex.quote(json.dumps(dict(request.json), ensure_ascii=False))]
    for key, value in (request.form or {}).items():
        if key in request.secret_fields:
            config.append(f'form = "{_in_config(f"{key}=")}${_shell_variable(key)}"')
        else:
            parts += ["--form", shlex.quote(f"{key}={value}")]
    if not config:
        return " ".join(parts)
    return " ".join([*parts, "--config", "-", "<<CURL"]) + "\n" + "\n".join(config) + "\nCURL"


def _in_config(text: str) -> str:
    """`text` inside a quoted curl-config string, inside an unquoted here-document: escaped
    for curl (backslash, quote, newline), then for the shell (backslash, $, backquote)."""
    curl = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return curl.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`")


def _json_in_config(request: ApiRequest) -> str:
    """The JSON body for the config, with "$VAR" spliced in where each secret goes."""
    body: dict[str, Any] = dict(request.json or {})
    splices: dict[str, str] = {}
    for name in request.secret_fields:
        if name in body:
            sentinel = f"__OTPCLI_SECRET_{len(splices)}__"
            is_number = isinstance(body[name], int) and not isinstance(body[name], bool)
            variable = f"${_shell_variable(name)}"
            # A number goes in bare; a string keeps its (escaped) quotes around the variable.
            quoted = _in_config(f'"{sentinel}"')
            splices[quoted] = variable if is_number else quoted.replace(sentinel, variable)
            body[name] = sentinel
    text = _in_config(json.dumps(body, ensure_ascii=False))
    for quoted, spliced in splices.items():
        text = text.replace(quoted, spliced)
    return text


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
