"""Bulk runs' connections: one small httpx client per connection, behind one dispatcher.

httpcore's pool asks every connection it holds whether its socket is readable each time a
request is assigned or a connection freed (encode/httpcore#1035, open), so one
`AsyncClient` with 50 connections spent 8.6 ms of CPU per request on a 2-core VM, against
2.3 ms spread over 50 one-connection clients; shards of 10 cost 2.8x that, and let idle
connections outlive the server's keep-alive and fail as ReadErrors (a failed record, never
re-sent). Each request goes to a client with a free connection: the bulk runner keeps at
most --concurrency in flight, so there always is one, and --concurrency caps the sockets
really opened. Each client is a plain `httpx.AsyncClient` built without `transport=`, so
HTTP(S)_PROXY, ALL_PROXY, NO_PROXY and SSL_CERT_FILE are read as httpx reads them. Once
the upstream issue is fixed, use one `AsyncClient(limits=Limits(max_connections=N))`.
"""

from __future__ import annotations

import http.cookiejar
from typing import TYPE_CHECKING, Any

from otpcli.http.httpx_import import load_httpx
from otpcli.http.proxies import DIRECT

if TYPE_CHECKING:
    import httpx


class _QuietCookieJar(http.cookiejar.CookieJar):
    """The standard library's jar, skipping answers that set no cookie: httpx would copy
    every answer's headers into an email Message for it, a twentieth of a bulk run's CPU."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        answer = getattr(response, "response", None)  # httpx's adapter keeps the answer here
        headers = getattr(answer, "headers", None)
        if headers is not None and "set-cookie" not in headers:
            return
        super().extract_cookies(response, request)


class Pools:
    def __init__(self, connections: int, *, timeout: float) -> None:
        httpx = load_httpx()
        # One TLS context (loading the CA bundle costs milliseconds) and one cookie jar for
        # all the clients, built as httpx builds its own (SSL_CERT_FILE/DIR count).
        tls = httpx.create_ssl_context(trust_env=True)
        jar = _QuietCookieJar()
        one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self._clients = [
            httpx.AsyncClient(timeout=timeout, limits=one, verify=tls, cookies=jar, mounts=DIRECT)
            for _ in range(connections)
        ]
        self._busy = [0] * connections  # requests each client is handling
        self._idle = list(range(connections))  # clients handling none
        # A run sends to one or two URLs; parsing the string each time costs 0.1 ms.
        self._urls: dict[str, Any] = {}  # str -> httpx.URL

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        parsed = self._urls.get(url)
        if parsed is None:
            parsed = self._urls.setdefault(url, load_httpx().URL(url))
        # The most recently freed client first: its connection is the least likely to have
        # outlived the server's keep-alive. (More requests than connections queue on the
        # least busy client; the bulk runner never sends more.)
        if self._idle:
            index = self._idle.pop()
        else:
            index = min(range(len(self._busy)), key=self._busy.__getitem__)
        self._busy[index] += 1
        try:
            response: httpx.Response = await self._clients[index].request(method, parsed, **kwargs)
            return response
        finally:
            self._busy[index] -= 1
            if not self._busy[index]:
                self._idle.append(index)

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()
