"""A 1000-record bulk run with injected faults, over a real socket, as a pipeline sees it."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures_sandbox import OTPCLI, free_port

pytestmark = pytest.mark.e2e


def test_1000_records_with_faults_give_1000_lines_in_order_and_exit_10(otpcli, tmp_path: Path):
    port = free_port()
    server = subprocess.Popen(
        [OTPCLI, "sandbox", "serve", "--port", str(port), "--fail-rate", "0.2", "--seed", "3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_sandbox/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        phones = [f"+5076263{n:04d}" for n in range(1000, 2000)]  # no magic endings
        source = tmp_path / "phones.txt"
        source.write_text("# a thousand test phones\n" + "\n".join(phones) + "\n")
        env = {**otpcli.env, "OTPCLI_VERIFIK_URL": url, "VERIFIK_TOKEN": _token(url)}
        done = subprocess.run(
            [OTPCLI, "send", "--from", str(source), "--concurrency", "50", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(10)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 10, done.stderr
    assert [line["input"]["phone"] for line in lines] == phones
    assert [line["line"] for line in lines] == list(range(2, 1002))
    failed = [line for line in lines if not line["ok"]]
    assert 100 < len(failed) < 300  # about a fifth, from --fail-rate 0.2
    assert all(line["error"]["code"] for line in failed)
    assert f"{1000 - len(failed)} ok, {len(failed)} failed, 0 skipped" in done.stderr


def _token(url: str) -> str:
    """A token the sandbox issued: log in through its own endpoints."""

    def post(path: str, body: dict[str, object]) -> dict[str, object]:
        request = urllib.request.Request(
            f"{url}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        for _ in range(20):  # --fail-rate applies to these calls too
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    return json.load(answer)  # type: ignore[no-any-return]
            except (OSError, ValueError):
                continue
        raise AssertionError(f"{path} kept failing")

    post("/v2/projects/phone-login", {"countryCode": "+507", "phone": "62699999", "type": "login"})
    with urllib.request.urlopen(f"{url}/_sandbox/messages?phone=%2B50762699999") as answer:
        code = json.load(answer)["messages"][-1]["code"]
    data = post(
        "/v2/projects/phone-login/confirm",
        {"countryCode": "+507", "phone": "62699999", "otp": code},
    )["data"]
    return str(data["accessToken"])  # type: ignore[index]
