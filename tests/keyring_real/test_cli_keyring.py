"""The installed CLI with the real Secret Service (gnome-keyring on a private D-Bus)."""

from __future__ import annotations

import json
import stat
import subprocess
import time
from pathlib import Path

import pytest

from tests.fixtures_sandbox import OTPCLI, Sandbox

pytestmark = pytest.mark.keyring_real
PHONE = "+50762618888"


@pytest.fixture
def run(real_keyring_env: dict[str, str], sandbox: Sandbox, tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {
        **real_keyring_env,
        "OTPCLI_PROFILE": "sandbox",
        "OTPCLI_VERIFIK_URL": sandbox.url,
        "OTPCLI_TRUST_URL": sandbox.url,
        "OTPCLI_ATENEA_URL": sandbox.url,
        "OTPCLI_CONFIG_DIR": str(tmp_path / "config"),
        "OTPCLI_DATA_DIR": str(tmp_path / "data"),
    }

    def call(*args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [OTPCLI, *args],
            env={**env, **(extra or {})},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    yield call
    call("auth", "logout")  # each test starts with no sandbox entry in the shared keyring


def _inbox_code(run, sandbox: Sandbox) -> str:  # type: ignore[no-untyped-def]
    return str(run("sandbox", "inbox", PHONE, "--port", str(sandbox.port), "-q").stdout.strip())


def _lookup(secret_tool: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [secret_tool, "lookup", "service", "otpcli", "username", "sandbox:verifik"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def test_confirm_then_send_through_the_secret_service(
    run, sandbox, secret_tool, real_keyring_env, tmp_path
) -> None:
    assert run("login", PHONE).returncode == 0
    confirm = run("confirm", PHONE, "--otp", _inbox_code(run, sandbox), "--json")
    assert confirm.returncode == 0, confirm.stderr
    assert '"storedIn": "keyring"' in confirm.stdout
    token = _lookup(secret_tool, real_keyring_env)
    assert token.count(".") == 2  # the sandbox's JWT, in the Secret Service
    send = run("send", PHONE, "--force")
    assert send.returncode == 0, send.stderr
    for result in (confirm, send):
        assert token not in result.stdout + result.stderr
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token not in path.read_text(errors="replace"), path


def test_logout_removes_the_secret_service_entry(
    run, sandbox, secret_tool, real_keyring_env
) -> None:
    run("login", PHONE, "--no-input")
    run("confirm", PHONE, "--otp", _inbox_code(run, sandbox))
    assert _lookup(secret_tool, real_keyring_env)
    assert run("auth", "logout").returncode == 0
    assert _lookup(secret_tool, real_keyring_env) == ""
    assert run("auth", "status").returncode == 3


def test_a_backend_that_sleeps_is_cut_off_by_the_timeout(run) -> None:
    repo = str(Path(__file__).resolve().parents[2])
    started = time.monotonic()
    result = run(
        "send",
        PHONE,
        extra={
            "PYTHON_KEYRING_BACKEND": "tests.keyring_real.sleepy.SleepingKeyring",
            "PYTHONPATH": repo,
            "OTPCLI_KEYRING_TIMEOUT": "1",
        },
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 3
    assert "did not answer within 1 s" in result.stderr
    assert elapsed < 4


def test_the_file_store_is_0600_and_the_keyring_untouched(
    run, sandbox, secret_tool, real_keyring_env, tmp_path
) -> None:
    run("login", PHONE, "--no-input")
    result = run("confirm", PHONE, "--otp", _inbox_code(run, sandbox), "--insecure-storage")
    assert result.returncode == 0, result.stderr
    store = tmp_path / "data" / "credentials.json"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert _lookup(secret_tool, real_keyring_env) == ""


def test_the_cli_talks_to_the_secret_service_on_one_connection_opened_with_read_alias(
    run, sandbox, secret_service_calls
) -> None:
    """The CLI calls otpcli's backend, not keyring's: one connection per process, and no
    property read before gnome-keyring registered it (that read would abort the daemon).

    keyring's own backend would show one connection per call (a check, a write and a
    read-back here), each starting with ``Get``.
    """
    run("login", PHONE, "--no-input")
    code = _inbox_code(run, sandbox)
    for args in (("confirm", PHONE, "--otp", code), ("send", PHONE, "--force")):
        with secret_service_calls() as calls:
            result = run(*args)
        assert result.returncode == 0, result.stderr
        assert len({sender for sender, _ in calls}) == 1, calls
        assert calls[0][1] == "ReadAlias", calls
    assert len(calls) >= 4  # send's read: the wait, the collection, a search, the secret


def test_doctor_round_trips_a_throwaway_entry_and_leaves_the_real_ones(
    run, sandbox, secret_tool, real_keyring_env
) -> None:
    run("login", PHONE, "--no-input")
    assert run("confirm", PHONE, "--otp", _inbox_code(run, sandbox)).returncode == 0
    token = _lookup(secret_tool, real_keyring_env)
    result = run("doctor", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {check["name"]: check for check in json.loads(result.stdout)["checks"]}
    assert checks["keyring"]["status"] == "ok", checks["keyring"]
    assert "SecretService (otpcli's own backend): usable" in checks["keyring"]["detail"]
    assert checks["credentials verifik"]["detail"].startswith("from the OS keyring; expires")
    assert _lookup(secret_tool, real_keyring_env) == token
    assert token not in result.stdout + result.stderr
    leftovers = subprocess.run(
        [secret_tool, "search", "--all", "service", "otpcli"],
        env=real_keyring_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "doctor-probe" not in leftovers.stdout + leftovers.stderr
