"""completion SHELL: print the static TAB-completion script; rc files are never touched."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from otpcli.cli.groups import register as add

if TYPE_CHECKING:
    from otpcli.application import App

EPILOG = """\\b
Load it from your shell's startup file (one line):
  bash   ~/.bashrc                    eval "$(otpcli completion bash)"
  zsh    ~/.zshrc, after compinit     eval "$(otpcli completion zsh)"
  fish   ~/.config/fish/config.fish   otpcli completion fish | source
or save it once where the shell finds it, and start no otpcli when a shell starts:
  otpcli completion bash > ~/.local/share/bash-completion/completions/otpcli
  otpcli completion fish > ~/.config/fish/completions/otpcli.fish
"""


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    app: App,
    shell: Annotated[
        Shell, typer.Argument(help="bash, zsh or fish.", metavar="SHELL", show_default=False)
    ],
) -> None:
    """Print the TAB-completion script for SHELL: commands, options and choices, no Python."""
    from otpcli.completion.generate import render

    app.reporter.help(render(shell.value))


def complete_profiles(app: App) -> None:
    """Profile names, one a line: what the completion scripts offer after --profile."""
    from otpcli import config

    for name in config.profile_names():
        app.reporter.value(name)


def register(root: typer.Typer) -> None:
    add(root, completion, epilog=EPILOG)
    add(root, complete_profiles, "__complete-profiles", hidden=True)
