"""The Verifik lifecycle against the real sandbox, as a support agent goes through it: send
without a project, look the validation up, validate it, see it validated, renew the token."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fixtures_sandbox import Sandbox

pytestmark = pytest.mark.e2e


def test_manual_send_list_validate_show_and_renew(otpcli: Any, sandbox: Sandbox) -> None:
    phone = "+50762618181"

    def newest_code() -> str:
        done = otpcli("sandbox", "inbox", phone, "--port", str(sandbox.port), "-q")
        return str(done.stdout.strip())

    assert otpcli("login", phone, "--no-input").exit_code == 0
    assert otpcli("confirm", phone, "--otp", newest_code()).exit_code == 0

    sent = otpcli("send", phone, "--manual", "--title", "Soporte", "-q")
    assert sent.exit_code == 0, sent.stderr
    record_id = sent.stdout.strip()

    listed = otpcli("list", phone, "--json")
    assert listed.exit_code == 0, listed.stderr
    mine = [r for r in json.loads(listed.stdout)["data"] if r["_id"] == record_id]
    assert [r["status"] for r in mine] == ["sent"]
    assert otpcli("list", phone, "-q").stdout.split()[0] == record_id  # newest first

    validated = otpcli("validate", phone, "--otp", newest_code(), "-q")
    assert (validated.exit_code, validated.stdout) == (0, "validated\n")
    shown = otpcli("show", record_id, "-q")
    assert (shown.exit_code, shown.stdout) == (0, "validated\n")

    before = json.loads(otpcli("auth", "status", "--json").stdout)
    renewed = otpcli("auth", "renew", "--months", "2", "--json")
    assert renewed.exit_code == 0, renewed.stderr
    after = json.loads(otpcli("auth", "status", "--json").stdout)
    assert after["providers"][0]["expiresAt"] > before["providers"][0]["expiresAt"]
    assert otpcli("list", phone, "-q").exit_code == 0  # the renewed token works
