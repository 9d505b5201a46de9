"""Bounded connection pools behind one dispatcher, for bulk runs.

httpcore's pool compares every waiting request with every connection whenever one frees up
(encode/httpcore#1035, open), so one `AsyncClient` with 50 connections spends more CPU on
that scan than on HTTP. Several clients of at most SHARD connections each keep every scan
short; each request goes to the one with the most free connections. The shards' limits
add up to the run's concurrency, so `--concurrency` caps the sockets really opened. Each
shard is a plain `httpx.AsyncClient`, so proxies, NO_PROXY and SSL_CERT_FILE are read from
the environment as httpx reads them. Merge the shards back into one client once the
upstream issue is fixed.
"""

from __future__ import annotations

import http.cookiejar
from typing import TYPE_CHECKING, Any

from otpcli.http.httpx_import import load_httpx
from otpcli.http.proxies import DIRECT

if TYPE_CHECKING:
    import httpx

SHARD = 10


def shard_sizes(connections: int) -> list[int]:
    """`connections` split into shards of at most SHARD, as even as possible."""
    count = -(-connections // SHARD)
    return [connections // count + (1 if i < connections % count else 0) for i in range(count)]


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
        self._room = shard_sizes(connections)
        self._clients = [
            httpx.AsyncClient(
                timeout=timeout,
                limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
                cookies=_QuietCookieJar(),
                mounts=DIRECT,
            )
            for size in self._room
        ]
        self._busy = [0] * len(self._room)
        # A run sends to one or two URLs; parsing the string each time costs 0.1 ms.
        self._urls: dict[str, Any] = {}  # str -> httpx.URL

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        shard = max(range(len(self._room)), key=lambda i: self._room[i] - self._busy[i])
        parsed = self._urls.get(url)
        if parsed is None:
            parsed = self._urls.setdefault(url, load_httpx().URL(url))
        self._busy[shard] += 1
        try:
            response: httpx.Response = await self._clients[shard].request(method, parsed, **kwargs)
            return response
        finally:
            self._busy[shard] -= 1

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()
