"""typer's and click's own words in otpcli's language (cli/typer_i18n.py): each test here
fails when typer changes what the workaround relies on."""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys
from typing import Any

import pytest
import typer
import typer.core
from typer._click import decorators, formatting

from otpcli import i18n
from otpcli.cli import typer_i18n
from otpcli.cli.groups import Launch
from otpcli.cli.options import GlobalOptions
from otpcli.cli.root import build


def gettext_words(module: Any) -> set[str]:
    """The literal messages a module passes to `_()` (its gettext)."""
    tree = ast.parse(inspect.getsource(module))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_typer_core_still_translates_with_gettext() -> None:
    """When this fails, typer.core no longer calls the standard gettext: bind() is moot."""
    source = inspect.getsource(typer.core)
    assert "from gettext import gettext as _" in source


def test_the_catalog_marks_every_word_typer_core_translates() -> None:
    assert gettext_words(typer.core) == set(typer_i18n.FRAMEWORK)


def test_the_vendored_click_writes_english_only() -> None:
    """What the other three ways are for: "Usage: " and the help option's text are fixed
    English in the vendored click (when it learns gettext, use its catalog instead)."""
    assert "gettext" not in inspect.getsource(formatting)
    assert 'prefix = "Usage: "' in inspect.getsource(formatting.HelpFormatter.write_usage)
    assert typer_i18n.HELP_OPTION in inspect.getsource(decorators.help_option)


def test_commands_and_groups_are_built_with_the_translating_classes() -> None:
    root = build()
    assert isinstance(root, typer_i18n.Group)
    auth = root.commands["auth"]
    assert isinstance(auth, typer_i18n.Group)
    assert isinstance(auth.commands["status"], typer_i18n.Command)
    assert isinstance(root.commands["send"], typer_i18n.Command)
    ctx = root.context_class(root, help_option_names=["-h", "--help"])
    assert root.get_help_option(ctx).help == "Show this message and exit."


def refusal(*args: str) -> Any:
    """The exception click's parser raises for `otpcli ARGS`."""
    root = build()
    launch = Launch(GlobalOptions())
    with (
        pytest.raises(typer.TyperException) as caught,
        root.make_context("otpcli", list(args), obj=launch) as ctx,
    ):
        root.invoke(ctx)
    return caught.value


REFUSED = [
    ("completion",),  # missing argument, with its choices
    ("show",),  # missing argument
    ("send", "--bogus"),  # no such option
    ("send", "--gatewy", "sms"),  # no such option, with a suggestion
    ("validate", "--otp"),  # an option without its value
    ("send", "--force=1"),  # a flag given a value
    ("send", "--gateway", "pigeon"),  # not a choice
    ("list", "--limit", "0"),  # out of range
    ("list", "--limit", "x"),  # not a number
    ("sned",),  # no such command, did you mean
    ("auth", "stats"),
]


@pytest.mark.parametrize("args", REFUSED, ids=" ".join)
def test_in_english_the_errors_read_as_click_words_them(args: tuple[str, ...]) -> None:
    exc = refusal(*args)
    with i18n.use("en"):
        assert typer_i18n.usage_message(exc) == exc.format_message()


@pytest.mark.parametrize(
    ("args", "spanish"),
    [
        (("completion",), "Falta el argumento 'SHELL'. Elija entre:"),
        (("show",), "Falta el argumento 'ID'."),
        (("send", "--bogus"), "No existe la opción: --bogus"),
        (("validate", "--otp"), "La opción '--otp' requiere un valor."),
        (("send", "--force=1"), "La opción '--force' no lleva valor."),
        (("list", "--limit", "0"), "Valor no válido para '--limit':"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_in_spanish_the_errors_are_worded_again(args: tuple[str, ...], spanish: str) -> None:
    exc = refusal(*args)
    with i18n.use("es"):
        assert typer_i18n.usage_message(exc).startswith(spanish)


def spanish_help(*args: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL")}
    done = subprocess.run(
        [sys.executable, "-m", "otpcli", *args],
        capture_output=True,
        text=True,
        env={**environ, "OTPCLI_LANG": "es", "LANG": "en_US.UTF-8"},
        timeout=60,
    )
    return done.stdout + done.stderr


def test_help_is_spanish_down_to_the_framework_s_words() -> None:
    """OTPCLI_LANG=es wins over an English LANG for typer.core's gettext calls too."""
    shown = spanish_help("send", "--help")
    for word in ("Uso: otpcli send", "Argumentos:", "Opciones:", "[predeterminado: login]"):
        assert word in shown
    assert "Mostrar esta ayuda y salir." in shown
    for english in ("Usage:", "Options", "Arguments", "default:", "Show this message"):
        assert english not in shown
    assert "Comandos:" in spanish_help("--help")


def test_a_missing_command_is_said_in_spanish() -> None:
    shown = spanish_help("sned")
    assert "No existe el comando 'sned'. ¿Quiso decir 'send'?" in shown
    assert "Ejecute 'otpcli --help' para ver la ayuda." in shown


def test_english_binds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import gettext

    monkeypatch.delenv("LANGUAGE", raising=False)
    before = gettext.textdomain()
    with i18n.use("en"):
        typer_i18n.bind()
    assert gettext.textdomain() == before
    assert "LANGUAGE" not in os.environ
