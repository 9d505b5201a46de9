"""The real-keyring harness works: python-keyring talks to a real Secret Service.

Run with: dbus-run-session -- scripts/with-keyring pytest -m keyring_real tests/keyring_real
"""

from __future__ import annotations

import os
import subprocess
import sys

import keyring.backend
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.backends.SecretService import Keyring as SecretServiceKeyring
from keyring.errors import PasswordDeleteError

from otpcli.credentials.secret_service import SecretServiceBackend

pytestmark = pytest.mark.keyring_real

SERVICE = "otpcli"
SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"

_DETECT_BACKEND = """
import keyring
from keyring.backends.chainer import ChainerBackend

kr = keyring.get_keyring()
names = [type(kr).__module__ + "." + type(kr).__qualname__]
if isinstance(kr, ChainerBackend):
    names += [type(b).__module__ + "." + type(b).__qualname__ for b in kr.backends]
print(" ".join(names))
"""

# What otpcli calls in a child, where keyring detects its backend as on a user's machine.
_OTPCLI_BACKEND = (
    "from otpcli.credentials.keyring_store import active_backend; backend = active_backend()"
)


def _run_python(code: str, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _secret_tool_lookup(secret_tool: str, username: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [secret_tool, "lookup", "service", SERVICE, "username", username],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_subprocess_auto_detects_secret_service(real_keyring_env: dict[str, str]) -> None:
    """What a CLI subprocess gets from keyring.get_keyring() is the SecretService backend."""
    names = _run_python(_DETECT_BACKEND, real_keyring_env).split()
    # Either SecretService itself, or a chainer that tries SecretService first. Never the
    # fail/null backend, nor a chainer of nothing.
    effective = names[1:] if names[0].endswith(".ChainerBackend") else names
    assert effective, f"chainer with no backends: {names}"
    assert effective[0] == SECRET_SERVICE_BACKEND, names


def test_a_subprocess_uses_otpclis_backend_in_place_of_keyrings(
    real_keyring_env: dict[str, str],
) -> None:
    code = f"{_OTPCLI_BACKEND}; print(type(backend).__module__, type(backend).__name__)"
    used = _run_python(code, real_keyring_env).split()
    assert used == ["otpcli.credentials.secret_service", "SecretServiceBackend"]


def test_in_process_detection_prefers_secret_service() -> None:
    """Same detection, in this process, without touching keyring's global backend."""
    best = max(keyring.backend.get_all_keyring(), key=keyring.backend.by_priority)
    if isinstance(best, ChainerBackend):
        assert best.backends, "chainer with no backends"
        best = best.backends[0]
    assert isinstance(best, SecretServiceKeyring), best


def test_set_get_delete_round_trip(
    keyring_username: str, secret_service_keyring: KeyringBackend
) -> None:
    kr = secret_service_keyring
    assert kr.get_password(SERVICE, keyring_username) is None
    kr.set_password(SERVICE, keyring_username, "s3cret-ü")
    assert kr.get_password(SERVICE, keyring_username) == "s3cret-ü"
    kr.set_password(SERVICE, keyring_username, "replaced")
    assert kr.get_password(SERVICE, keyring_username) == "replaced"
    kr.delete_password(SERVICE, keyring_username)
    assert kr.get_password(SERVICE, keyring_username) is None
    with pytest.raises(PasswordDeleteError):
        kr.delete_password(SERVICE, keyring_username)


def test_secret_tool_sees_what_python_stored(
    keyring_username: str, secret_tool: str, secret_service_keyring: KeyringBackend
) -> None:
    """The entry really lives in the Secret Service, not in some python-side store."""
    kr = secret_service_keyring
    kr.set_password(SERVICE, keyring_username, "from-python")
    found = _secret_tool_lookup(secret_tool, keyring_username)
    assert found.returncode == 0, found.stderr
    assert found.stdout == "from-python"

    kr.delete_password(SERVICE, keyring_username)
    gone = _secret_tool_lookup(secret_tool, keyring_username)
    assert gone.returncode != 0
    assert gone.stdout == ""


def test_python_sees_what_secret_tool_stored(
    keyring_username: str,
    secret_tool: str,
    secret_service_keyring: KeyringBackend,
    otpcli_backend: SecretServiceBackend,
) -> None:
    subprocess.run(
        [
            secret_tool,
            "store",
            "--label=otpcli test",
            "service",
            SERVICE,
            "username",
            keyring_username,
        ],
        input="from-secret-tool",
        text=True,
        timeout=30,
        check=True,
    )
    assert secret_service_keyring.get_password(SERVICE, keyring_username) == "from-secret-tool"
    assert otpcli_backend.get_password(SERVICE, keyring_username) == "from-secret-tool"


def test_subprocess_shares_the_keyring(
    real_keyring_env: dict[str, str], keyring_username: str, secret_service_keyring: KeyringBackend
) -> None:
    """A subprocess run with real_keyring_env writes where this process (and the CLI) reads."""
    call = f"backend.set_password({SERVICE!r}, {keyring_username!r}, 'from-child')"
    _run_python(f"{_OTPCLI_BACKEND}; {call}", real_keyring_env)
    assert secret_service_keyring.get_password(SERVICE, keyring_username) == "from-child"

    code = f"{_OTPCLI_BACKEND}; backend.delete_password({SERVICE!r}, {keyring_username!r})"
    _run_python(code, real_keyring_env)
    assert secret_service_keyring.get_password(SERVICE, keyring_username) is None


def test_real_keyring_env_is_clean(real_keyring_env: dict[str, str]) -> None:
    assert real_keyring_env["DBUS_SESSION_BUS_ADDRESS"]
    assert real_keyring_env["OTPCLI_KEYRING_HARNESS"] == "1"
    assert "PYTHON_KEYRING_BACKEND" not in real_keyring_env
    assert not [k for k in real_keyring_env if k.startswith(("VERIFIK_", "TRUST_"))]
    assert real_keyring_env["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
