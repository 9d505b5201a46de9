"""The client bulk runs use (bounded pools of httpx's own transport), against real servers
on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime
import functools
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from otpcli.errors import NetworkError
from otpcli.http.bulk_client import AsyncHttpClient
from otpcli.http.messages import ApiRequest

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def run(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """An async test run on a fresh asyncio loop (pytest keeps the fixture arguments)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


@asynccontextmanager
async def serving(
    handler: Handler, tls: ssl.SSLContext | None = None
) -> AsyncIterator[tuple[str, list[int]]]:
    """A server on a free port; yields its URL and one entry per connection accepted."""
    connections: list[int] = []

    async def counted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        try:
            await handler(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(counted, "127.0.0.1", 0, ssl=tls)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}", connections


async def answer_all(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Keep-alive: answers each request with its own request line and body."""
    while True:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        body = await reader.readexactly(length)
        content = head.split(b"\r\n")[0] + b" " + body
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            + b"Content-Length: %d\r\n\r\n" % len(content)
            + content
        )
        await writer.drain()


def request(url: str, method: str = "GET") -> ApiRequest:
    return ApiRequest("verifik", method, url, json={"n": 1} if method == "POST" else None)


@run
async def test_requests_reuse_the_connection() -> None:
    async with serving(answer_all) as (url, connections):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            for _ in range(3):
                response = await client.send(request(f"{url}/x", "POST"))
                assert response.status == 200
                assert response.body == b'POST /x HTTP/1.1 {"n":1}'
        finally:
            await client.aclose()
        assert len(connections) == 1


@run
async def test_a_large_answer_arrives_whole() -> None:
    big = b"y" * 1_000_000

    async def large(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(big) + big)
        await writer.drain()

    async with serving(large) as (url, _):
        client = AsyncHttpClient(timeout=5, max_connections=2)
        try:
            assert (await client.send(request(url))).body == big
        finally:
            await client.aclose()


@run
async def test_a_server_that_does_not_answer_times_out() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(5)

    async with serving(silent) as (url, _):
        client = AsyncHttpClient(timeout=0.2, max_connections=2)
        try:
            with pytest.raises(NetworkError) as caught:
                await client.send(request(url))
        finally:
            await client.aclose()
    # Not retried: the request may have reached the server.
    assert caught.value.code == "timeout"


@run
async def test_a_closed_keep_alive_connection_is_replaced() -> None:
    async def once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()  # then closes: the client sees it before its next request

    async with serving(once) as (url, connections):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            for _ in range(2):
                assert (await client.send(request(url))).body == b"ok"
                await asyncio.sleep(0.05)
        finally:
            await client.aclose()
        assert len(connections) == 2


@run
async def test_a_refused_connection_is_the_same_network_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", no_sleep)
    client = AsyncHttpClient(timeout=5, max_connections=2)
    try:
        with pytest.raises(NetworkError) as caught:
            await client.send(request(f"http://127.0.0.1:{port}/"))
    finally:
        await client.aclose()
    # The same code single commands give; nothing was sent, so it was tried three times.
    assert caught.value.code == "connection_refused"
    assert sleeps == [0.2, 0.6]


@run
async def test_an_unknown_host_is_a_dns_error() -> None:
    client = AsyncHttpClient(timeout=5, max_connections=2)
    try:
        with pytest.raises(NetworkError) as caught:
            await client.send(request("http://otpcli-no-such-host.invalid/"))
    finally:
        await client.aclose()
    assert caught.value.code == "dns_error"


@run
async def test_cookies_set_by_the_server_are_sent_back() -> None:
    seen: list[bytes] = []

    async def cookie(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for _ in range(2):
            seen.append(await reader.readuntil(b"\r\n\r\n"))
            writer.write(
                b"HTTP/1.1 200 OK\r\nSet-Cookie: lb=node-2; Path=/\r\nContent-Length: 0\r\n\r\n"
            )
            await writer.drain()

    async with serving(cookie) as (url, _):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            await client.send(request(url))
            await client.send(request(url))
        finally:
            await client.aclose()
    assert b"cookie: lb=node-2" not in seen[0].lower()
    assert b"cookie: lb=node-2" in seen[1].lower()


@run
async def test_proxies_from_the_environment_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    async with serving(answer_all) as (proxy, _):
        monkeypatch.setenv("HTTP_PROXY", proxy)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        client = AsyncHttpClient(timeout=5, max_connections=4)
        try:
            response = await client.send(request("http://verifik.invalid/v2/x"))
        finally:
            await client.aclose()
    # The proxy got the absolute URL: the request went through it, not to the host.
    assert response.body.startswith(b"GET http://verifik.invalid/v2/x HTTP/1.1")


@run
async def test_no_proxy_sends_loopback_past_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    async with serving(answer_all) as (proxy, through_proxy), serving(answer_all) as (url, direct):
        monkeypatch.setenv("HTTP_PROXY", proxy)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        client = AsyncHttpClient(timeout=5, max_connections=4)
        try:
            response = await client.send(request(f"{url}/v2/x"))
        finally:
            await client.aclose()
    assert response.body.startswith(b"GET /v2/x HTTP/1.1")
    assert (len(through_proxy), len(direct)) == (0, 1)


@pytest.mark.parametrize("concurrency", [3, 8, 25])
@run
async def test_concurrency_caps_the_sockets_really_opened(concurrency: int) -> None:
    open_now: list[int] = []
    peak = [0]

    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        open_now.append(1)
        peak[0] = max(peak[0], len(open_now))
        try:
            while True:
                try:
                    await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                await asyncio.sleep(0.02)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        finally:
            open_now.pop()

    async with serving(slow) as (url, connections):
        client = AsyncHttpClient(timeout=5, max_connections=concurrency)
        try:
            # Four times as many at once as allowed: the pools queue the rest.
            answers = await asyncio.gather(
                *(client.send(request(url)) for _ in range(4 * concurrency))
            )
        finally:
            await client.aclose()
    assert {a.status for a in answers} == {200}
    assert peak[0] <= concurrency
    assert len(connections) <= concurrency


def self_signed(tmp_path: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context with a certificate for 127.0.0.1, and the certificate's file."""
    pytest.importorskip("cryptography")  # there with keyring's SecretStorage on Linux
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "otpcli test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file = tmp_path / "cert.pem"
    key_file = tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file


@run
async def test_tls_refuses_an_unknown_certificate(tmp_path: Path) -> None:
    server_tls, _ = self_signed(tmp_path)
    async with serving(answer_all, server_tls) as (url, _):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            with pytest.raises(NetworkError) as caught:
                await client.send(request(url))
        finally:
            await client.aclose()
    assert caught.value.code == "tls_error"
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)


