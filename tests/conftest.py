"""Every test runs with its own config and data directories and an in-memory keyring."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest
import respx
from keyring.backend import KeyringBackend

from otpcli.__main__ import main

pytest_plugins = ["tests.fixtures_sandbox"]

# Tests speak English, the default, whatever the machine's locale: otpcli chooses its language
# once per process, and test modules import the command tree (and its help) when collected.
# Tests of Spanish set OTPCLI_LANG themselves (subprocesses), or use `i18n.use("es")`.
for _variable in ("OTPCLI_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJleHBpcmVzQXQiOjQxMDI0NDQ4MDB9.c2VjcmV0LXNpZ25hdHVyZS14eXo"
VERIFIK = "https://verifik.test"
TRUST = "https://trust.test"
ATENEA = "https://atenea.test"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.entries:
            raise PasswordDeleteError("not found")
        del self.entries[(service, username)]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    for name in (
        "VERIFIK_TOKEN",
        "TRUST_TOKEN",
        "OTPCLI_PROFILE",
        "OTPCLI_PROJECT",
        "OTPCLI_PROJECT_FLOW",
        "OTPCLI_COUNTRY_CODE",
        "OTPCLI_GATEWAY",
        "OTPCLI_CREDENTIAL_STORE",
        "OTPCLI_LANG",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OTPCLI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OTPCLI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", VERIFIK)
    monkeypatch.setenv("OTPCLI_TRUST_URL", TRUST)
    monkeypatch.setenv("OTPCLI_ATENEA_URL", ATENEA)
    store = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def error(self) -> dict[str, Any]:
        objects = [json.loads(line) for line in self.stderr.splitlines() if line.startswith("{")]
        return [o for o in objects if "error" in o][-1]["error"]  # type: ignore[no-any-return]

    @property
    def everything(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run otpcli in-process through its real entry point; stdin is not a terminal."""

    def run(*args: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def write_config(tmp_path: Path, text: str) -> Path:
    """The test's config.toml, written as given (comments, unknown keys, broken lines)."""
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def logged_in(isolated: MemoryKeyring) -> MemoryKeyring:
    isolated.set_password("otpcli", "default:verifik", TOKEN)
    return isolated


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTPCLI_PROJECT", "proj-1")
    monkeypatch.setenv("OTPCLI_PROJECT_FLOW", "flow-1")


@pytest.fixture
def no_network(respx_mock: respx.MockRouter) -> respx.MockRouter:
    """Every request is answered 500, and recorded: a test asserts none was made."""
    respx_mock.route().respond(500)
    return respx_mock
