"""--version, --help and commands start fast: nothing is imported that they do not use.

The time budget itself is measured by benchmarks/startup.py; these tests pin its causes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Imported only by the commands that use them. pydantic: typer imports it to coerce option
# values, which otpcli does without it (see cli/typer_compat.py).
HEAVY = ("httpx", "keyring", "phonenumbers", "stdnum", "starlette", "uvicorn", "rich")
HEAVY_FOR_HELP = (*HEAVY, "pydantic")

PROBE = """
import json, sys
from otpcli.__main__ import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def loaded_modules(tmp_path: Path, *args: str) -> set[str]:
    report = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        check=True,
        capture_output=True,
        timeout=60,
    )
    data = json.loads(report.read_text())
    assert data["code"] == 0
    return set(data["modules"])


def heavy_in(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_version_imports_nothing_but_the_package(tmp_path: Path) -> None:
    modules = loaded_modules(tmp_path, "--version")
    assert heavy_in(modules, (*HEAVY_FOR_HELP, "typer", "click", "rich")) == []
    assert not {m for m in modules if m.startswith("otpcli.")} - {"otpcli.__main__"}


def test_profile_names_for_tab_skip_typer(tmp_path: Path) -> None:
    modules = loaded_modules(tmp_path, "__complete-profiles")
    assert heavy_in(modules, (*HEAVY_FOR_HELP, "typer", "click", "rich")) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["send", "--help"],
        ["validate", "--json", "-h"],
        ["trust-send", "--help"],
        ["auth", "token", "--help"],
        ["config", "set", "--help"],
        ["sandbox", "serve", "--help"],
        ["doctor", "--help"],
    ],
)
def test_help_imports_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    assert heavy_in(loaded_modules(tmp_path, *args), HEAVY_FOR_HELP) == []


@pytest.mark.parametrize("args", [["--help"], ["send", "--help"]])
def test_spanish_help_imports_nothing_heavy_and_reads_no_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """The catalog comes with the standard library's gettext; the config file (the profile's
    language) is read only when no language variable is set."""
    monkeypatch.setenv("OTPCLI_LANG", "es")
    modules = loaded_modules(tmp_path, *args)
    assert heavy_in(modules, (*HEAVY_FOR_HELP, "babel")) == []
    assert "tomllib" not in modules and "platformdirs" not in modules
    monkeypatch.delenv("OTPCLI_LANG")
    monkeypatch.delenv("LANG")
    assert "tomllib" in loaded_modules(tmp_path, *args)


def commands_loaded(modules: set[str]) -> set[str]:
    return {m.rsplit(".", 1)[1] for m in modules if m.startswith("otpcli.commands.")}


def test_root_help_builds_no_command(tmp_path: Path) -> None:
    """The list of commands comes from cli/index.py: no command module is imported."""
    assert commands_loaded(loaded_modules(tmp_path, "--help")) == set()


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["send", "--help"], "verifik"),
        (["trust-send", "--help"], "trust"),
        (["auth", "token", "--help"], "auth"),
        (["sandbox", "serve", "--help"], "sandbox"),
    ],
)
def test_a_command_imports_only_its_own_module(
    tmp_path: Path, args: list[str], module: str
) -> None:
    from otpcli.cli.index import COMMANDS

    registering = {entry.module for entry in COMMANDS.values()}  # not their shared helpers
    assert commands_loaded(loaded_modules(tmp_path, *args)) & registering == {module}


def test_a_command_with_a_token_in_the_environment_imports_no_framework_extras(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`send` pays for httpx and phonenumbers, not for pydantic (typer's coercion),
    pygments (httpx's own CLI), keyring (the token is in the environment), the sandbox,
    or rich (stdout is not a terminal: the table is plain text)."""
    monkeypatch.setenv("VERIFIK_TOKEN", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln")
    monkeypatch.setenv("OTPCLI_PROFILE", "sandbox")
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", "http://127.0.0.1:9")  # nothing listens
    report = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(report), "send", "+50762617737"],
        capture_output=True,
        timeout=60,
    )
    modules = set(json.loads(report.read_text())["modules"])
    assert "httpx" in modules  # the probe did reach the send
    assert heavy_in(modules, ("pydantic", "pygments", "keyring", "starlette", "rich")) == []


def test_benchmark_script_runs() -> None:
    """benchmarks/startup.py works (the budget itself is not asserted: CI machines vary)."""
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "startup.py"
    done = subprocess.run(
        [sys.executable, str(script), "--runs", "1", "--report-only"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for row in ("python -c pass", "otpcli --version", "otpcli --help", "otpcli send --help"):
        assert row in done.stdout
    for row in ("OTPCLI_LANG=es otpcli --help", "OTPCLI_LANG=es otpcli send --help"):
        assert row in done.stdout  # the catalog's cost, next to English
