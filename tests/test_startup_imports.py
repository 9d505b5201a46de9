"""--version and --help start fast: nothing heavy is imported, and help skips value coercion.

The time budget itself is measured by benchmarks/startup.py; these tests pin its causes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from otpcli import __main__ as entry
from otpcli import completion_gen

# Imported only by the commands that use them. pydantic: typer imports it to coerce option
# values, which --help never needs (see __main__._help_only).
HEAVY = ("httpx", "keyring", "phonenumbers", "stdnum", "starlette", "uvicorn", "rich.table")
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
    ],
)
def test_help_imports_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    assert heavy_in(loaded_modules(tmp_path, *args), HEAVY_FOR_HELP) == []


def every_help_request() -> list[list[str]]:
    """`--help` of every command in the tree, and a few spellings around it."""
    paths = [list(node.path[1:]) for node in completion_gen.build_tree().walk()]
    extra = [
        ["-h"],
        ["--json", "send", "-h"],
        ["send", "--json", "--help"],
        ["send", "+50762617737", "--gateway", "sms", "--help"],
        ["--profile", "send", "--help"],  # the profile is named "send": root help
        ["validate", "--otp", "--help"],  # --help is the value of --otp: no help
        ["send", "--bogus", "--help"],  # unknown option: the usage error wins, as in click
        ["--version", "--help"],
        ["auth", "nosuch", "--help"],
        ["send", "--", "--help"],
    ]
    return [[*path, "--help"] for path in paths] + extra


def run_normal_path(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> int:
    with monkeypatch.context() as patch:
        patch.setattr(entry, "_help_only", lambda root, args: False)
        return entry.main(list(args))


@pytest.mark.parametrize("args", every_help_request(), ids=" ".join)
def test_help_fast_path_prints_what_click_prints(
    cli: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    fast = cli(*args)
    code = run_normal_path(monkeypatch, args)
    out, err = capsys.readouterr()
    assert (fast.exit_code, fast.stdout, fast.stderr) == (code, out, err)


def test_benchmark_script_runs() -> None:
    """benchmarks/startup.py works (the budget itself is not asserted: CI machines vary)."""
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "startup.py"
    done = subprocess.run(
        [sys.executable, str(script), "--runs", "1", "--report-only"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for row in ("python -c pass", "otpcli --version", "otpcli --help", "otpcli send --help"):
        assert row in done.stdout
