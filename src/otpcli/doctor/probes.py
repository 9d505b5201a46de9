"""One probe of one base URL, step by step: DNS, TCP, TLS with certificate verification,
then one unauthenticated GET of the base URL (no code, no credential, no charge), each
step timed, the first that fails named with what to do about it.

Through a proxy (from the environment, as otpcli's requests take it), DNS and TCP are
the proxy's, and the TLS handshake happens inside the request's tunnel.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from otpcli.http.proxies import LOOPBACK_HOSTS
from otpcli.i18n import N_, _

T = TypeVar("T")
PROXY_HINT = N_("check HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, or name the host in NO_PROXY")


class Failed(Exception):
    """A step that could not be done: what happened, and what to do about it."""

    def __init__(self, error: str, remedy: str) -> None:
        super().__init__(error)
        self.error = error
        self.remedy = remedy


@dataclass
class Step:
    name: str
    ms: float | None = None  # None while it runs
    found: str = ""
    error: str | None = None
    remedy: str | None = None

    def said(self) -> str:
        """ "tcp 1 ms (127.0.0.1 port 8787)", or "tcp FAILED after 1 ms: connection refused"."""
        if self.error is not None:
            failed = (
                _("{step} FAILED: {problem}")
                if self.ms is None
                else _("{step} FAILED after {ms:.0f} ms: {problem}")
            )
            return failed.format(step=self.name, ms=self.ms, problem=self.error)
        took = _("{step} {ms:.0f} ms ({found})") if self.found else _("{step} {ms:.0f} ms")
        return took.format(step=self.name, ms=self.ms or 0, found=self.found)


@dataclass
class Probe:
    url: str
    providers: tuple[str, ...]  # the providers whose base URL this is
    timeout: float
    proxy: str | None = None
    steps: list[Step] = field(default_factory=list)
    status: int | None = None
    date: float | None = None  # the answer's Date header, epoch seconds
    received: float | None = None  # this machine's clock when the answer came
    started: float = 0.0
    done: threading.Event = field(default_factory=threading.Event)

    def _step(self, name: str, deadline: float, action: Callable[[Step, float], T]) -> T:
        step = Step(name)
        self.steps.append(step)
        began = time.monotonic()
        try:
            value = action(step, max(deadline - began, 0.01))
        except Failed as exc:
            step.error, step.remedy = exc.error, exc.remedy
            raise
        finally:
            step.ms = (time.monotonic() - began) * 1000
        return value

    def run(self) -> None:
        try:
            self._steps(self.started + self.timeout)
        except Failed:
            pass
        except Exception as exc:  # a probe must end in a row, whatever went wrong
            said = f"{type(exc).__name__}: {exc}"
            remedy = _("this is a bug in otpcli doctor: please report it with this row")
            self.steps.append(Step("probe", 0, error=said, remedy=remedy))
        finally:
            self.done.set()

    def _steps(self, deadline: float) -> None:
        from otpcli.http.client import USER_AGENT
        from otpcli.http.httpx_import import load_httpx
        from otpcli.http.proxies import DIRECT

        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if self.proxy is not None:  # DNS and TCP are the proxy's
            via = urlsplit(self.proxy)
            reach = (via.hostname or "", via.port or (1080 if "socks" in via.scheme else 8080))
        else:
            reach = (host, port)
        # Made before the steps, so that loading CA certificates is no step's time.
        httpx = load_httpx()
        tls = httpx.create_ssl_context(trust_env=True)
        headers = {"User-Agent": USER_AGENT}
        budget = max(deadline - time.monotonic(), 0.01)
        with httpx.Client(timeout=budget, mounts=DIRECT, headers=headers, verify=tls) as client:
            addresses = self._step("dns", deadline, lambda step, left: _resolve(step, *reach))
            sock = self._step(
                "tcp", deadline, lambda step, left: self._connect(step, addresses, left)
            )
            with sock:
                if parts.scheme == "https" and self.proxy is None:
                    self._step(
                        "tls", deadline, lambda step, left: _handshake(step, tls, sock, host, left)
                    )
            path = parts.path or "/"
            self._step(
                f"GET {path}", deadline, lambda step, left: self._request(step, client, left)
            )

    def _connect(self, step: Step, addresses: list[tuple[Any, ...]], left: float) -> socket.socket:
        try:
            return _connect(step, addresses, left)
        except Failed as exc:
            if self.proxy is None:
                raise
            said = _("the proxy {proxy}: {problem}").format(proxy=self.proxy, problem=exc.error)
            raise Failed(said, _(PROXY_HINT)) from None

    def _request(self, step: Step, client: Any, left: float) -> None:
        """One GET of the base URL, the way otpcli's own requests go (proxies, CA bundle)."""
        from email.utils import parsedate_to_datetime

        import httpx

        from otpcli.http.client import DeadlineExceeded, within
        from otpcli.http.failures import network_error
        from otpcli.http.messages import ApiRequest

        try:
            answer = within(left, lambda: client.get(self.url))
        except (httpx.HTTPError, DeadlineExceeded) as exc:
            error = network_error(exc, ApiRequest(self.providers[0], "GET", self.url))
            raise Failed(error.message, _remedy_for(error.code)) from None
        self.received = time.time()
        self.status = answer.status_code
        step.found = f"HTTP {answer.status_code}"
        try:
            self.date = parsedate_to_datetime(answer.headers["date"]).timestamp()
        except (KeyError, TypeError, ValueError, IndexError):
            self.date = None


