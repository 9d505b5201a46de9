"""`otpcli trust-verify ID --otp CODE`: the multipart request, each answer's exit code, the
code kept out of every output, and `--from` files of `id,otp` rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from tests.bulk.helpers import records, write
from tests.conftest import TRUST

VERIFY = f"{TRUST}/verification/api/v2/verification/verify"
TRUST_TOKEN = "trust-token-7391abcdef"
CODE = "7391"
VERIFIED = {"status": True, "message": "Código verificado correctamente"}


@pytest.fixture
def trust_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUST_TOKEN", TRUST_TOKEN)


def fields(request: httpx.Request) -> str:
    return request.content.decode()


def test_trust_verify_posts_multipart_id_and_totp_with_the_bearer_token(
    cli: Any, respx_mock: respx.MockRouter, trust_token: None
) -> None:
    route = respx_mock.post(VERIFY).respond(200, json=VERIFIED)
    result = cli("trust-verify", "4125f2d-7608-4c22", "--otp", CODE, "-q")
    assert (result.exit_code, result.stdout) == (0, "verified\n"), result.stderr
    request = route.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert request.headers["Authorization"] == f"Bearer {TRUST_TOKEN}"
    assert 'name="id"\r\n\r\n4125f2d-7608-4c22\r\n' in fields(request)
    assert f'name="totp"\r\n\r\n{CODE}\r\n' in fields(request)


def test_the_table_and_json_show_the_answer(cli, respx_mock, trust_token) -> None:
    respx_mock.post(VERIFY).respond(200, json=VERIFIED)
    table = cli("trust-verify", "t-1", "--otp", CODE)
    assert table.exit_code == 0
    assert "Trust code verified" in table.stdout
    assert "Código verificado correctamente" in table.stdout
    assert cli("trust-verify", "t-1", "--otp", CODE, "--json").json() == VERIFIED


def test_otp_dash_reads_the_code_from_stdin(cli, respx_mock, trust_token) -> None:
    route = respx_mock.post(VERIFY).respond(200, json=VERIFIED)
    result = cli("trust-verify", "t-1", "--otp", "-", stdin=f"{CODE}\n")
    assert result.exit_code == 0, result.stderr
    assert f'name="totp"\r\n\r\n{CODE}\r\n' in fields(route.calls[0].request)


def refused(status: int, message: str | None = None, ok: bool = False) -> httpx.Response:
    """Trust's error body, `{status, message}`."""
    body: dict[str, Any] = {"status": ok}
    if message is not None:
        body["message"] = message
    return httpx.Response(status, json=body)


WRONG, EXPIRED, NOT_FOUND = (
    "otp_does_not_match",
    "phoneValidation_has_expired",
    "phone_validation_not_found",
)
ANSWERS = {
    "verified": (httpx.Response(200, json=VERIFIED), 0, None),
    "2xx without a message": (httpx.Response(200, json={"status": True}), 0, None),
    "400 inválido": (refused(400, "Código inválido"), 4, WRONG),
    "403 incorrecto": (refused(403, "Código incorrecto"), 4, WRONG),
    "400 invalid": (refused(400, "Invalid code"), 4, WRONG),
    "400 expirado": (refused(400, "Código expirado"), 6, EXPIRED),
    "403 expired": (refused(403, "The code has expired"), 6, EXPIRED),
    "404": (refused(404, "Verificación no encontrada"), 5, NOT_FOUND),
    "404 without a message": (refused(404), 5, NOT_FOUND),
    # A 2xx that says no is a refusal too, read the same way.
    "200 status false inválido": (refused(200, "Código inválido"), 4, WRONG),
    "200 success false expired": (
        httpx.Response(200, json={"success": False, "message": "expired"}),
        6,
        EXPIRED,
    ),
    "200 valid false": (httpx.Response(200, json={"valid": False}), 7, "not_verified"),
    # A malformed request, a bad id or a used code is not a wrong code.
    "400 solicitud inválida": (
        refused(400, "Solicitud inválida: se esperaba form-data con id y totp"),
        7,
        "http_400",
    ),
    "400 id inválido": (refused(400, "ID inválido"), 7, "http_400"),
    "400 ya verificado": (refused(400, "El código ya fue verificado"), 7, "http_400"),
    "500": (refused(500, "Error interno", ok=True), 7, "http_500"),
    "404 html": (httpx.Response(404, text="<html><title>Not Found</title></html>"), 7, "http_404"),
    "200 truncated": (httpx.Response(200, content=b'{"status": tr'), 7, "invalid_response"),
    "429": (httpx.Response(429, json={"code": "TooManyRequests", "message": "slow"}), 9, None),
}


@pytest.mark.parametrize("name", list(ANSWERS))
def test_each_answer_gives_its_exit_code(cli, respx_mock, trust_token, name: str) -> None:
    answer, exit_code, code = ANSWERS[name]
    respx_mock.post(VERIFY).mock(return_value=answer)
    result = cli("trust-verify", "t-1", "--otp", CODE, "--json")
    assert result.exit_code == exit_code, result.stderr
    if code is not None:
        assert result.error["code"] == code
    is_json = answer.headers.get("content-type") == "application/json"
    said = answer.json().get("message") if is_json else None
    if exit_code and said:  # the provider's own words are shown
        assert said in result.error["message"]


def test_a_refusal_has_a_hint_for_trust(cli, respx_mock, trust_token) -> None:
    respx_mock.post(VERIFY).respond(400, json={"status": False, "message": "Código expirado"})
    result = cli("trust-verify", "t-1", "--otp", CODE)
    assert result.exit_code == 6
    assert "otpcli trust-send PHONE --nin RUT" in result.stderr


