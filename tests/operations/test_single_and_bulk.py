"""Each operation behaves the same for one record (a command) and for many (`--from`):
the same request on the wire, the same `--debug` trace, the same body or error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from tests.conftest import TOKEN, TRUST, VERIFIK

CODE = "482913"
TRUST_TOKEN = "trust-token-0123456789"
TRUST_SENT = {"status": True, "message": "El mensaje se envio", "obj": {"id": "t-1"}}
# The command (with the flags both runs take), the single run's own arguments, the same
# record as a --from file, the call it makes, and its success body.
OPERATIONS = {
    "send": (
        ["send"],
        ["+50762617737"],
        "phone\n+50762617737\n",
        ("POST", f"{VERIFIK}/v2/phone-validations"),
        {"data": {"_id": "v1", "status": "sent", "otp": "$2a$10$hash"}},
    ),
    "validate": (
        ["validate"],
        ["+50762617737", "--otp", CODE],
        f"phone,otp\n+50762617737,{CODE}\n",
        ("PUT", f"{VERIFIK}/v2/phone-validations"),
        {"data": {"_id": "v1", "status": "validated"}},
    ),
    "trust-send": (
        ["trust-send"],
        ["+56912345678", "--nin", "12.345.678-5"],
        "phone,nin\n+56912345678,12.345.678-5\n",
        ("POST", f"{TRUST}/verification/api/v2/verification/create"),
        TRUST_SENT,
    ),
    "trust-send --channel whatsapp": (
        ["trust-send", "--channel", "whatsapp"],
        ["+56912345678", "--nin", "12.345.678-5"],
        "phone,nin\n+56912345678,12.345.678-5\n",
        ("POST", f"{TRUST}/verification/api/v2/verification/whatsapp"),
        TRUST_SENT,
    ),
    "trust-verify": (
        ["trust-verify"],
        ["t-1", "--otp", CODE],
        f"id,otp\nt-1,{CODE}\n",
        ("POST", f"{TRUST}/verification/api/v2/verification/verify"),
        {"status": True, "message": "Código verificado correctamente"},
    ),
}
ANSWERS = {
    "ok": None,  # the operation's own success body
    "otp_does_not_match": httpx.Response(
        403, json={"code": "otp_does_not_match", "message": f"403:otp_does_not_match {CODE}"}
    ),
    "refused_token": httpx.Response(401, json={"code": "Unauthorized", "message": "nope"}),
    "html": httpx.Response(502, text="<html><title>Bad gateway</title></html>"),
    "truncated": httpx.Response(200, content=b'{"data": {"status": "se'),
}


def wire(request: httpx.Request) -> tuple[str, str, str, bytes]:
    """What went out, with multipart's random boundary made plain."""
    kind = request.headers.get("content-type", "")
    content = request.content
    if "boundary=" in kind:
        content = content.replace(kind.split("boundary=")[1].encode(), b"BOUNDARY")
    return request.method, str(request.url), request.headers["authorization"], content


def trace(stderr: str) -> list[str]:
    """The --debug lines: requests (>) and answers (<), timings left out. With --json each
    trace is a {"trace": text} object."""
    texts = []
    for line in stderr.splitlines():
        texts += json.loads(line).get("trace", "").splitlines() if line.startswith("{") else [line]
    lines = [line for line in texts if line[:2] in ("> ", "< ")]
    return [line.split("  (")[0] if line.startswith("< HTTP") else line for line in lines]


def ndjson(stdout: str) -> dict[str, Any]:
    (only,) = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return only


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_one_record_and_a_bulk_run_of_it_agree(
    cli: Any,
    respx_mock: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    project: None,
    tmp_path: Path,
    operation: str,
    answer: str,
) -> None:
    command, args, rows, (method, url), success = OPERATIONS[operation]
    monkeypatch.setenv("VERIFIK_TOKEN", TOKEN)
    monkeypatch.setenv("TRUST_TOKEN", TRUST_TOKEN)
    reply = ANSWERS[answer] or httpx.Response(200, json=success)
    route = respx_mock.route(method=method, url=url).mock(return_value=reply)
    source = tmp_path / "records.csv"
    source.write_text(rows, encoding="utf-8")

    single = cli(*command, *args, "--json", "--debug")
    bulk = cli(*command, "--from", str(source), "--debug")

    first, second = (wire(call.request) for call in route.calls)
    assert first == second
    assert trace(single.stderr) == trace(bulk.stderr)
    line = ndjson(bulk.stdout)
    if answer == "ok":
        assert (single.exit_code, bulk.exit_code) == (0, 0)
        assert line["response"] == json.loads(single.stdout)
    else:
        # A refused token stops a bulk run with the single command's exit code.
        assert bulk.exit_code == (3 if answer == "refused_token" else 10)
        expected = {k: v for k, v in single.error.items() if v is not None}
        assert {k: v for k, v in line["error"].items() if v is not None} == expected
    for output in (single.everything, bulk.everything):
        assert TOKEN not in output
        assert TRUST_TOKEN not in output
        if operation in ("validate", "trust-verify"):  # ours to hide only where we sent it
            assert CODE not in output