def _remedy_for(code: str) -> str:
    """What to do when the request itself failed (its error's code says how)."""
    remedies = {
        "proxy_error": PROXY_HINT,
        "dns_error": N_("check the host name in the URL and this machine's DNS"),
        "tls_error": N_("if a proxy or firewall inspects TLS, point SSL_CERT_FILE at its CA"),
        "connection_refused": N_("check the URL's port, and that the server is running"),
        "connect_timeout": N_("a firewall may drop the connection; or raise --timeout"),
        "timeout": N_(
            "the server took the connection but did not answer in time: check that"
            " the URL is the provider's, or raise --timeout"
        ),
        "connection_lost": N_(
            "the server closed the connection without an answer: check the"
            " URL's scheme (http or https) and port"
        ),
    }
    otherwise = N_("check the URL (`otpcli config list --show-origin`) and the network")
    return _(remedies.get(code, otherwise))


def _resolve(step: Step, host: str, port: int) -> list[tuple[Any, ...]]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise Failed(
            _("cannot resolve {host} ({reason})").format(host=host, reason=reason),
            _(
                "check the host name in the URL (`otpcli config list --show-origin`) and this"
                " machine's DNS (/etc/resolv.conf, or a VPN that must be on)"
            ),
        ) from None
    step.found = str(found[0][4][0])
    return found


def _connect(step: Step, addresses: list[tuple[Any, ...]], left: float) -> socket.socket:
    ends = time.monotonic() + left
    last: OSError | None = None
    for family, kind, proto, _canonname, address in addresses:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(max(ends - time.monotonic(), 0.01))
        try:
            sock.connect(address)
        except OSError as exc:
            sock.close()
            last = exc
            continue
        step.found = _("{host} port {port}").format(host=address[0], port=address[1])
        return sock
    host, port = addresses[0][4][0], addresses[0][4][1]
    if isinstance(last, ConnectionRefusedError):
        remedy = (
            _("nothing listens there: is the sandbox running? (`otpcli sandbox serve`)")
            if host in LOOPBACK_HOSTS or str(host).startswith("127.")
            else _(
                "nothing listens there: check the port in the URL, or ask whether a firewall"
                " rejects it"
            )
        )
        raise Failed(
            _("connection refused by {host} port {port}").format(host=host, port=port), remedy
        )
    if isinstance(last, TimeoutError):
        raise Failed(
            _("no answer from {host} port {port} within {seconds:g} s").format(
                host=host, port=port, seconds=left
            ),
            _(
                "a firewall may drop the connection; if this network needs a proxy, set"
                " HTTPS_PROXY; or raise --timeout"
            ),
        )
    reason = (last.strerror if last else None) or str(last)
    raise Failed(
        _("cannot connect to {host} port {port}: {reason}").format(
            host=host, port=port, reason=reason
        ),
        _("check the network"),
    )


def _handshake(
    step: Step, context: ssl.SSLContext, sock: socket.socket, host: str, left: float
) -> None:
    """The TLS handshake with the trust otpcli's requests use (certifi, or SSL_CERT_FILE)."""
    sock.settimeout(left)
    try:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            until = (tls.getpeercert() or {}).get("notAfter")
            version = tls.version()
            if isinstance(until, str):
                expiry = time.gmtime(ssl.cert_time_to_seconds(until))
                step.found = _("{version}, certificate verified, valid until {date}").format(
                    version=version, date=time.strftime("%Y-%m-%d", expiry)
                )
            else:
                step.found = _("{version}, certificate verified").format(version=version)
    except ssl.SSLCertVerificationError as exc:
        raise Failed(
            _("the certificate of {host} is not trusted ({reason})").format(
                host=host, reason=exc.verify_message
            ),
            _(
                "if a proxy or firewall inspects TLS, point SSL_CERT_FILE at its CA certificate;"
                " otherwise the server's certificate is wrong (expired, self-signed, another"
                " name)"
            ),
        ) from None
    except ssl.SSLError as exc:
        raise Failed(
            _("TLS handshake with {host} failed ({reason})").format(
                host=host, reason=exc.reason or exc
            ),
            _("check that the URL's port speaks https, or use http:// for a plain server"),
        ) from None
    except TimeoutError:
        raise Failed(
            _("no TLS handshake from {host} within {seconds:g} s").format(host=host, seconds=left),
            _("check that the URL's port speaks https; or raise --timeout"),
        ) from None
    except OSError as exc:
        raise Failed(
            _("the connection to {host} closed during the TLS handshake ({reason})").format(
                host=host, reason=exc
            ),
            _("check that the URL's port speaks https"),
        ) from None
