"""The one HTTP layer: request description, retry policy, tracing, dry-run.

Providers build `ApiRequest`s and get parsed bodies back; they never print. What a
request looks like on the wire is decided here, so `--dry-run` shows exactly that.
"""

from __future__ import annotations

import email.utils
import json
import shlex
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from otpcli import __version__
from otpcli.errors import NetworkError, OtpcliError, UsageError
from otpcli.redact import REDACTED, redact_body, redact_headers, redact_text

if TYPE_CHECKING:
    import http.cookiejar

    import httpx

USER_AGENT = f"otpcli/{__version__}"
MAX_TRIES = 3
RETRY_BUDGET_SECONDS = 30.0
# Pauses between tries when the connection could not even be opened.
CONNECT_BACKOFF = (0.2, 0.6)

Trace = Callable[[str], None]


@dataclass(frozen=True)
class ApiRequest:
    provider: str  # "verifik", "trust" or "atenea": names the provider in messages
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    form: dict[str, str] | None = None  # sent as multipart/form-data
    # Fields that hold a code; dry-run's curl line reads them from $OTP instead of printing.
    secret_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes
    elapsed_ms: float


class DryRun(Exception):
    """Raised instead of sending; the error boundary prints the request and exits 0."""

    def __init__(self, request: ApiRequest) -> None:
        super().__init__("dry run")
        self.request = request


def retry_delay(status: int, headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait before trying again, or None when the answer must not be retried.

    Only 429 and 503 that say when to come back: the server did not act on them.
    """
    if status not in (429, 503):
        return None
    value = headers.get("retry-after") or headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is true, float("²") fails
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def network_error(exc: Exception, request: ApiRequest) -> OtpcliError:
    """Turn an httpx transport exception into the contract's network error (exit 8)."""
    from urllib.parse import urlsplit

    import httpx

    try:
        host = urlsplit(request.url).hostname or request.url
    except ValueError:  # the URL itself is what is broken
        host = request.url
    text = str(exc)
    lowered = text.lower()
    name = request.provider.capitalize()
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkError(f"timed out connecting to {name} at {host}", code="connect_timeout")
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(
            f"{name} at {host} did not answer in time",
            code="timeout",
            hint="the request may have reached the provider: check before sending again,"
            " or raise --timeout",
        )
    if isinstance(exc, httpx.ConnectError):
        if any(s in lowered for s in ("name or service", "nodename", "getaddrinfo", "resolution")):
            return NetworkError(f"cannot resolve host {host}", code="dns_error")
        if any(s in lowered for s in ("ssl", "certificate", "tls")):
            return NetworkError(
                f"TLS handshake with {host} failed: {redact_text(text)}", code="tls_error"
            )
        if "refused" in lowered:
            return NetworkError(
                f"connection refused by {host}",
                code="connection_refused",
                hint="is the server running? (`otpcli sandbox serve` for the local sandbox)",
            )
        return NetworkError(f"cannot connect to {host}: {redact_text(text)}", code="connect_error")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return UsageError(f"invalid {name} URL {request.url!r}", code="invalid_url")
    return NetworkError(
        f"connection to {host} failed: {type(exc).__name__}", code="connection_lost"
    )


def _is_presend_failure(exc: Exception) -> bool:
    import httpx

    # Only failures to open the connection: the request never left this machine.
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)


def pause_after_answer(response: ApiResponse, attempt: int, spent: float) -> float | None:
    """The single commands' rule for answers: seconds before the next try, or None."""
    delay = retry_delay(response.status, response.headers)
    if delay is None or attempt >= MAX_TRIES or spent + delay > RETRY_BUDGET_SECONDS:
        return None
    return delay


def pause_after_failure(exc: Exception, attempt: int) -> float | None:
    """The single commands' rule for transport failures: only what never left is re-sent."""
    if _is_presend_failure(exc) and attempt < MAX_TRIES:
        return CONNECT_BACKOFF[attempt - 1]
    return None


def build_httpx_kwargs(request: ApiRequest) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"headers": {"User-Agent": USER_AGENT, **request.headers}}
    if request.json is not None:
        kwargs["json"] = request.json
    if request.form is not None:
        # (None, value) makes httpx write plain multipart fields, as curl --form does.
        kwargs["files"] = {k: (None, v) for k, v in request.form.items()}
    return kwargs


