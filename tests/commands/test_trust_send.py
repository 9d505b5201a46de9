"""`otpcli trust-send PHONE --nin RUT`: the documented multipart request, and --skip-nin-check.

How RUTs are read is in tests/inputs/test_parse.py.
"""

from __future__ import annotations

import respx

from tests.conftest import TRUST


def test_trust_send_posts_multipart_with_whole_phone_and_rut(
    cli, respx_mock: respx.MockRouter, monkeypatch
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(f"{TRUST}/verification/api/v2/verification/create").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "abc-1"}}
    )
    result = cli("trust-send", "+56 9 1234 5678", "--nin", "12.345.678-5", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "abc-1"
    request = route.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert request.headers["Authorization"] == "Bearer trust-token-123456"
    content = request.content.decode()
    assert 'name="phone"\r\n\r\n+56912345678\r\n' in content
    assert 'name="nin"\r\n\r\n12345678-5\r\n' in content


def test_skip_nin_check_sends_a_placeholder_rut(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(url__regex=r".*/verification/create").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "1"}}
    )
    result = cli("trust-send", "+56912345678", "--nin", "20123354-1", "--skip-nin-check")
    assert result.exit_code == 0, result.stderr
    assert b"20123354-1" in route.calls[0].request.content
