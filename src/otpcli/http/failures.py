"""Transport failures (httpx exceptions) turned into the contract's errors (exit 8, or 2)."""

from __future__ import annotations

from urllib.parse import urlsplit

from otpcli.errors import NetworkError, OtpcliError, UsageError
from otpcli.http.messages import ApiRequest
from otpcli.http.proxies import proxy_for
from otpcli.i18n import N_, _

MAY_HAVE_ARRIVED = N_(
    "the request may have reached the provider: check before sending again, or raise --timeout"
)


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:  # the URL itself is what is broken
        return url


def network_error(exc: BaseException, request: ApiRequest) -> OtpcliError:
    import httpx

    from otpcli.http.client import DeadlineExceeded

    host = host_of(request.url)
    name = request.provider.capitalize()
    proxy = proxy_for(request.url)
    if proxy is not None and isinstance(exc, httpx.ProxyError | httpx.ConnectError):
        return NetworkError(
            _("cannot reach {provider} at {host} through the proxy {proxy}: {reason}").format(
                provider=name, host=host, proxy=proxy, reason=exc
            ),
            code="proxy_error",
            hint=_("check HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, or name the host in NO_PROXY"),
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkError(
            _("timed out connecting to {provider} at {host}").format(provider=name, host=host),
            code="connect_timeout",
        )
    if isinstance(exc, httpx.TimeoutException | DeadlineExceeded):
        return NetworkError(
            _("{provider} at {host} did not answer in time").format(provider=name, host=host),
            code="timeout",
            hint=_(MAY_HAVE_ARRIVED),
        )
    if isinstance(exc, httpx.ConnectError):
        return _connect_error(exc, host, str(exc))
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return UsageError(
            _("invalid {provider} URL {url!r}").format(provider=name, url=request.url),
            code="invalid_url",
        )
    # The connection dropped mid-request (RemoteProtocolError, ReadError, WriteError): the
    # provider may have acted on it, exactly as after a timeout.
    return NetworkError(
        _(
            "the connection to {provider} at {host} dropped before the answer was whole ({failure})"
        ).format(provider=name, host=host, failure=type(exc).__name__),
        code="connection_lost",
        hint=_(MAY_HAVE_ARRIVED),
    )


def causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it was raised from: the OS's own error is at the bottom."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _connect_error(exc: BaseException, host: str, text: str) -> OtpcliError:
    import socket
    import ssl

    chain = causes(exc)
    lowered = " ".join(str(c) for c in chain).lower()
    if any(isinstance(c, socket.gaierror) for c in chain) or any(
        s in lowered for s in ("name or service", "nodename", "getaddrinfo", "resolution")
    ):
        return NetworkError(_("cannot resolve host {host}").format(host=host), code="dns_error")
    if any(isinstance(c, ssl.SSLError) for c in chain) or "certificate" in lowered:
        return NetworkError(
            _("TLS handshake with {host} failed: {reason}").format(host=host, reason=text),
            code="tls_error",
        )
    if any(isinstance(c, ConnectionRefusedError) for c in chain) or "refused" in lowered:
        return NetworkError(
            _("connection refused by {host}").format(host=host),
            code="connection_refused",
            hint=_("is the server running? (`otpcli sandbox serve` for the local sandbox)"),
        )
    return NetworkError(
        _("cannot connect to {host}: {reason}").format(host=host, reason=text),
        code="connect_error",
    )
