"""The completion model follows the click command tree, and reads nothing else."""

from __future__ import annotations

import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from otpcli.completion import generate, tree
from otpcli.completion.tree import build_tree


class Colour(StrEnum):
    red = "red"
    blue = "blue"


def test_generation_follows_the_command_tree() -> None:
    """A new command, option or choice shows up with no edit to the generator."""
    app = typer.Typer(add_completion=False)

    @app.callback()
    def main(
        json_output: Annotated[bool, typer.Option("--json")] = False,
        profile: Annotated[str | None, typer.Option("--profile", "-p")] = None,
    ) -> None: ...

    paint = typer.Typer()
    app.add_typer(paint, name="paint")

    @paint.command()
    def wall(
        colour: Annotated[Colour, typer.Option("--colour", "-C")] = Colour.red,
        plan: Annotated[Path | None, typer.Option("--plan")] = None,
        source: Annotated[str | None, typer.Option("--from")] = None,
        shade: Annotated[Colour | None, typer.Argument()] = None,
    ) -> None: ...

    @paint.command(hidden=True)
    def secret() -> None: ...

    root = build_tree(typer.main.get_command(app))
    paint_node = root.children[0]
    assert paint_node.path == ("otpcli", "paint")
    assert [c.name for c in paint_node.children] == ["wall"]
    wall_node = paint_node.children[0]
    options = {o.names[0]: o for o in wall_node.options}
    assert options["--colour"].choices == ("red", "blue")
    assert options["--colour"].names == ("--colour", "-C")
    assert options["--plan"].kind == tree.FILES
    assert options["--from"].kind == tree.FILES
    assert options["--profile"].kind == tree.PROFILES  # inherited global option
    assert options["--json"].nargs == 0
    assert wall_node.positionals[0].choices == ("red", "blue")
    for shell in generate.SHELLS:
        text = generate.render(shell, root)
        assert "wall" in text and "--colour" in text and "secret" not in text


def _global_names(node: tree.Node) -> set[str]:
    return {n for o in node.options if o.is_global for n in o.names}


def test_global_options_are_the_root_options_but_help_and_version() -> None:
    root = build_tree()
    assert _global_names(root) == {n for o in root.options for n in o.names} - {
        "--help",
        "-h",
        "--version",
    }
    for node in root.walk():
        assert _global_names(node) == _global_names(root), node.key


def test_subcommands_that_declare_the_global_options_list_them_once() -> None:
    """The redesigned CLI declares the root's options on every subcommand too."""

    def shared(
        json_output: Annotated[bool, typer.Option("--json", help="JSON out.")] = False,
        profile: Annotated[str | None, typer.Option("--profile", "-p", help="Profile.")] = None,
    ) -> None: ...

    app = typer.Typer(add_completion=False)
    app.callback()(shared)
    group = typer.Typer()
    group.callback()(shared)
    app.add_typer(group, name="auth")

    @group.command()
    def token(
        json_output: Annotated[bool, typer.Option("--json", help="JSON out.")] = False,
        profile: Annotated[str | None, typer.Option("--profile", "-p", help="Profile.")] = None,
        provider: Annotated[str, typer.Option("--provider")] = "verifik",
    ) -> None: ...

    root = build_tree(typer.main.get_command(app))
    token_node = root.children[0].children[0]
    for node in root.walk():
        names = [n for o in node.options for n in o.names]
        assert len(names) == len(set(names)), node.key
        assert _global_names(node) == {"--json", "--profile", "-p"}, node.key
    assert {o.names[0] for o in token_node.options} == {
        "--json",
        "--profile",
        "--provider",
        "--help",
    }
    fish = generate.render("fish", root)
    assert fish.count("-l json") == 1 and fish.count("-l profile") == 1
    assert "'otpcli auth token --profile'|'otpcli auth token -p'" in generate.render("bash", root)


def test_descriptions_come_from_the_help_strings_in_any_language() -> None:
    """`OTPCLI_LANG=es otpcli completion SHELL` will describe in Spanish: help is read when
    the tree is built, and a long help is cut at its first sentence in any alphabet."""
    app = typer.Typer(add_completion=False)

    @app.callback()
    def main() -> None: ...

    @app.command(help="Envía un código al teléfono.")
    def enviar(
        canal: Annotated[
            str,
            typer.Option(
                "--canal",
                help="Canal de entrega del código de un solo uso al cliente final; "
                "Él lo recibe por SMS o WhatsApp.",
            ),
        ] = "sms",
    ) -> None: ...

    root = build_tree(typer.main.get_command(app))
    (option,) = [o for o in root.children[0].options if o.names == ("--canal",)]
    assert option.help == "Canal de entrega del código de un solo uso al cliente final"
    assert "'enviar:Envía un código al teléfono.'" in generate.render("zsh", root)


def test_the_generator_does_not_import_the_entry_point() -> None:
    """__main__ -> app -> commands.completion -> the generator must not close a circle."""
    code = (
        "import sys\n"
        "from otpcli.completion import generate\n"
        "generate.render('bash')\n"
        "assert 'otpcli.__main__' not in sys.modules, 'otpcli.__main__ imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
