"""A real sandbox on 127.0.0.1, driven by the installed `otpcli` as a subprocess."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

OTPCLI = shutil.which("otpcli", path=str(Path(sys.executable).parent)) or "otpcli"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[Any], seconds: float = 15) -> None:
    """Wait for a sandbox started as `process` to answer; kill it and raise if it never does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{url}/_sandbox/health", timeout=1)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the sandbox did not start") from None
            time.sleep(0.05)


@dataclass
class Sandbox:
    url: str
    port: int
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    port = free_port()
    process = subprocess.Popen(
        [OTPCLI, "sandbox", "serve", "--port", str(port), "--slow-seconds", "3", "--seed", "7"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, process)
    yield Sandbox(url, port, process)
    process.terminate()
    process.wait(10)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def otpcli(sandbox: Sandbox, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the installed CLI against the sandbox with a private config and file store."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OTPCLI_", "VERIFIK_", "TRUST_", "PYTHON_KEYRING"))
    }
    env.update(
        OTPCLI_PROFILE="sandbox",
        OTPCLI_VERIFIK_URL=sandbox.url,
        OTPCLI_TRUST_URL=sandbox.url,
        OTPCLI_ATENEA_URL=sandbox.url,
        OTPCLI_CONFIG_DIR=str(tmp_path / "config"),
        OTPCLI_DATA_DIR=str(tmp_path / "data"),
        OTPCLI_CREDENTIAL_STORE="file",
        NO_COLOR="1",
    )

    def run(*args: str, stdin: str = "", timeout: float = 30) -> Run:
        done = subprocess.run(
            [OTPCLI, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    run.env = env  # type: ignore[attr-defined]
    return run
