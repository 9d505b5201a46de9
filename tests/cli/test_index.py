"""cli/index.py lists every command the command modules register, and nothing else: a
command missing from it could not be run, one listed but not registered would fail."""

from __future__ import annotations

import importlib
from pathlib import Path

import typer

from otpcli import commands
from otpcli.cli.index import COMMANDS
from otpcli.cli.root import group
from otpcli.cli.typer_i18n import Group


def registered_names() -> set[str]:
    """The top-level commands the index's modules register (groups are named only by the
    index: their modules register subcommands)."""
    app = typer.Typer(cls=Group)
    for module in sorted({e.module for e in COMMANDS.values() if not e.group}):
        importlib.import_module(f"otpcli.commands.{module}").register(app)
    return {
        info.name or info.callback.__name__.lower().replace("_", "-")  # type: ignore[union-attr]
        for info in app.registered_commands
    }


def test_the_index_names_every_registered_command() -> None:
    assert {n for n, e in COMMANDS.items() if not e.group} == registered_names()


def test_every_group_in_the_index_has_subcommands() -> None:
    for name, entry in COMMANDS.items():
        if entry.group:
            module = importlib.import_module(f"otpcli.commands.{entry.module}")
            sub = module.register(group(name, entry.summary))
            assert sub.registered_commands, name


def test_every_command_module_is_in_the_index() -> None:
    """A module under commands/ with a register() is reached only through the index."""
    package = Path(commands.__file__).parent
    registering = {
        path.stem for path in package.glob("*.py") if "\ndef register(" in path.read_text()
    }
    assert registering == {entry.module for entry in COMMANDS.values()}
