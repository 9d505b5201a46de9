"""An httpcore network backend on plain asyncio, for bulk runs.

httpcore's default backend under asyncio goes through anyio: every read and write opens a
cancel scope for its timeout, and every request looks up the running library. That is a
good part of a bulk run's CPU. This backend does the same job with an asyncio protocol and
`loop.call_later` timers. It raises the same httpcore exceptions with the same texts as
the anyio backend, so httpx and `network_error()` see no difference.

Writes are buffered until the task next waits (or reads): httpcore writes a request's
head and body separately, and on loopback each `send()` wakes the server, so one send per
request halves that cost.

Imported only by `otpcli.http` when a bulk run opens its client.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

# Bytes a connection may hold unread before it stops reading from the socket.
READ_LIMIT = 256 * 1024
# Bytes of buffered writes above which a write goes out at once and waits for room.
WRITE_LIMIT = 64 * 1024
# anyio's delay between connection attempts to a host's addresses (RFC 8305).
HAPPY_EYEBALLS_DELAY = 0.25


class _Protocol(asyncio.Protocol):
    """Bytes received and the connection's state; one reader and one writer at a time, as
    httpcore uses a connection."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.lost: Exception | None = None
        self.closed = False
        self._paused_reading = False
        self._reader: asyncio.Future[None] | None = None
        self._drainer: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > READ_LIMIT and self.transport is not None:
            self.transport.pause_reading()
            self._paused_reading = True
        self._wake_reader()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake_reader()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.lost = exc
        self._wake_reader()
        if self._drainer is not None and not self._drainer.done():
            self._drainer.set_result(None)

    def pause_writing(self) -> None:
        self._drainer = self._loop.create_future()

    def resume_writing(self) -> None:
        if self._drainer is not None and not self._drainer.done():
            self._drainer.set_result(None)
        self._drainer = None

    def _wake_reader(self) -> None:
        if self._reader is not None and not self._reader.done():
            self._reader.set_result(None)

    def take(self, max_bytes: int) -> bytes:
        data = bytes(self.buffer[:max_bytes])
        del self.buffer[:max_bytes]
        if self._paused_reading and len(self.buffer) <= READ_LIMIT // 2:
            self._paused_reading = False
            if self.transport is not None and not self.closed:
                self.transport.resume_reading()
        return data

    async def wait_readable(self, timeout: float | None) -> None:
        """Until data, EOF or loss; httpcore.ReadTimeout after `timeout` seconds."""
        waiter = self._reader = self._loop.create_future()
        timer = None if timeout is None else self._loop.call_later(timeout, _expire, waiter)
        try:
            await waiter
        finally:
            self._reader = None
            if timer is not None:
                timer.cancel()

    async def wait_writable(self, timeout: float | None) -> None:
        drainer = self._drainer
        if drainer is None or drainer.done():
            return
        try:
            async with asyncio.timeout(timeout):
                await asyncio.shield(drainer)  # a timeout must not cancel other waiters
        except TimeoutError:
            raise httpcore.WriteTimeout("timed out") from None


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(httpcore.ReadTimeout("timed out"))


class AsyncioStream(httpcore.AsyncNetworkStream):
    def __init__(self, protocol: _Protocol) -> None:
        self._protocol = protocol
        self._pending: list[bytes] = []
        self._flush_soon: asyncio.Handle | None = None

    @property
    def _transport(self) -> asyncio.Transport:
        transport = self._protocol.transport
        assert transport is not None, "set by connection_made before the stream exists"
        return transport

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._flush()
        protocol = self._protocol
        if not protocol.buffer and not protocol.eof and not protocol.closed:
            await protocol.wait_readable(timeout)
        if protocol.buffer:
            return protocol.take(max_bytes)
        if protocol.lost is not None:
            raise httpcore.ReadError(str(protocol.lost)) from protocol.lost
        return b""  # end of stream: httpcore reports it as the server disconnecting

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._protocol.closed or self._transport.is_closing():
            raise httpcore.WriteError(str(self._protocol.lost or "connection closed"))
        self._pending.append(buffer)
        if sum(map(len, self._pending)) >= WRITE_LIMIT:
            self._flush()
            await self._protocol.wait_writable(timeout)
        elif self._flush_soon is None:
            # Sent when this task next waits, together with whatever else it writes first.
            self._flush_soon = asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        if self._flush_soon is not None:
            self._flush_soon.cancel()
            self._flush_soon = None
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self._protocol.closed:
                self._transport.write(data)

    async def aclose(self) -> None:
        self._flush()
        if self._protocol.transport is not None:
            self._protocol.transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self._flush()
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                tls = await loop.start_tls(
                    self._transport, self._protocol, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError as exc:
            await self.aclose()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except (OSError, ConnectionError, ssl.SSLError) as exc:
            await self.aclose()
            raise httpcore.ConnectError(str(exc)) from exc
        if tls is None:  # the connection was lost during the handshake
            await self.aclose()
            raise httpcore.ConnectError("connection lost during the TLS handshake")
        assert isinstance(tls, asyncio.Transport)
        self._protocol.transport = tls
        return AsyncioStream(self._protocol)

    def get_extra_info(self, info: str) -> Any:
        protocol = self._protocol
        if info == "is_readable":
            # Something arrived while idle: the server closed, or sent what it should not.
            return bool(protocol.buffer) or protocol.eof or protocol.closed
        transport = protocol.transport
        if transport is None:
            return None
        if info == "ssl_object":
            return transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        if info == "socket":
            return transport.get_extra_info("socket")
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                _, protocol = await loop.create_connection(
                    lambda: _Protocol(loop),
                    host,
                    port,
                    local_addr=(local_address, 0) if local_address else None,
                    happy_eyeballs_delay=HAPPY_EYEBALLS_DELAY,
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except socket.gaierror as exc:  # the name did not resolve
            raise httpcore.ConnectError(str(exc)) from exc
        except OSError as exc:
            # Say "refused" when it was, so bulk lines carry the same `connection_refused`
            # code as single commands (asyncio words it "Connect call failed").
            refused = isinstance(exc, ConnectionRefusedError) or "Connect call failed" in str(exc)
            raise httpcore.ConnectError(
                "Connection refused" if refused else f"All connection attempts failed: {exc}"
            ) from exc
        return _with_options(protocol, socket_options)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                _, protocol = await loop.create_unix_connection(lambda: _Protocol(loop), path)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        return _with_options(protocol, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _with_options(
    protocol: _Protocol, socket_options: Iterable[httpcore.SOCKET_OPTION] | None
) -> AsyncioStream:
    # asyncio already sets TCP_NODELAY on TCP sockets.
    if socket_options and protocol.transport is not None:
        sock = protocol.transport.get_extra_info("socket")
        for option in socket_options:
            sock.setsockopt(*option)
    return AsyncioStream(protocol)
