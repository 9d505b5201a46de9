"""The network and clock checks against servers on 127.0.0.1, each failing on purpose:
a refused connection, a certificate nobody trusts, a server that never answers, a dead
proxy, and a sandbox whose Date header is an hour off."""

from __future__ import annotations

import http.server
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from tests.doctor.helpers import failed, rows
from tests.e2e.servers import running_sandbox
from tests.fixtures_sandbox import free_port

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def point_at(monkeypatch: pytest.MonkeyPatch, verifik: str, trust: str, atenea: str) -> None:
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", verifik)
    monkeypatch.setenv("OTPCLI_TRUST_URL", trust)
    monkeypatch.setenv("OTPCLI_ATENEA_URL", atenea)


class Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[str]:
    """An https server on 127.0.0.1 whose certificate only the test's own CA signed."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_certificate_nobody_trusts_fails_the_tls_step(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tls_server: str
) -> None:
    point_at(monkeypatch, tls_server, tls_server, tls_server)
    result = cli("doctor", "--json")
    assert result.exit_code == 8
    check = rows(result)["network verifik, trust, atenea"]
    assert check["status"] == "fail"
    assert "tls FAILED" in check["detail"] and "is not trusted" in check["detail"]
    assert "dns" in check["detail"] and "tcp" in check["detail"]
    assert "SSL_CERT_FILE" in check["remedy"]
    assert rows(result)["clock"]["status"] == "skipped"


def test_the_same_server_passes_once_its_ca_is_trusted(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tls_server: str, ca: trustme.CA, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    point_at(monkeypatch, tls_server, tls_server, tls_server)
    result = cli("doctor", "--json")
    check = rows(result)["network verifik, trust, atenea"]
    assert check["status"] == "ok", check
    assert "certificate verified" in check["detail"] and "GET / " in check["detail"]
    assert "(HTTP 404)" in check["detail"]


def test_a_refused_connection_names_the_tcp_step(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    point_at(monkeypatch, url, url, url)
    result = cli("doctor", "--json")
    assert result.exit_code == 8
    assert failed(result) == ["network verifik, trust, atenea"]
    check = rows(result)["network verifik, trust, atenea"]
    assert "tcp FAILED" in check["detail"] and "connection refused" in check["detail"]
    assert "otpcli sandbox serve" in check["remedy"]


@pytest.fixture
def silent_ports() -> Iterator[list[int]]:
    """Three ports that take a connection (the kernel's backlog) and never answer."""
    sockets = []
    for _ in range(3):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sockets.append(sock)
    yield [int(sock.getsockname()[1]) for sock in sockets]
    for sock in sockets:
        sock.close()


def test_each_url_runs_within_the_timeout_and_all_at_once(
    cli: Any, monkeypatch: pytest.MonkeyPatch, silent_ports: list[int]
) -> None:
    point_at(monkeypatch, *(f"http://127.0.0.1:{port}" for port in silent_ports))
    began = time.monotonic()
    result = cli("doctor", "--json", "--timeout", "1")
    took = time.monotonic() - began
    assert took < 2.5, took  # one after the other they would take 3 s or more
    assert result.exit_code == 8
    for provider in ("verifik", "trust", "atenea"):
        check = rows(result)[f"network {provider}"]
        assert "GET / FAILED" in check["detail"] and "did not answer in time" in check["detail"]
        assert "raise --timeout" in check["remedy"]
        assert check["ms"] < 2000


def test_the_proxy_in_use_is_named_and_its_failure_told(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("HTTPS_PROXY", f"http://qa:hunter2-secret@127.0.0.1:{port}")
    url = "https://api.verifik.example"
    point_at(monkeypatch, url, url, url)
    result = cli("doctor", "--json")
    assert result.exit_code == 8
    check = rows(result)["network verifik, trust, atenea"]
    assert f"through the proxy http://127.0.0.1:{port}" in check["detail"]
    assert f"the proxy http://127.0.0.1:{port}: connection refused" in check["detail"]
    assert "HTTPS_PROXY" in check["remedy"]
    assert "hunter2-secret" not in result.everything


@pytest.mark.e2e
def test_the_sandbox_passes_and_a_skewed_date_is_worth_a_look(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTPCLI_PROFILE", "sandbox")
    with running_sandbox() as url:
        point_at(monkeypatch, url, url, url)
        result = cli("doctor", "--json")
        assert result.exit_code == 0, result.stdout
        assert rows(result)["clock"]["status"] == "ok"
        network = rows(result)["network verifik, trust, atenea"]
        assert network["status"] == "ok" and "(no proxy)" in network["detail"]
    with running_sandbox("--clock-skew", "-3600") as url:
        point_at(monkeypatch, url, url, url)
        result = cli("doctor", "--json")
        assert result.exit_code == 0
        clock = rows(result)["clock"]
        assert clock["status"] == "warn"
        assert re.search(r"clock is 3[56]\d\d s ahead of the Date of 127\.0\.0\.1", clock["detail"])
        assert "token expiry" in clock["remedy"]


def test_a_resolver_that_never_answers_is_cut_at_the_timeout(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def hangs(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "api.verifik.example":
            time.sleep(5)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hangs)
    refused = f"http://127.0.0.1:{free_port()}"
    point_at(monkeypatch, "https://api.verifik.example", refused, refused)
    began = time.monotonic()
    result = cli("doctor", "--json", "--timeout", "0.5")
    assert time.monotonic() - began < 2.5
    check = rows(result)["network verifik"]
    assert check["status"] == "fail" and result.exit_code == 8
    assert check["detail"].endswith("dns FAILED: no answer within 0.5 s")
    assert "DNS" in check["remedy"]
    assert "connection refused" in rows(result)["network trust, atenea"]["detail"]
