"""completions/ is what the command tree generates, from templates shipped in the package."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from otpcli.completion import generate
from otpcli.completion.tree import build_tree

ROOT = Path(__file__).resolve().parents[2]
COMPLETIONS = ROOT / "completions"
TEMPLATE_NAMES = sorted(f"{name}.tmpl" for name in generate.FILE_NAMES.values())


def test_completions_directory_is_up_to_date() -> None:
    stale = generate.stale_files(COMPLETIONS)
    assert not stale, (
        f"completions/{stale} differ from the command tree: run scripts/gen-completions"
    )


def test_check_command_reports_a_stale_file(tmp_path: Path) -> None:
    check = [sys.executable, "-m", "otpcli.completion", "--check"]
    assert subprocess.run([*check, str(COMPLETIONS)], capture_output=True).returncode == 0
    (tmp_path / "otpcli.bash").write_text("# old\n")
    done = subprocess.run([*check, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "otpcli.bash is stale" in done.stderr and "_otpcli is stale" in done.stderr


@pytest.mark.parametrize("shell", generate.SHELLS)
def test_completion_command_prints_the_shipped_script(cli: Any, shell: str) -> None:
    result = cli("completion", shell)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (COMPLETIONS / generate.FILE_NAMES[shell]).read_text()


def test_completion_rejects_an_unknown_shell(cli: Any) -> None:
    assert cli("completion", "tcsh").exit_code == 2
    with pytest.raises(ValueError, match="unknown shell 'tcsh'"):
        generate.render("tcsh")


def test_profiles_helper_lists_configured_profiles(cli: Any) -> None:
    assert cli("config", "set", "project", "p1", "--profile", "staging").exit_code == 0
    assert cli("__complete-profiles").stdout.split() == ["default", "sandbox", "staging"]
    # through typer too (a global option in front of it leaves the fast path)
    assert cli("--json", "__complete-profiles").stdout.split() == ["default", "sandbox", "staging"]


def test_profiles_helper_is_silent_on_a_broken_config(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text("[profiles\n")
    result = cli("__complete-profiles")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "")


def test_hidden_helper_is_not_offered() -> None:
    assert generate.PROFILES_COMMAND not in [c.name for c in build_tree().children]
    subs = (COMPLETIONS / "otpcli.bash").read_text().split("_otpcli_subs=(")[1].split(")")[0]
    assert generate.PROFILES_COMMAND not in subs


@pytest.mark.parametrize("name", sorted(generate.FILE_NAMES.values()))
def test_scripts_run_no_python_and_call_otpcli_only_for_profiles(name: str) -> None:
    text = (COMPLETIONS / name).read_text()
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "python" not in code.lower()
    calls = re.findall(r"\botpcli\s+__\S+", code)
    assert calls == [f"otpcli {generate.PROFILES_COMMAND}"]
    assert "command otpcli __complete-profiles" in code


# ----------------------------------------------------------------------- the templates ---


def test_templates_are_package_data_that_importlib_resources_finds() -> None:
    folder = resources.files("otpcli.completion") / generate.TEMPLATES
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmpl")) == TEMPLATE_NAMES
    for shell in generate.SHELLS:
        # every placeholder of a template is filled, and every part rendered has its place
        wanted = set(generate.template(shell).get_identifiers())
        parts = generate._PARTS[shell](build_tree())
        assert wanted == {*parts, "profiles_command"}, shell
        assert "@@" not in generate.render(shell)


def test_pyproject_ships_every_template() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["otpcli.completion"]
    for name in TEMPLATE_NAMES:
        assert any(fnmatch.fnmatch(f"templates/{name}", p) for p in patterns), name


def test_a_built_wheel_holds_the_templates(tmp_path: Path) -> None:
    """The real thing: pip builds a wheel from a clean copy of the sources (no build/ or
    egg-info left over) with setuptools from the package index."""
    source = tmp_path / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "src", source / "src", ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    offline = ("No matching distribution", "Could not find a version", "NewConnectionError")
    if build.returncode and any(sign in build.stdout + build.stderr for sign in offline):
        pytest.skip("no package index to fetch setuptools from: wheel not built")
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("otpcli-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in TEMPLATE_NAMES:
        assert f"otpcli/completion/templates/{name}" in names


def spanish(*args: str) -> subprocess.CompletedProcess[str]:
    import os

    environment = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANGUAGE")}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**environment, "OTPCLI_LANG": "es"},
        timeout=60,
    )


def test_completion_prints_the_script_in_the_user_s_language() -> None:
    """`OTPCLI_LANG=es otpcli completion zsh`: the descriptions come from translated help."""
    script = spanish("-m", "otpcli", "completion", "zsh").stdout
    assert "'send:Enviar un código de verificación por SMS o WhatsApp.'" in script
    assert "'--json:Mostrar la respuesta del proveedor en JSON (secretos ocultos)'" in script
    assert "Send a one-time code" not in script
    fish = spanish("-m", "otpcli", "completion", "fish").stdout
    assert "-d 'Mostrar esta ayuda y salir'" in fish


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_a_spanish_script_is_valid_shell(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / generate.FILE_NAMES[shell]
    path.write_text(spanish("-m", "otpcli", "completion", shell).stdout, encoding="utf-8")
    done = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_committed_scripts_stay_english_whatever_the_maintainer_speaks() -> None:
    done = spanish("-m", "otpcli.completion", "--check", str(COMPLETIONS))
    assert done.returncode == 0, done.stderr
