"""completion SHELL: print the static TAB-completion script; rc files are never touched."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

EPILOG = """\b
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
    shell: Annotated[
        Shell, typer.Argument(help="bash, zsh or fish.", metavar="SHELL", show_default=False)
    ],
) -> None:
    """Print the TAB-completion script for SHELL: commands, options and choices, no Python."""
    import sys

    from otpcli.completion.generate import render

    sys.stdout.write(render(shell.value))


def complete_profiles() -> None:
    """Profile names, one a line: what the completion scripts offer after --profile."""
    from otpcli.completion.profiles import print_profiles

    code = print_profiles()  # `otpcli __complete-profiles` alone never gets here: see __main__
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("completion", epilog=EPILOG)(completion)
    app.command("__complete-profiles", hidden=True)(complete_profiles)
