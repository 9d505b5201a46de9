"""The completion model: commands, options, arguments and their values, read from click.

`build_tree()` reads the click command behind the typer app; tests pass any other one.
Help strings are read when the tree is built, so they come in the language the app was
built in. Global options (accepted before or after the command name) are the root
command's options, except the eager ones (`--help`, `--version`), which act and exit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

PROG = "otpcli"

# Values that are not a fixed set of choices, by option name. Path-typed options complete
# files too.
FILE_OPTIONS = frozenset({"--from"})
PROFILE_OPTIONS = frozenset({"--profile"})

# How a value is completed.
FREE, CHOICES, FILES, PROFILES = "free", "choices", "files", "profiles"

HELP_WIDTH = 70  # descriptions longer than this are cut


@dataclass(frozen=True)
class Option:
    names: tuple[str, ...]  # "--gateway", "-g"
    help: str
    nargs: int  # values after the option: 0 for a flag
    kind: str = FREE  # FREE, CHOICES, FILES or PROFILES
    choices: tuple[str, ...] = ()
    is_global: bool = False  # accepted before or after the command name

    @property
    def long(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if n.startswith("--"))

    @property
    def short(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if not n.startswith("--"))


@dataclass(frozen=True)
class Positional:
    name: str
    nargs: int  # -1: all the remaining words
    kind: str = FREE
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    path: tuple[str, ...]  # ("otpcli", "auth", "token")
    help: str
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...]
    children: tuple[Node, ...]

    @property
    def key(self) -> str:
        return " ".join(self.path)

    @property
    def name(self) -> str:
        return self.path[-1]

    def walk(self) -> list[Node]:
        nodes = [self]
        for child in self.children:
            nodes += child.walk()
        return nodes

    def value_options(self) -> list[Option]:
        return [o for o in self.options if o.nargs > 0]

    def positional_slots(self) -> list[tuple[str, Positional]]:
        """(index, positional), "*" as the index of one that takes all remaining words."""
        slots: list[tuple[str, Positional]] = []
        for index, pos in enumerate(self.positionals):
            slots.append(("*" if pos.nargs < 0 else str(index), pos))
            if pos.nargs < 0:
                break
        return slots


def build_tree(root: Any = None) -> Node:
    """The completion model of the click command behind the typer app (or of `root`)."""
    if root is None:
        from otpcli.cli.root import build

        root = build()
    ctx = _context(root, PROG, None)
    global_names = frozenset(
        name for param in _shown_options(root, ctx) if not param.is_eager for name in _names(param)
    )
    own = _options(root, ctx, global_names)
    return _node(root, (PROG,), ctx, tuple(o for o in own if o.is_global))


def _context(cmd: Any, name: str, parent: Any) -> Any:
    return cmd.context_class(cmd, info_name=name, parent=parent, **cmd.context_settings)


def _node(cmd: Any, path: tuple[str, ...], ctx: Any, globals_: tuple[Option, ...]) -> Node:
    # A subcommand that declares a global option itself lists it once, as a global one.
    own = _options(cmd, ctx, frozenset(n for g in globals_ for n in g.names))
    taken = {n for o in own for n in o.names}
    options = (*own, *(g for g in globals_ if not taken & set(g.names)))
    children: list[Node] = []
    if hasattr(cmd, "list_commands"):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is None or getattr(sub, "hidden", False):
                continue
            children.append(_node(sub, (*path, name), _context(sub, name, ctx), globals_))
    positionals = tuple(
        Positional(p.name or "", p.nargs, *_values(p, ()))
        for p in cmd.get_params(ctx)
        if getattr(p, "param_type_name", "") == "argument" and not getattr(p, "hidden", False)
    )
    help_text = cmd.get_short_help_str(limit=HELP_WIDTH) if ctx.parent is not None else ""
    return Node(path, _clean(help_text), options, positionals, tuple(children))


def _shown_options(cmd: Any, ctx: Any) -> list[Any]:
    return [
        p
        for p in cmd.get_params(ctx)
        if getattr(p, "param_type_name", "") == "option" and not getattr(p, "hidden", False)
    ]


def _names(param: Any) -> tuple[str, ...]:
    return (*param.opts, *param.secondary_opts)


def _options(cmd: Any, ctx: Any, global_names: frozenset[str]) -> list[Option]:
    found: list[Option] = []
    for param in _shown_options(cmd, ctx):
        names = _names(param)
        flag = bool(getattr(param, "is_flag", False) or getattr(param, "count", False))
        nargs = 0 if flag else max(int(param.nargs), 1)
        kind, choices = _values(param, names) if nargs else (FREE, ())
        names = tuple(sorted(names, key=lambda n: (not n.startswith("--"), n)))
        option = Option(names, _clean(_first_sentence(param.help or "")), nargs, kind, choices)
        found.append(replace(option, is_global=bool(global_names & set(names))))
    return found


def _values(param: Any, names: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    descriptor = getattr(param, "type_descriptor", None)
    raw = descriptor.choices if descriptor is not None else None
    if raw is None:  # a click.Choice, should typer hand back plain click types again
        raw = getattr(getattr(param, "type", None), "choices", None)
    if raw:
        return CHOICES, tuple(str(getattr(c, "value", c)) for c in raw)
    annotation = getattr(descriptor, "annotation", None)
    is_path = isinstance(annotation, type) and issubclass(annotation, Path)
    if set(names) & FILE_OPTIONS or is_path or getattr(descriptor, "file_annotation", None):
        return FILES, ()
    if set(names) & PROFILE_OPTIONS:
        return PROFILES, ()
    return FREE, ()


def _first_sentence(text: str) -> str:
    """A short help line: the whole help when short, else its first sentence."""
    text = " ".join(text.split())
    if len(text) > HELP_WIDTH:
        # it ends at "." or ";" before a capital, in any alphabet (help may be translated)
        for end in re.finditer(r"[.;]\s+(\S)", text):
            if end.group(1).isupper() or end.group(1) in "¿¡":
                text = text[: end.start() + 1]
                break
    return text.rstrip(".;")


def _clean(text: str) -> str:
    text = " ".join(text.replace("`", "").split())
    return text if len(text) <= HELP_WIDTH else text[: HELP_WIDTH - 3].rstrip() + "..."
