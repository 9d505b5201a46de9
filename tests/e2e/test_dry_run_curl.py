"""The curl command --dry-run prints works with the real curl against the real sandbox,
reading the token and the code from the shell, with neither in curl's arguments."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from tests.e2e.servers import issued_token
from tests.fixtures_sandbox import OTPCLI, Sandbox

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed"),
]


def test_the_dry_run_curl_validates_a_real_code(otpcli: Any, sandbox: Sandbox) -> None:
    phone = "+50762648888"
    token = issued_token(sandbox.url)
    env = {**otpcli.env, "VERIFIK_TOKEN": token}
    sent = subprocess.run([OTPCLI, "send", phone, "-q"], env=env, capture_output=True, text=True)
    assert sent.returncode == 0, sent.stderr
    code = otpcli("sandbox", "inbox", phone, "--port", str(sandbox.port), "-q").stdout.strip()
    shown = otpcli("validate", phone, "--otp", "000000", "--dry-run").stdout
    block = shown.split("\n\n", 1)[1]
    done = subprocess.run(
        ["sh", "-c", block],
        env={**env, "OTP": code},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert json.loads(done.stdout)["data"]["status"] == "validated", done.stdout + done.stderr
    assert token not in block and code not in block
