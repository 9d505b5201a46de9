"""completion SHELL: print the static TAB-completion script; rc files are never touched."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from otpcli.cli.groups import register as add
from otpcli.i18n import N_, _

if TYPE_CHECKING:
    from otpcli.application import App

NO_REWRAP = "\b\n"  # click's marker: the paragraph after it keeps its line breaks
# Shown as written (NO_REWRAP), so the lines of the translation line up too.
EPILOG = N_(
    "Load it from your shell's startup file (one line):\n"
    '  bash   ~/.bashrc                    eval "$(otpcli completion bash)"\n'
    '  zsh    ~/.zshrc, after compinit     eval "$(otpcli completion zsh)"\n'
    "  fish   ~/.config/fish/config.fish   otpcli completion fish | source\n"
    "or save it once where the shell finds it, and start no otpcli when a shell starts:\n"
    "  otpcli completion bash > ~/.local/share/bash-completion/completions/otpcli\n"
    "  otpcli completion fish > ~/.config/fish/completions/otpcli.fish\n"
)


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    app: App,
    shell: Annotated[
        Shell, typer.Argument(help=_("bash, zsh or fish."), metavar="SHELL", show_default=False)
    ],
) -> None:
    from otpcli.completion.generate import render

    app.reporter.help(render(shell.value))


def complete_profiles(app: App) -> None:
    from otpcli import config

    for name in config.profile_names():
        app.reporter.value(name)


def register(root: typer.Typer) -> None:
    add(
        root,
        completion,
        epilog=NO_REWRAP + _(EPILOG),
        help=_(
            "Print the TAB-completion script for SHELL: commands, options and choices, no Python."
        ),
    )
    add(
        root,
        complete_profiles,
        "__complete-profiles",
        hidden=True,
        help=_("Profile names, one a line: what the completion scripts offer after --profile."),
    )
