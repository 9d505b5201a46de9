"""Invalid input exits 2 with one line on stderr, and nothing is sent."""

from __future__ import annotations


def test_send_without_project_is_a_usage_error(cli, no_network, logged_in) -> None:
    result = cli("send", "+50762617737")
    assert result.exit_code == 2
    assert "--project and --project-flow" in result.stderr


def test_skip_nin_check_sends_a_placeholder_rut(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-123456")
    route = respx_mock.post(url__regex=r".*/verification/create").respond(
        200, json={"status": True, "message": "ok", "obj": {"id": "1"}}
    )
    result = cli("trust-send", "+56912345678", "--nin", "20123354-1", "--skip-nin-check")
    assert result.exit_code == 0, result.stderr
    assert b"20123354-1" in route.calls[0].request.content


def test_otp_dash_reads_the_code_from_stdin(cli, respx_mock, logged_in) -> None:
    route = respx_mock.put(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "validated", "_id": "1"}}
    )
    result = cli("validate", "+50762617737", "--otp", "-", stdin="654321\n")
    assert result.exit_code == 0, result.stderr
    assert b'"otp":654321' in route.calls[0].request.content
