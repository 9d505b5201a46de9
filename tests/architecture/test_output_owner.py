"""One reporter owns stdout and stderr: nothing else in the client writes to them.

Two fast paths answer before anything is imported and are allowed to write themselves:
`--version` (__main__) and the profile names completion asks for on TAB. The sandbox is a
program of its own, with its own console.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "otpcli"
OWNERS = {"report", "sandbox"}
FAST_PATHS = {"__main__.py", "completion/profiles.py", "completion/__main__.py"}
STREAM_USES = ("write", "writelines", "flush", "buffer")


def writes(source: str) -> list[str]:
    """The places that write to a standard stream without the reporter."""
    found = []
    for node in ast.walk(ast.parse(source)):
        stream = isinstance(node, ast.Attribute) and node.attr in STREAM_USES
        if stream and ast.unparse(node.value) in ("sys.stdout", "sys.stderr"):  # type: ignore[attr-defined]
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.Call):
            given = [*node.args, *(k.value for k in node.keywords)]
            if any(ast.unparse(a) in ("sys.stdout", "sys.stderr") for a in given):
                found.append(f"line {node.lineno}: a stream handed to {ast.unparse(node.func)}")
            name = ast.unparse(node.func)
            if name in ("print", "typer.echo", "typer.secho", "click.echo", "rich.print"):
                found.append(f"line {node.lineno}: {name}()")
    return found


def client_modules() -> list[Path]:
    paths = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.split("/")[0] not in OWNERS and relative not in FAST_PATHS:
            paths.append(path)
    return paths


@pytest.mark.parametrize("path", client_modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_only_the_reporter_writes_to_stdout_and_stderr(path: Path) -> None:
    assert writes(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import sys\nsys.stdout.write('x')\n",
        "import sys\ndef f():\n    sys.stderr.flush()\n",
        "print('x')\n",
        "import typer\ntyper.echo('x')\n",
        "import sys\nConsole(file=sys.stderr)\n",
    ],
)
def test_the_check_sees_a_direct_write(source: str) -> None:
    assert writes(source) != []