@run
async def test_tls_with_a_trusted_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server_tls, cert_file = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # what httpx trusts, as for proxies
    async with serving(answer_all, server_tls) as (url, connections):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            for _ in range(2):
                response = await client.send(request(f"{url}/tls", "POST"))
                assert response.body == b'POST /tls HTTP/1.1 {"n":1}'
        finally:
            await client.aclose()
    assert len(connections) == 1


@run
async def test_a_chunked_gzip_answer_arrives_decoded() -> None:
    import gzip

    packed = gzip.compress(b'{"data": {"status": "sent"}}')

    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        half = len(packed) // 2
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
            + b"%x\r\n" % half
            + packed[:half]
            + b"\r\n%x\r\n" % (len(packed) - half)
            + packed[half:]
            + b"\r\n0\r\n\r\n"
        )
        await writer.drain()

    async with serving(chunked) as (url, _):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            assert (await client.send(request(url))).body == b'{"data": {"status": "sent"}}'
        finally:
            await client.aclose()


@run
async def test_a_server_that_closes_after_answering_gets_a_new_connection() -> None:
    async def once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()

    async with serving(once) as (url, connections):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            for _ in range(2):
                assert (await client.send(request(url))).body == b"ok"
        finally:
            await client.aclose()
        assert len(connections) == 2


@run
async def test_bytes_sent_while_idle_are_never_taken_for_the_next_answer() -> None:
    async def then_408(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        await asyncio.sleep(1)

    async with serving(then_408) as (url, connections):
        client = AsyncHttpClient(timeout=5, max_connections=1)
        try:
            assert (await client.send(request(url))).status == 200
            await asyncio.sleep(0.2)  # the unsolicited 408 arrives on the idle connection
            assert (await client.send(request(url))).status == 200
        finally:
            await client.aclose()
        assert len(connections) == 2


@run
async def test_a_host_name_that_cannot_exist_is_a_dns_error() -> None:
    client = AsyncHttpClient(timeout=5, max_connections=1)
    try:
        with pytest.raises(NetworkError) as caught:
            await client.send(request(f"http://{'x' * 64}.invalid/"))
    finally:
        await client.aclose()
    assert caught.value.code == "dns_error"