class HttpClient:
    """Synchronous client for single commands. One per process; opened on first use."""

    def __init__(
        self,
        *,
        timeout: float = 15.0,
        trace: Trace | None = None,
        dry_run: bool = False,
        sleep: Callable[[float], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout = timeout
        self.trace = trace
        self.dry_run = dry_run
        self._sleep = sleep or time.sleep
        self._transport = transport
        self._client: httpx.Client | None = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(timeout=self.timeout, transport=self._transport)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def send(self, request: ApiRequest) -> ApiResponse:
        if self.dry_run:
            raise DryRun(request)
        started = time.monotonic()
        for attempt in range(1, MAX_TRIES + 1):
            if self.trace:
                self.trace(format_request(request, attempt))
            t0 = time.monotonic()
            try:
                raw = self._http().request(
                    request.method, request.url, **build_httpx_kwargs(request)
                )
            except Exception as exc:
                import httpx

                if not isinstance(exc, httpx.HTTPError | httpx.InvalidURL):
                    raise
                pause = pause_after_failure(exc, attempt)
                if pause is not None:
                    if self.trace:
                        self.trace(
                            f"! {type(exc).__name__}; nothing was sent, retrying in {pause}s"
                        )
                    self._sleep(pause)
                    continue
                if self.trace:
                    self.trace(f"! {type(exc).__name__}: {redact_text(str(exc))}")
                raise network_error(exc, request) from exc
            response = ApiResponse(
                status=raw.status_code,
                headers=raw.headers,
                body=raw.content,
                elapsed_ms=(time.monotonic() - t0) * 1000,
            )
            if self.trace:
                self.trace(format_response(response))
            delay = pause_after_answer(response, attempt, time.monotonic() - started)
            if delay is None:
                return response
            if self.trace:
                self.trace(f"! HTTP {response.status}: retrying after {delay:g}s (Retry-After)")
            self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")


class Gate(Protocol):
    """What a bulk run shares between its requests: when each may go, and who saw a 429."""

    async def wait(self) -> None:
        """Return when the next try may be sent (pauses after 429, the --rate cap)."""

    def throttled(self, delay: float | None) -> None:
        """The provider asked to slow down; `delay` is its Retry-After, None when absent."""


class AsyncHttpClient:
    """The asynchronous twin of `HttpClient`, for bulk runs: one connection pool, the same
    retry policy, and a `Gate` through which every try of every request passes."""

    def __init__(
        self,
        *,
        timeout: float = 15.0,
        max_connections: int = 8,
        trace: Trace | None = None,
        gate: Gate | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        import httpx

        if transport is None and _lean_transport_wanted():
            from otpcli.h11_transport import H11Transport

            transport = H11Transport(httpx.create_ssl_context())
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        self._client = httpx.AsyncClient(
            timeout=timeout, limits=limits, transport=transport, cookies=_quiet_cookie_jar()
        )
        self.trace = trace
        self._gate = gate
        # A bulk run sends to one or two URLs; parsing the string each time costs 0.1 ms.
        self._urls: dict[str, httpx.URL] = {}

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, request: ApiRequest) -> ApiResponse:
        import asyncio

        import httpx

        started = time.monotonic()
        for attempt in range(1, MAX_TRIES + 1):
            if self._gate is not None:
                await self._gate.wait()
            if self.trace:
                self.trace(format_request(request, attempt))
            t0 = time.monotonic()
            url = self._urls.get(request.url) or self._urls.setdefault(
                request.url, httpx.URL(request.url)
            )
            try:
                raw = await self._client.request(request.method, url, **build_httpx_kwargs(request))
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                pause = pause_after_failure(exc, attempt)
                if pause is None:
                    if self.trace:
                        self.trace(f"! {type(exc).__name__}: {redact_text(str(exc))}")
                    raise network_error(exc, request) from exc
                if self.trace:
                    self.trace(f"! {type(exc).__name__}; nothing was sent, retrying in {pause}s")
                await asyncio.sleep(pause)
                continue
            response = ApiResponse(
                status=raw.status_code,
                headers=raw.headers,
                body=raw.content,
                elapsed_ms=(time.monotonic() - t0) * 1000,
            )
            if self.trace:
                self.trace(format_response(response))
            asked = retry_delay(response.status, response.headers)
            if self._gate is not None and (response.status == 429 or asked is not None):
                # Told even when this request will not retry: the whole run slows down.
                self._gate.throttled(asked)
            pause = pause_after_answer(response, attempt, time.monotonic() - started)
            if pause is None:
                return response
            if self.trace:
                self.trace(f"! HTTP {response.status}: retrying after {pause:g}s (Retry-After)")
            if self._gate is None:
                await asyncio.sleep(pause)
        raise AssertionError("unreachable: the loop returns or raises")


def _quiet_cookie_jar() -> http.cookiejar.CookieJar:
    """A cookie jar that skips answers setting no cookie.

    httpx hands every answer to the standard library's jar through an adapter that copies
    all its headers into an email Message: about 50 µs a request, a twentieth of a bulk
    run's CPU, for nothing when there is no Set-Cookie. Cookies that are set still work
    (the jar is public httpx API: `AsyncClient(cookies=CookieJar)`)."""
    import http.cookiejar

    class QuietCookieJar(http.cookiejar.CookieJar):
        def extract_cookies(self, response: Any, request: Any) -> None:
            answer = getattr(response, "response", None)  # httpx's adapter keeps it here
            headers = getattr(answer, "headers", None)
            if headers is not None and "set-cookie" not in headers:
                return
            super().extract_cookies(response, request)

    return QuietCookieJar()


def _lean_transport_wanted() -> bool:
    """The lean h11 transport, unless a proxy is configured (httpx reads proxies from the
    environment only for its own transport) or OTPCLI_BULK_TRANSPORT=httpx asks for
    httpx's standard one (a way out should the lean one ever misbehave somewhere)."""
    import os

    from otpcli import env

    if os.environ.get(env.BULK_TRANSPORT, "").strip().lower() == "httpx":
        return False
    return not _environment_proxies()


def _environment_proxies() -> bool:
    """Whether HTTP(S)_PROXY or ALL_PROXY is set (or the system's proxy settings say so)."""
    import urllib.request

    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def _body_text(request: ApiRequest) -> str:
    if request.json is not None:
        return json.dumps(redact_body(request.json), ensure_ascii=False)
    if request.form is not None:
        return "  ".join(
            f"{k}={REDACTED if k in request.secret_fields else v}" for k, v in request.form.items()
        )
    return ""


def format_request(request: ApiRequest, attempt: int = 1) -> str:
    lines = [f"> {request.method} {request.url}" + (f"  (try {attempt})" if attempt > 1 else "")]
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
    text = response.body[:2000].decode("utf-8", errors="replace")
    try:
        text = json.dumps(redact_body(json.loads(response.body)), ensure_ascii=False)
    except ValueError:
        text = redact_text(text)
    if text:
        lines.append(f"< {text}")
    return "\n".join(lines)


# Where a dry run's curl line reads each secret field from: the shell, never the line itself.
SECRET_VARIABLES = {"otp": "OTP", "totp": "OTP", "client_secret": "CLIENT_SECRET"}


def _shell_variable(field_name: str) -> str:
    return SECRET_VARIABLES.get(field_name, field_name.upper())


def curl_command(request: ApiRequest, token_env: str | None) -> str:
    """A runnable curl line that holds no secret: tokens, codes and secrets come from $VARS."""
    parts = ["curl", "-sS", "-X", request.method, shlex.quote(request.url)]
    for key, value in request.headers.items():
        if key.lower() == "authorization":
            value = f"Bearer ${token_env}" if token_env else f"Bearer {REDACTED}"
            parts += ["-H", f'"{key}: {value}"']
        else:
            parts += ["-H", shlex.quote(f"{key}: {value}")]
    if request.json is not None:
        body = dict(request.json)
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
        parts += ["-H", shlex.quote("Content-Type: application/json"), "--data", quoted]
    if request.form is not None:
        for key, value in request.form.items():
            if key in request.secret_fields:
                parts += ["--form", f'"{key}=${_shell_variable(key)}"']
            else:
                parts += ["--form", shlex.quote(f"{key}={value}")]
    return " ".join(parts)
