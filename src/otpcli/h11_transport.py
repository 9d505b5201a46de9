"""A lean HTTP/1.1 transport for bulk runs: h11 on asyncio streams, behind one httpx client.

A bulk run is bound by the client's CPU, and most of it went to httpcore's pool machinery
(anyio locks and cancel scopes, per-request pool scans) rather than to HTTP itself. This
transport keeps only what a run needs: keep-alive connections per origin, TLS with
certificate checks, the four httpx timeouts, and httpx's own exception types, so the
retry policy and `network_error()` see exactly what they saw before. Proxies are not
handled here: `AsyncHttpClient` uses httpx's standard transport when one is configured.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any

import h11
import httpx

_READ_SIZE = 64 * 1024
Origin = tuple[str, str, int]


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(our_role=h11.CLIENT)

    def usable(self) -> bool:
        """Idle, not closed by the server in the meantime (a closed keep-alive connection
        would swallow the next request, which could then not be safely sent again), and with
        nothing unread: bytes that arrived while idle (an unsolicited "408", say) would be
        taken for the next request's answer. StreamReader has no public "buffered" query."""
        buffered = getattr(self.reader, "_buffer", b"")
        return (
            not self.reader.at_eof()
            and not self.writer.is_closing()
            and not buffered
            and self.reader.exception() is None
        )

    def close(self) -> None:
        self.writer.close()

    async def round_trip(self, request: httpx.Request, timeouts: dict[str, Any]) -> httpx.Response:
        body = await request.aread()
        try:
            head = h11.Request(
                method=request.method,
                target=request.url.raw_path,
                headers=[(name, value) for name, value in request.headers.raw],
            )
            data = self.h11.send(head) or b""
            if body:
                data += self.h11.send(h11.Data(data=body)) or b""
            data += self.h11.send(h11.EndOfMessage()) or b""
        except h11.LocalProtocolError as exc:  # e.g. a header value h11 refuses; nothing sent
            raise httpx.LocalProtocolError(str(exc), request=request) from exc
        try:
            self.writer.write(data)
            await asyncio.wait_for(self.writer.drain(), timeouts.get("write"))
        except TimeoutError as exc:
            raise httpx.WriteTimeout("timed out sending the request", request=request) from exc
        except OSError as exc:
            raise httpx.WriteError(str(exc) or type(exc).__name__, request=request) from exc
        status, headers, chunks = 0, [], []
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as exc:
                raise httpx.RemoteProtocolError(str(exc), request=request) from exc
            if event is h11.NEED_DATA:
                try:
                    received = await asyncio.wait_for(
                        self.reader.read(_READ_SIZE), timeouts.get("read")
                    )
                except TimeoutError as exc:
                    raise httpx.ReadTimeout(
                        "timed out reading the answer", request=request
                    ) from exc
                except OSError as exc:
                    raise httpx.ReadError(str(exc) or type(exc).__name__, request=request) from exc
                if not received and self.h11.their_state is h11.SEND_RESPONSE:
                    raise httpx.RemoteProtocolError(
                        "Server disconnected without sending a response.", request=request
                    )
                self.h11.receive_data(received)
            elif isinstance(event, h11.Response):
                status, headers = event.status_code, list(event.headers)
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                break
            # h11.InformationalResponse (1xx) needs nothing: the final answer follows.
        return httpx.Response(
            status,
            headers=headers,
            content=b"".join(chunks),
            request=request,
            extensions={"http_version": b"HTTP/1.1"},
        )

    def reusable_after(self) -> bool:
        leftover, _ = self.h11.trailing_data  # more bytes than the answer said it had
        if leftover:
            return False
        if self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE:
            self.h11.start_next_cycle()
            return True
        return False


class H11Transport(httpx.AsyncBaseTransport):
    """Connections are not capped here (httpx.Limits do not reach a custom transport): the
    bulk runner's throttle keeps at most --concurrency requests in flight."""

    def __init__(self, ssl_context: ssl.SSLContext) -> None:
        self._tls = ssl_context
        self._idle: dict[Origin, list[_Connection]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        # raw_host is the ASCII (IDNA) form httpx already checked: Python's idna codec, which
        # `url.host` text would go through, raises UnicodeError on some names.
        host = url.raw_host.decode("ascii")
        origin = (url.scheme, host, url.port or (443 if url.scheme == "https" else 80))
        timeouts: dict[str, Any] = request.extensions.get("timeout", {})
        connection = self._take_idle(origin) or await self._connect(origin, request, timeouts)
        try:
            response = await connection.round_trip(request, timeouts)
        except BaseException:
            connection.close()
            raise
        if connection.reusable_after():
            self._idle.setdefault(origin, []).append(connection)
        else:
            connection.close()
        return response

    def _take_idle(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if connection.usable():
                return connection
            connection.close()
        return None

    async def _connect(
        self, origin: Origin, request: httpx.Request, timeouts: dict[str, Any]
    ) -> _Connection:
        scheme, host, port = origin
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported scheme {scheme!r}", request=request)
        tls = self._tls if scheme == "https" else None
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(
                    host, port, ssl=tls, server_hostname=host if tls else None, limit=_READ_SIZE
                ),
                timeouts.get("connect"),
            )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout("timed out connecting", request=request) from exc
        except socket.gaierror as exc:  # the name does not resolve
            raise httpx.ConnectError(str(exc), request=request) from exc
        except UnicodeError as exc:  # not even a name that could resolve
            raise httpx.ConnectError(f"Name or service not known: {exc}", request=request) from exc
        except ssl.SSLError as exc:
            raise httpx.ConnectError(f"SSL: {exc}", request=request) from exc
        except OSError as exc:
            # Say "refused" when it was, so bulk lines carry the same `connection_refused`
            # code as single commands (asyncio words it "Connect call failed").
            refused = isinstance(exc, ConnectionRefusedError) or "Connect call failed" in str(exc)
            message = "Connection refused" if refused else f"cannot connect: {exc}"
            raise httpx.ConnectError(message, request=request) from exc
        return _Connection(reader, writer)  # asyncio already sets TCP_NODELAY

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
