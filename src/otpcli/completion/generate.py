"""Static shell-completion scripts: the command tree (`tree.py`) poured into templates.

The scripts answer commands, subcommands, options and fixed choices inside the shell: no
Python process starts on TAB. Only profile names, which live in the user's config file, are
asked of `otpcli __complete-profiles`. Each shell's script is a template in `templates/`
(package data, read with importlib.resources); this module renders the parts that come from
the tree, as shell code, and fills the template's `@@{name}` placeholders with them.

    python -m otpcli.completion [--check] [DIRECTORY]   (default: ./completions)
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

from otpcli.completion.tree import CHOICES, FILES, FREE, PROFILES, Node, Option, build_tree

SHELLS = ("bash", "zsh", "fish")
FILE_NAMES = {"bash": "otpcli.bash", "zsh": "_otpcli", "fish": "otpcli.fish"}
PROFILES_COMMAND = "__complete-profiles"
TEMPLATES = "templates"  # folder of the otpcli.completion package: `otpcli.bash.tmpl`...

_SAFE_WORD = re.compile(r"^[A-Za-z0-9_@%+=:,./-]+$")

Parts = dict[str, list[str]]  # a template's placeholder -> its lines


class ScriptTemplate(string.Template):
    """Placeholders are `@@{name}`, since shell scripts are full of `$`: a word inside a line
    (`@@{profiles_command}`), or alone on its line, a block of lines (`@@{node_cases}`)."""

    delimiter = "@@"


def template(shell: str) -> ScriptTemplate:
    """The template of `shell`'s script, from the package's data files."""
    path = resources.files("otpcli.completion") / TEMPLATES / f"{FILE_NAMES[shell]}.tmpl"
    return ScriptTemplate(path.read_text(encoding="utf-8"))


def render(shell: str, tree: Node | None = None) -> str:
    """The completion script for `shell` ("bash", "zsh" or "fish")."""
    if shell not in FILE_NAMES:
        raise ValueError(f"unknown shell {shell!r}: expected one of {', '.join(SHELLS)}")
    parts = _PARTS[shell](tree or build_tree())
    blocks = {name: "\n".join(lines) for name, lines in parts.items()}
    return template(shell).substitute(blocks, profiles_command=PROFILES_COMMAND)


def _sh_word(word: str) -> str:
    """A word quoted for bash and zsh (single quotes unless it is plainly safe)."""
    return word if _SAFE_WORD.match(word) else "'" + word.replace("'", "'\\''") + "'"


def _sh_words(words: Iterable[str]) -> str:
    return " ".join(_sh_word(w) for w in words)


def _names(options: Iterable[Option]) -> list[str]:
    return [n for o in options for n in o.names]


Values = Callable[[str, tuple[str, ...]], str]  # (kind, choices) -> shell code offering them


def _sh_parts(tree: Node, arrays: Callable[[Node], dict[str, str]], values: Values) -> Parts:
    """bash and zsh: a branch of `_otpcli_node` a command, setting its `arrays`, and the
    branches of `_otpcli_values` and `_otpcli_positional`, offering `values`."""
    cases, options, positionals = [], [], []
    for node in tree.walk():
        cases.append(f"    {_sh_word(node.key)})")
        cases += [f"        _otpcli_{name}=({words})" for name, words in arrays(node).items()]
        cases.append("        ;;")
        for opt in node.value_options():
            if opt.kind != FREE:
                labels = "|".join(_sh_word(f"{node.key} {n}") for n in opt.names)
                options.append(f"    {labels}) {values(opt.kind, opt.choices)} ;;")
        for index, pos in node.positional_slots():
            if pos.kind != FREE:
                label = _sh_word(f"{node.key} {index}")
                positionals.append(f"    {label}) {values(pos.kind, pos.choices)} ;;")
    return {"node_cases": cases, "value_cases": options, "positional_cases": positionals}


def _bash_arrays(node: Node) -> dict[str, str]:
    return {
        "subs": _sh_words(c.name for c in node.children),
        "opts": _sh_words(_names(node.options)),
        "vopts": _sh_words(_names(node.value_options())),
    }


def _bash_values(kind: str, choices: tuple[str, ...]) -> str:
    if kind == CHOICES:
        return f'_otpcli_add "$3" {_sh_words(choices)}'
    return '_otpcli_files "$3"' if kind == FILES else '_otpcli_profiles "$3"'


def _zsh_item(name: str, help_text: str) -> str:
    return _sh_word(name.replace(":", "\\:") + (f":{help_text}" if help_text else ""))


def _zsh_arrays(node: Node) -> dict[str, str]:
    """zsh also describes each subcommand and option; `names` are the bare subcommands."""
    return {
        "names": _sh_words(c.name for c in node.children),
        "subs": " ".join(_zsh_item(c.name, c.help) for c in node.children),
        "opts": " ".join(_zsh_item(n, o.help) for o in node.options for n in o.names),
        "vopts": _sh_words(_names(node.value_options())),
    }


def _zsh_values(kind: str, choices: tuple[str, ...]) -> str:
    if kind == CHOICES:
        return f"compadd -- {_sh_words(choices)}"
    return "_files" if kind == FILES else "_otpcli_profiles"


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_values(kind: str, choices: tuple[str, ...], option: bool) -> str:
    """How fish offers a value: `option` values also need -x (exclusive) or -r (required)."""
    if kind == CHOICES:
        return ("-x " if option else "") + "-a " + _fish_quote(" ".join(choices))
    if kind == FILES:
        return "-r -F" if option else "-F"
    if kind == PROFILES:
        return ("-x " if option else "") + "-a '(__otpcli_profiles)'"
    return "-x"


def _fish_option(opt: Option) -> str:
    parts = [f"-l {n[2:]}" for n in opt.long]
    parts += [f"-s {n[1:]}" if len(n) == 2 else f"-o {n[1:]}" for n in opt.short]
    if opt.nargs:
        parts.append(_fish_values(opt.kind, opt.choices, option=True))
    if opt.help:
        parts.append("-d " + _fish_quote(opt.help))
    return " ".join(parts)


def _fish_cases(nodes: list[Node], words: Callable[[Node], list[str]]) -> list[str]:
    """The branches of a `switch` on the command path: words printed one a line."""
    lines = []
    for node in nodes:
        if found := words(node):
            lines.append(f"        case {_fish_quote(node.key)}")
            lines.append(f"            printf '%s\\n' {' '.join(map(_fish_quote, found))}")
    return lines


def _fish(tree: Node) -> Parts:
    nodes, commands = tree.walk(), []
    for node in nodes:
        at = f"__otpcli_at {_fish_quote(node.key)}"
        commands += ["", f"# {node.key}"]
        for child in node.children:
            desc = f" -d {_fish_quote(child.help)}" if child.help else ""
            cond = _fish_quote(f"{at} 0")
            commands.append(f"complete -c otpcli -n {cond} -a {_fish_quote(child.name)}{desc}")
        for opt in node.options:
            if not opt.is_global:  # those are offered everywhere, once
                commands.append(f"complete -c otpcli -n {_fish_quote(at)} {_fish_option(opt)}")
        for index, pos in node.positional_slots():
            if pos.kind != FREE:
                cond = _fish_quote(at if index == "*" else f"{at} {index}")
                values = _fish_values(pos.kind, pos.choices, option=False)
                commands.append(f"complete -c otpcli -n {cond} {values}")
    return {
        "subs_cases": _fish_cases(nodes, lambda node: [c.name for c in node.children]),
        "vopts_cases": _fish_cases(nodes, lambda node: _names(node.value_options())),
        "global_options": [
            f"complete -c otpcli {_fish_option(o)}" for o in tree.options if o.is_global
        ],
        "commands": commands,
    }


_PARTS: dict[str, Callable[[Node], Parts]] = {
    "bash": lambda tree: _sh_parts(tree, _bash_arrays, _bash_values),
    "zsh": lambda tree: _sh_parts(tree, _zsh_arrays, _zsh_values),
    "fish": _fish,
}


# ---------------------------------------------------------------------------- the files ---


def expected_files(tree: Node | None = None) -> dict[str, str]:
    """File name in completions/ -> its text."""
    tree = tree or build_tree()
    return {FILE_NAMES[shell]: render(shell, tree) for shell in SHELLS}


def stale_files(directory: Path, tree: Node | None = None) -> list[str]:
    """Names of the files in `directory` that differ from what the tree generates."""
    return [name for name, text in expected_files(tree).items() if _differs(directory / name, text)]


def write_files(directory: Path, tree: Node | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in expected_files(tree).items():
        if _differs(path := directory / name, text):
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _differs(path: Path, text: str) -> bool:
    return not path.is_file() or path.read_text(encoding="utf-8") != text
