"""The layers of docs/architecture.md, checked: each module imports only what its layer may.

Imports under `if TYPE_CHECKING:` are left out: they name types, they do not run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "otpcli"

FOUNDATION = frozenset({"otpcli", "errors", "env", "paths", "files", "times", "inputs", "i18n"})
LAYER_OF = {
    "http": "http",
    "providers": "providers",
    "operations": "operations",
    "report": "report",
    "credentials": "credentials",
    "trust_auth": "credentials",
    "config": "credentials",
    "config_edit": "credentials",
    "bulk": "bulk",
    "doctor": "doctor",
    "application": "application",
    "token_sources": "application",
    "completion": "completion",
    "commands": "commands",
    "cli": "cli",
    "__main__": "cli",
    "sandbox": "sandbox",
}
# What each layer may import besides itself and the foundation.
MAY_IMPORT = {
    "foundation": set(),
    "http": set(),
    "providers": {"http"},
    "operations": {"http", "providers"},
    "report": {"http"},
    "credentials": {"providers"},
    "bulk": {"http", "operations", "report"},
    "doctor": {"http", "credentials"},
    "application": {"http", "operations", "report", "credentials", "bulk"},
    "completion": {"credentials", "cli"},
    "commands": {
        "operations",
        "report",
        "credentials",
        "application",
        "cli",
        "completion",
        "doctor",
        "sandbox",
    },
    "cli": {"http", "operations", "report", "credentials", "application", "commands", "completion"},
    "sandbox": set(),
}


def layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "otpcli":
        raise ValueError(module)
    top = parts[1] if len(parts) > 1 else "otpcli"
    return "foundation" if top in FOUNDATION else LAYER_OF[top]


def module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def runtime_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every otpcli import outside `if TYPE_CHECKING:` blocks."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return [(line, name) for line, name in found if name == "otpcli" or name.startswith("otpcli.")]


def violations(modules: Iterable[tuple[str, str]]) -> list[str]:
    """What breaks the layering among (module name, source) pairs."""
    found = []
    for here, source in modules:
        own = layer(here)
        allowed = {own, "foundation", *MAY_IMPORT[own]}
        if own == "sandbox":
            allowed = {"sandbox"}  # nothing of the client, not even the foundation
        for line, target in runtime_imports(ast.parse(source)):
            if layer(target) not in allowed:
                found.append(f"{here}:{line} ({own}) imports {target} ({layer(target)})")
    return found


def sources() -> list[tuple[str, str]]:
    return [(module_name(p), p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))]


def test_every_module_imports_only_what_its_layer_may() -> None:
    assert violations(sources()) == []


def test_every_package_has_a_layer() -> None:
    for path in SRC.rglob("*.py"):
        layer(module_name(path))  # raises KeyError for a module no layer names


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from otpcli.http.client import HttpClient\n", ["otpcli.http.client"]),
        ("def f():\n    import otpcli.report.reporter\n", ["otpcli.report.reporter"]),
        ("if TYPE_CHECKING:\n    from otpcli.application import App\n", []),
        ("import json\n", []),
    ],
)
def test_the_checker_sees_runtime_imports_and_skips_type_only_ones(
    source: str, expected: list[str]
) -> None:
    assert [name for _, name in runtime_imports(ast.parse(source))] == expected


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("otpcli.providers.verifik", "from otpcli.report.reporter import Reporter\n"),
        ("otpcli.providers.trust", "def f():\n    from otpcli.credentials import Vault\n"),
        ("otpcli.commands.send", "from otpcli.http.client import HttpClient\n"),
        ("otpcli.sandbox.app", "from otpcli.errors import UsageError\n"),
        ("otpcli.http.client", "from otpcli.operations.base import perform\n"),
    ],
)
def test_the_checker_catches_an_import_against_the_layers(module: str, source: str) -> None:
    assert len(violations([(module, source)])) == 1