@pytest.mark.parametrize("mode", ["--debug", "--json", "-q", "--dry-run"])
def test_the_code_never_reaches_stdout_or_stderr(cli, respx_mock, trust_token, mode) -> None:
    # The provider quotes the code back, and echoes it in a field of its own.
    route = respx_mock.post(VERIFY).respond(
        400, json={"status": False, "message": f"Código {CODE} inválido", "totp": CODE}
    )
    result = cli("trust-verify", "t-1", "--otp", CODE, mode)
    assert result.exit_code == (0 if mode == "--dry-run" else 4), result.stderr
    assert CODE not in result.everything
    assert TRUST_TOKEN not in result.everything
    assert route.called is (mode != "--dry-run")


def test_dry_run_shows_the_request_with_the_code_from_the_shell(cli, no_network) -> None:
    result = cli("trust-verify", "t-1", "--otp", CODE, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"POST {VERIFY}" in result.stdout
    assert "id=t-1  totp=[redacted]" in result.stdout
    assert 'form = "totp=$OTP"' in result.stdout
    assert "$TRUST_TOKEN" in result.stdout
    assert CODE not in result.everything
    assert not no_network.calls


def test_a_code_typed_at_the_wrong_place_is_not_echoed(cli, no_network) -> None:
    result = cli("trust-verify", "t-1", "--otp", "73x91")
    assert result.exit_code == 2
    assert "73x91" not in result.everything


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("trust-verify", "--otp", CODE), "missing ID argument"),
        (("trust-verify", "t-1"), "missing --otp"),
        (("trust-verify", "t 1", "--otp", CODE), "invalid verification id"),
        (("trust-verify", "t-1", "--otp", "12"), "invalid OTP"),
        (("trust-verify", "t-1", "--otp", "123456789"), "invalid OTP"),
    ],
)
def test_bad_input_is_exit_2_and_sends_nothing(cli, no_network, args, says) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert says in result.stderr
    assert not no_network.calls


# ------------------------------------------------------------------ --from


def verified_if_right(request: httpx.Request) -> httpx.Response:
    if f'name="totp"\r\n\r\n{CODE}\r\n' in fields(request):
        return httpx.Response(200, json=VERIFIED)
    return httpx.Response(400, json={"status": False, "message": "Código inválido"})


def test_a_file_of_id_otp_rows_gives_a_line_each_with_the_code_redacted(
    cli, respx_mock, trust_token, tmp_path: Path
) -> None:
    route = respx_mock.post(VERIFY).mock(side_effect=verified_if_right)
    source = write(tmp_path, f"id,otp\nt-1,{CODE}\nt-2,8402\nt-3,\n")
    result = cli("trust-verify", "--from", source)
    assert result.exit_code == 10
    lines = records(result.stdout)
    assert [(r["input"], r["ok"]) for r in lines] == [
        ({"id": "t-1", "otp": "[redacted]"}, True),
        ({"id": "t-2", "otp": "[redacted]"}, False),
        ({"id": "t-3", "otp": ""}, False),
    ]
    assert lines[1]["error"]["code"] == "otp_does_not_match"
    assert lines[2]["error"]["code"] == "missing_column"  # no code, and no --otp
    assert route.call_count == 2
    assert CODE not in result.everything and "8402" not in result.everything


def test_one_id_per_line_takes_the_otp_flag(cli, respx_mock, trust_token, tmp_path) -> None:
    route = respx_mock.post(VERIFY).respond(200, json=VERIFIED)
    result = cli("trust-verify", "--from", write(tmp_path, "t-1\nt-2\n"), "--otp", CODE)
    assert result.exit_code == 0, result.stderr
    assert [r["input"] for r in records(result.stdout)] == [{"id": "t-1"}, {"id": "t-2"}]
    assert all(f'name="totp"\r\n\r\n{CODE}' in fields(c.request) for c in route.calls)


def test_a_first_line_too_long_is_an_error_line_and_never_sent_as_an_id(
    cli, respx_mock, trust_token, tmp_path
) -> None:
    route = respx_mock.post(VERIFY).respond(200, json=VERIFIED)
    source = write(tmp_path, "t" * 5000 + "\nt-2\n")
    result = cli("trust-verify", "--from", source, "--otp", CODE)
    assert result.exit_code == 10, result.stderr
    lines = records(result.stdout)
    assert [(r["line"], r["input"], r["ok"]) for r in lines] == [
        (1, {}, False),
        (2, {"id": "t-2"}, True),
    ]
    assert lines[0]["error"]["code"] == "line_too_long"
    assert route.call_count == 1
    assert 'name="id"\r\n\r\nt-2\r\n' in fields(route.calls[0].request)
    assert "\ufffd" not in result.everything


def test_a_header_without_an_id_column_is_one_usage_error(cli, no_network, trust_token, tmp_path):
    result = cli("trust-verify", "--from", write(tmp_path, f"phone,otp\n+56912345678,{CODE}\n"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "the header (line 1) names no id column; it names 'phone', 'otp'" in result.stderr
    assert not no_network.calls


def test_an_id_and_from_together_are_a_usage_error(cli, no_network, tmp_path) -> None:
    result = cli("trust-verify", "t-1", "--from", write(tmp_path, "t-2\n"), "--otp", CODE)
    assert result.exit_code == 2
    assert "ID and --from cannot be used together" in result.stderr
