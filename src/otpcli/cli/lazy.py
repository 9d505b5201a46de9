"""The root group, which builds a command only when it is asked for.

`otpcli send ...` builds `send` alone, and `otpcli --help` builds nothing: the command list
comes from `cli.index`. typer's documented extension point is the group class (`cls=`);
click asks a group for its commands through `commands`, `get_command` and `list_commands`,
so a mapping that builds on first lookup serves every one of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

from otpcli.cli.index import COMMANDS
from otpcli.cli.typer_i18n import Group
from otpcli.i18n import _


class LazyCommands(MutableMapping[str, Any]):
    """The root's commands by name, each built (and made ready to parse) on first lookup."""

    def __init__(self, help_names: list[str]) -> None:
        self.help_names = help_names
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            try:
                self.built[name] = _load(name, self.help_names)
            except KeyError as exc:  # a bug in building it, not an unknown command
                raise RuntimeError(f"building command {name!r}: {exc!r}") from exc
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self.built})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMANDS), **self.built})


class Root(Group):
    """typer's group with lazy commands, listed from the index."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        names = self.context_settings.get("help_option_names", ["--help"])
        self.commands = LazyCommands(names)

    def visible_names(self) -> list[str]:
        return [name for name, entry in COMMANDS.items() if not entry.hidden]  # none built

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, _(e.summary)) for name, e in COMMANDS.items() if not e.hidden]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)


def _load(name: str, help_names: list[str]) -> Any:
    import typer.main

    from otpcli.cli import typer_compat
    from otpcli.cli.root import group

    entry = COMMANDS[name]
    module = importlib.import_module(f"otpcli.commands.{entry.module}")
    if entry.group:
        holder = module.register(group(name, _(entry.summary)))
    else:
        holder = typer.Typer(cls=Group, add_completion=False, rich_markup_mode=None)
        holder.wanted = name  # type: ignore[attr-defined]  # read by groups.register
        module.register(holder)
    command = typer.main.get_command(holder)
    command.short_help = _(entry.summary)
    typer_compat.install(command, help_names)
    return command
