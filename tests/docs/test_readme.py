"""The README tells a new user the truth: every command, every magic number."""

from __future__ import annotations

from pathlib import Path

import typer.main

from otpcli.cli.root import typer_app
from otpcli.sandbox.magic import render_table

app = typer_app()

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[str]:
    root = typer.main.get_command(app)
    paths = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if getattr(command, "hidden", False):
            continue
        subcommands = getattr(command, "commands", None)
        if subcommands:
            paths += [f"otpcli {name} {sub}" for sub in subcommands]
        else:
            paths.append(f"otpcli {name}")
    return paths


def test_readme_shows_the_sandbox_magic_numbers_as_the_sandbox_answers_them() -> None:
    assert render_table().strip() in README


def test_readme_names_every_command() -> None:
    import re

    # The words of every `otpcli ...` code span.
    spans = re.findall(r"`(otpcli [^`]+)`", README)
    words = {w for span in spans for w in re.split(r"[\s|\\/]+", span)}
    missing = [path for path in _command_paths() if not set(path.split()[1:]) <= words]
    assert missing == []


def test_readme_says_a_restarted_sandbox_forgets_its_tokens() -> None:
    assert "restarting it forgets the tokens it issued" in README
    assert "(`Invalid or expired token.`, exit 3;" in README
    assert "log in again with `otpcli login PHONE`" in README


def test_readme_says_inbox_q_prints_the_newest_code_for_the_newest_trust_id() -> None:
    assert "`otpcli sandbox inbox PHONE -q` prints the newest code delivered to PHONE" in README
    assert "after two trust-sends to one" in README and "verify the newest id" in README
