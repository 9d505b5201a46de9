"""The one workaround of typer (cli/typer_compat.py): option values coerced without pydantic,
exactly as typer's own coercion would."""

from __future__ import annotations

import math
import subprocess
import sys
from enum import Enum
from typing import Any

import pytest
import typer
from typer._coercion import build_runtime_param

from otpcli.cli.root import build
from otpcli.cli.typer_compat import DirectParam

TINY_APP = """
import sys, typer, typer.main
app = typer.Typer()
@app.command()
def main(name: str = typer.Option("x")) -> None:
    pass
typer.main.get_command(app).main(["--name", "y"], standalone_mode=False)
print("pydantic" in sys.modules)
"""


def test_typer_still_imports_pydantic_to_coerce_a_plain_str_option() -> None:
    """When this fails, typer coerces plain options without pydantic: delete typer_compat."""
    done = subprocess.run([sys.executable, "-c", TINY_APP], capture_output=True, text=True)
    assert done.stdout.strip() == "True", done.stderr


def samples(annotation: Any) -> list[Any]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [m.value for m in annotation] + ["pigeon", ""]
    if annotation is int:
        return ["8", "1", "0", "-3", "1000", "1001", "65535", "x", "1.5", ""]
    if annotation is float:
        return ["15", "0.1", "0.05", "600", "601", "nan", "inf", "x", "1e3", "-1"]
    if annotation is bool:
        return [True, False]
    return ["abc", "+507 6261-7737", "", "ñandú", "--x"]


def parameters() -> list[tuple[str, Any, Any]]:
    root = build()
    found = []
    stack = [(root, "otpcli")]
    while stack:
        command, path = stack.pop()
        for param in command.params:
            if isinstance(getattr(param, "_runtime_param", None), DirectParam):
                found.append((f"{path} {param.name}", command, param))
        stack.extend(
            (sub, f"{path} {name}") for name, sub in getattr(command, "commands", {}).items()
        )
    return found


def coerce(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except typer.BadParameter:
        return "refused", None
    if isinstance(result, float) and math.isnan(result):
        return "ok", "nan"
    return "ok", result


@pytest.mark.parametrize(
    ("where", "command", "param"), parameters(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_direct_coercion_gives_what_typer_gives(where: str, command: Any, param: Any) -> None:
    ctx = command.context_class(command)
    typers_own = build_runtime_param(param.type_descriptor)
    for value in samples(param.type_descriptor.annotation):
        ours = coerce(param._runtime_param, value, param, ctx)
        theirs = coerce(typers_own, value, param, ctx)
        assert ours == theirs, (where, value)


def test_every_option_of_the_tree_gets_the_direct_coercer() -> None:
    root = build()
    stack, missing = [root], []
    while stack:
        command = stack.pop()
        for param in command.params:
            typed = getattr(param, "type_descriptor", None) is not None
            if typed and not isinstance(param._runtime_param, DirectParam):
                missing.append(param.name)
        stack.extend(getattr(command, "commands", {}).values())
    assert missing == []
