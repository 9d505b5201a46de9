"""Static shell-completion scripts, generated from the app's own command tree.

The scripts answer commands, subcommands, options and fixed choices inside the shell: no
Python process starts on TAB. Only profile names, which live in the user's config file, are
asked of `otpcli __complete-profiles`. The tree is read from `typer.main.get_command(app)`,
so new commands and options appear after `scripts/gen-completions` with no edit here.

    python -m otpcli.completion_gen [--check] [DIRECTORY]   (default: ./completions)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

PROG = "otpcli"
SHELLS = ("bash", "zsh", "fish")
FILE_NAMES = {"bash": "otpcli.bash", "zsh": "_otpcli", "fish": "otpcli.fish"}
PROFILES_COMMAND = "__complete-profiles"

# Values that are not a fixed set of choices, by option name. Path-typed options complete
# files too.
FILE_OPTIONS = frozenset({"--from"})
PROFILE_OPTIONS = frozenset({"--profile"})

# How a value is completed.
FREE, CHOICES, FILES, PROFILES = "free", "choices", "files", "profiles"

_SAFE_WORD = re.compile(r"^[A-Za-z0-9_@%+=:,./-]+$")


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


# ------------------------------------------------------------------------------ the tree ---


def build_tree(root: Any = None) -> Node:
    """The completion model of the click command behind the typer app (or of `root`)."""
    if root is None:
        import typer.main

        from otpcli.app import app

        root = typer.main.get_command(app)
    from otpcli.__main__ import GLOBAL_FLAGS, GLOBAL_WITH_VALUE

    hoisted = GLOBAL_FLAGS | GLOBAL_WITH_VALUE
    ctx = _context(root, PROG, None)
    inherited = tuple(
        replace(o, is_global=True) for o in _options(root, ctx) if set(o.names) & hoisted
    )
    return _node(root, (PROG,), ctx, inherited)


def _context(cmd: Any, name: str, parent: Any) -> Any:
    return cmd.context_class(cmd, info_name=name, parent=parent, **cmd.context_settings)


def _node(cmd: Any, path: tuple[str, ...], ctx: Any, inherited: tuple[Option, ...]) -> Node:
    own = _options(cmd, ctx)
    if ctx.parent is None:  # the root: its global options are its own
        names = {n for g in inherited for n in g.names}
        options = tuple(replace(o, is_global=bool(set(o.names) & names)) for o in own)
    else:
        taken = {n for o in own for n in o.names}
        options = tuple(own + [g for g in inherited if not set(g.names) & taken])
    children: list[Node] = []
    if hasattr(cmd, "list_commands"):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is None or getattr(sub, "hidden", False):
                continue
            child_ctx = _context(sub, name, ctx)
            children.append(_node(sub, (*path, name), child_ctx, inherited))
    positionals = tuple(
        Positional(p.name or "", p.nargs, *_values(p, ()))
        for p in cmd.get_params(ctx)
        if getattr(p, "param_type_name", "") == "argument" and not getattr(p, "hidden", False)
    )
    help_text = cmd.get_short_help_str(limit=70) if ctx.parent is not None else ""
    return Node(path, _clean(help_text), options, positionals, tuple(children))


def _options(cmd: Any, ctx: Any) -> list[Option]:
    found: list[Option] = []
    for param in cmd.get_params(ctx):
        if getattr(param, "param_type_name", "") != "option" or getattr(param, "hidden", False):
            continue
        names = tuple(param.opts) + tuple(param.secondary_opts)
        flag = bool(getattr(param, "is_flag", False) or getattr(param, "count", False))
        nargs = 0 if flag else max(int(param.nargs), 1)
        kind, choices = _values(param, names) if nargs else (FREE, ())
        names = tuple(sorted(names, key=lambda n: (not n.startswith("--"), n)))
        found.append(Option(names, _clean(_first_sentence(param.help or "")), nargs, kind, choices))
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
    if len(text) > 70:
        match = re.match(r"^(.+?[.;])\s+(?=[A-Z])", text)
        text = match.group(1) if match else text
    return text.rstrip(".;")


def _clean(text: str) -> str:
    text = " ".join(text.replace("`", "").split())
    return text if len(text) <= 70 else text[:67].rstrip() + "..."


# ------------------------------------------------------------------------------- shells ---

_HEADER = """\
{comment} {name} completion for otpcli: commands, options and choices are answered by the shell
{comment} itself (no Python starts on TAB); only profile names run `otpcli {profiles}`.
{comment} Generated from otpcli's command tree by scripts/gen-completions: do not edit by hand.
{comment} `otpcli completion {name}` prints this same script.
"""


def render(shell: str, tree: Node | None = None) -> str:
    """The completion script for `shell` ("bash", "zsh" or "fish")."""
    tree = tree or build_tree()
    renderers = {"bash": _bash, "zsh": _zsh, "fish": _fish}
    if shell not in renderers:
        raise ValueError(f"unknown shell {shell!r}: expected one of {', '.join(SHELLS)}")
    return renderers[shell](tree)


def _sh_word(word: str) -> str:
    """A word quoted for bash and zsh (single quotes unless it is plainly safe)."""
    return word if _SAFE_WORD.match(word) else "'" + word.replace("'", "'\\''") + "'"


def _sh_words(words: list[str] | tuple[str, ...]) -> str:
    return " ".join(_sh_word(w) for w in words)


def _case_label(*words: str) -> str:
    return _sh_word(" ".join(words))


# -- bash ------------------------------------------------------------------------------------

_BASH_BODY = r"""
_otpcli_in() {
    local word=$1 item
    shift
    for item; do [[ $item == "$word" ]] && return 0; done
    return 1
}

_otpcli_add() {
    local cur=$1 item
    shift
    for item; do [[ $item == "$cur"* ]] && COMPREPLY+=("$item"); done
}

_otpcli_files() {
    local item
    compopt -o filenames 2>/dev/null
    while IFS= read -r item; do COMPREPLY+=("$item"); done < <(compgen -f -- "$1")
}

_otpcli_profiles() {
    local item
    while IFS= read -r item; do
        [[ $item == "$1"* ]] && COMPREPLY+=("$item")
    done < <(command otpcli __PROFILES__ 2>/dev/null)
}

_otpcli() {
    local cur=${COMP_WORDS[COMP_CWORD]} key=otpcli word npos=0 dashdash='' i=1
    local -a _otpcli_subs=() _otpcli_opts=() _otpcli_vopts=()
    COMPREPLY=()
    _otpcli_node "$key"
    while ((i < COMP_CWORD)); do
        word=${COMP_WORDS[i]}
        if [[ -z $dashdash && $word == -?* ]]; then
            if [[ $word == -- ]]; then
                dashdash=1
            elif [[ $word != *=* ]] && _otpcli_in "$word" "${_otpcli_vopts[@]}"; then
                # the value; with "=" in COMP_WORDBREAKS, --opt=value is three words
                if [[ ${COMP_WORDS[i + 1]} == = ]]; then ((i += 2)); else ((i += 1)); fi
            fi
        elif [[ -z $dashdash && $word == = ]]; then
            ((i += 1))
        elif [[ -z $dashdash ]] && ((npos == 0)) && _otpcli_in "$word" "${_otpcli_subs[@]}"; then
            key+=" $word"
            _otpcli_node "$key"
        else
            ((npos += 1))
        fi
        ((i += 1))
    done

    local prev='' prev2=''
    ((COMP_CWORD >= 1)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    ((COMP_CWORD >= 2)) && prev2=${COMP_WORDS[COMP_CWORD - 2]}
    if [[ -z $dashdash ]]; then
        # --opt=VALUE, split by COMP_WORDBREAKS into "--opt" "=" "VALUE"
        if [[ $cur == = ]] && _otpcli_in "$prev" "${_otpcli_vopts[@]}"; then
            _otpcli_values "$key" "$prev" ''
            return 0
        fi
        if [[ $prev == = ]] && _otpcli_in "$prev2" "${_otpcli_vopts[@]}"; then
            _otpcli_values "$key" "$prev2" "$cur"
            return 0
        fi
        # --opt=VALUE as one word ("=" not in COMP_WORDBREAKS)
        if [[ $cur == -*=* ]] && _otpcli_in "${cur%%=*}" "${_otpcli_vopts[@]}"; then
            _otpcli_values "$key" "${cur%%=*}" "${cur#*=}"
            local n
            for n in "${!COMPREPLY[@]}"; do COMPREPLY[n]="${cur%%=*}=${COMPREPLY[n]}"; done
            return 0
        fi
        # --opt VALUE
        if _otpcli_in "$prev" "${_otpcli_vopts[@]}" && [[ $prev2 != = ]]; then
            _otpcli_values "$key" "$prev" "$cur"
            return 0
        fi
        if [[ $cur == -* ]]; then
            _otpcli_add "$cur" "${_otpcli_opts[@]}"
            return 0
        fi
    fi
    if ((npos == 0 && ${#_otpcli_subs[@]})); then
        _otpcli_add "$cur" "${_otpcli_subs[@]}"
    else
        _otpcli_positional "$key" "$npos" "$cur"
    fi
    return 0
}

complete -F _otpcli otpcli
"""


def _value_cases(
    nodes: list[Node], render: Callable[[str, tuple[str, ...], str], str], fallback: str
) -> str:
    """The `_otpcli_values` and `_otpcli_positional` case functions of bash and zsh, which
    differ only in how one option's or argument's values are offered (`render`)."""
    out = ['_otpcli_values() {\n    case "$1 $2" in\n']
    for node in nodes:
        for opt in node.value_options():
            if opt.kind != FREE:
                labels = "|".join(_case_label(node.key, n) for n in opt.names)
                out.append(f"    {labels}) {render(opt.kind, opt.choices, opt.help)} ;;\n")
    out.append(fallback + "    esac\n}\n\n")
    out.append('_otpcli_positional() {\n    case "$1 $2" in\n')
    for node in nodes:
        for index, pos in _positional_slots(node):
            if pos.kind != FREE:
                label = _case_label(node.key, index)
                out.append(f"    {label}) {render(pos.kind, pos.choices, pos.name)} ;;\n")
    out.append("    esac\n}\n")
    return "".join(out)


def _bash(tree: Node) -> str:
    nodes = tree.walk()
    out = [_HEADER.format(comment="#", name="bash", profiles=PROFILES_COMMAND)]
    out.append(
        "# Use: add to ~/.bashrc `source /path/to/otpcli.bash`, or copy this file to\n"
        "# ~/.local/share/bash-completion/completions/otpcli (loaded on first TAB).\n\n"
    )
    out.append("_otpcli_node() {\n    case $1 in\n")
    for node in nodes:
        subs = [c.name for c in node.children]
        opts = [n for o in node.options for n in o.names]
        vopts = [n for o in node.value_options() for n in o.names]
        out.append(f"    {_case_label(node.key)})\n")
        out.append(f"        _otpcli_subs=({_sh_words(subs)})\n")
        out.append(f"        _otpcli_opts=({_sh_words(opts)})\n")
        out.append(f"        _otpcli_vopts=({_sh_words(vopts)})\n")
        out.append("        ;;\n")
    out.append("    *) _otpcli_subs=() _otpcli_opts=() _otpcli_vopts=() ;;\n    esac\n}\n\n")

    out.append(_value_cases(nodes, lambda kind, choices, _what: _bash_values(kind, choices), ""))
    out.append(_BASH_BODY.replace("__PROFILES__", PROFILES_COMMAND))
    return "".join(out)


def _bash_values(kind: str, choices: tuple[str, ...]) -> str:
    if kind == CHOICES:
        return f'_otpcli_add "$3" {_sh_words(choices)}'
    if kind == FILES:
        return '_otpcli_files "$3"'
    return '_otpcli_profiles "$3"'


def _positional_slots(node: Node) -> list[tuple[str, Positional]]:
    """(index, positional) with "*" for a positional that takes all the remaining words."""
    slots: list[tuple[str, Positional]] = []
    for index, pos in enumerate(node.positionals):
        slots.append(("*" if pos.nargs < 0 else str(index), pos))
        if pos.nargs < 0:
            break
    return slots


# -- zsh -------------------------------------------------------------------------------------

_ZSH_BODY = r"""
_otpcli_profiles() {
    local -a names
    names=(${(f)"$(command otpcli __PROFILES__ 2>/dev/null)"})
    compadd -a names
}

_otpcli() {
    # $path is zsh's array tied to $PATH: the command path is called $key here.
    local key=otpcli word cur=${words[CURRENT]} prev=${words[CURRENT-1]} dashdash=''
    local -i npos=0 i=2
    local -a _otpcli_names _otpcli_subs _otpcli_opts _otpcli_vopts
    _otpcli_node $key
    while (( i < CURRENT )); do
        word=${words[i]}
        if [[ -z $dashdash && $word == -?* ]]; then
            if [[ $word == -- ]]; then
                dashdash=1
            elif [[ $word != *=* ]] && (( ${_otpcli_vopts[(Ie)$word]} )); then
                (( i += 1 ))
            fi
        elif [[ -z $dashdash ]] && (( npos == 0 && ${_otpcli_names[(Ie)$word]} )); then
            key+=" $word"
            _otpcli_node $key
        else
            (( npos += 1 ))
        fi
        (( i += 1 ))
    done

    if [[ -z $dashdash ]]; then
        if [[ $cur == -*=* ]] && (( ${_otpcli_vopts[(Ie)${cur%%=*}]} )); then
            compset -P '*='
            _otpcli_values $key ${cur%%=*}
            return
        fi
        if (( CURRENT > 2 && ${_otpcli_vopts[(Ie)$prev]} )); then
            _otpcli_values $key $prev
            return
        fi
        if [[ $cur == -* ]]; then
            _describe -t options option _otpcli_opts
            return
        fi
    fi
    if (( npos == 0 && $#_otpcli_subs )); then
        _describe -t commands command _otpcli_subs
    else
        _otpcli_positional $key $npos
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _otpcli "$@"
else
    compdef _otpcli otpcli
fi
"""


def _zsh_item(name: str, help_text: str) -> str:
    return _sh_word(name.replace(":", "\\:") + (f":{help_text}" if help_text else ""))


def _zsh(tree: Node) -> str:
    nodes = tree.walk()
    out = ["#compdef otpcli\n", _HEADER.format(comment="#", name="zsh", profiles=PROFILES_COMMAND)]
    out.append(
        "# Use: add to ~/.zshrc, after compinit, `source /path/to/_otpcli`; or put this file in\n"
        "# a directory of $fpath (before compinit runs).\n\n"
    )
    out.append("_otpcli_node() {\n    case $1 in\n")
    for node in nodes:
        subs = [_zsh_item(c.name, c.help) for c in node.children]
        opts = [_zsh_item(n, o.help) for o in node.options for n in o.names]
        vopts = [n for o in node.value_options() for n in o.names]
        out.append(f"    {_case_label(node.key)})\n")
        out.append(f"        _otpcli_names=({_sh_words([c.name for c in node.children])})\n")
        out.append(f"        _otpcli_subs=({' '.join(subs)})\n")
        out.append(f"        _otpcli_opts=({' '.join(opts)})\n")
        out.append(f"        _otpcli_vopts=({_sh_words(vopts)})\n")
        out.append("        ;;\n")
    out.append(
        "    *) _otpcli_names=() _otpcli_subs=() _otpcli_opts=() _otpcli_vopts=() ;;\n"
        "    esac\n}\n\n"
    )

    out.append(_value_cases(nodes, _zsh_values, "    *) _message 'value' ;;\n"))
    out.append(_ZSH_BODY.replace("__PROFILES__", PROFILES_COMMAND))
    return "".join(out)


def _zsh_values(kind: str, choices: tuple[str, ...], what: str) -> str:
    if kind == CHOICES:
        return f"compadd -- {_sh_words(choices)}"
    if kind == FILES:
        return "_files"
    return "_otpcli_profiles"


# -- fish ------------------------------------------------------------------------------------

_FISH_FUNCTIONS = r"""
function __otpcli_key --description 'otpcli: command path and positional count before the cursor'
    # Every `complete` condition asks this; the walk is done once per command line.
    set -l line (string join \x1f -- (commandline -opc))
    if set -q __otpcli_memo; and test "$__otpcli_memo[1]" = "$line"
        printf '%s\n' $__otpcli_memo[2..3]
        return
    end
    set -l key otpcli
    set -l npos 0
    set -l skip 0
    set -l dashdash 0
    set -l vopts (__otpcli_vopts $key)
    set -l subs (__otpcli_subs $key)
    for word in (commandline -opc)[2..-1]
        if test $skip -gt 0
            set skip (math $skip - 1)
        else if test $dashdash -eq 0; and string match -q -- '-?*' $word
            if test "$word" = --
                set dashdash 1
            else if not string match -q -- '*=*' $word; and contains -- $word $vopts
                set skip 1
            end
        else if test $dashdash -eq 0 -a $npos -eq 0; and contains -- $word $subs
            set key "$key $word"
            set vopts (__otpcli_vopts $key)
            set subs (__otpcli_subs $key)
        else
            set npos (math $npos + 1)
        end
    end
    set -g __otpcli_memo $line $key $npos
    printf '%s\n' $key $npos
end

function __otpcli_at --description 'otpcli: is the cursor in command PATH (at positional N)?'
    set -l here (__otpcli_key)
    test "$here[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; or test "$here[2]" = "$argv[2]"
end

function __otpcli_profiles --description 'otpcli: profile names'
    command otpcli __PROFILES__ 2>/dev/null
end
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(opt: Option) -> str:
    parts = [f"-l {n[2:]}" for n in opt.long] + [
        (f"-s {n[1:]}" if len(n) == 2 else f"-o {n[1:]}") for n in opt.short
    ]
    if opt.nargs:
        if opt.kind == CHOICES:
            parts.append("-x -a " + _fish_quote(" ".join(opt.choices)))
        elif opt.kind == FILES:
            parts.append("-r -F")
        elif opt.kind == PROFILES:
            parts.append("-x -a '(__otpcli_profiles)'")
        else:
            parts.append("-x")
    if opt.help:
        parts.append("-d " + _fish_quote(opt.help))
    return " ".join(parts)


def _fish(tree: Node) -> str:
    nodes = tree.walk()
    out = [_HEADER.format(comment="#", name="fish", profiles=PROFILES_COMMAND)]
    out.append(
        "# Use: add to ~/.config/fish/config.fish `source /path/to/otpcli.fish`, or copy this\n"
        "# file to ~/.config/fish/completions/otpcli.fish (loaded on first TAB).\n"
    )
    for name, attr in (("subs", "children"), ("vopts", "value_options")):
        out.append(f"\nfunction __otpcli_{name} --description 'otpcli: {name} of command PATH'\n")
        out.append("    switch $argv[1]\n")
        for node in nodes:
            if attr == "children":
                words = [c.name for c in node.children]
            else:
                words = [n for o in node.value_options() for n in o.names]
            if words:
                out.append(f"        case {_fish_quote(node.key)}\n")
                out.append(f"            printf '%s\\n' {' '.join(map(_fish_quote, words))}\n")
        out.append("    end\nend\n")
    out.append(_FISH_FUNCTIONS.replace("__PROFILES__", PROFILES_COMMAND))
    out.append("\nset -e __otpcli_memo  # the command path cached by __otpcli_key\n")
    out.append("\n# No file names unless an option asks for a file.\ncomplete -c otpcli -f\n")
    out.append("\n# Global options: accepted before and after the command name.\n")
    for opt in tree.options:
        if opt.is_global:
            out.append(f"complete -c otpcli {_fish_option(opt)}\n")
    for node in nodes:
        at = _fish_quote(f"__otpcli_at {_fish_quote(node.key)}")
        out.append(f"\n# {node.key}\n")
        for child in node.children:
            cond = _fish_quote(f"__otpcli_at {_fish_quote(node.key)} 0")
            desc = f" -d {_fish_quote(child.help)}" if child.help else ""
            out.append(f"complete -c otpcli -n {cond} -a {_fish_quote(child.name)}{desc}\n")
        for opt in node.options:
            if not opt.is_global:
                out.append(f"complete -c otpcli -n {at} {_fish_option(opt)}\n")
        for index, pos in _positional_slots(node):
            if pos.kind == FREE:
                continue
            where = f"__otpcli_at {_fish_quote(node.key)}" + ("" if index == "*" else f" {index}")
            if pos.kind == CHOICES:
                values = "-a " + _fish_quote(" ".join(pos.choices))
            elif pos.kind == FILES:
                values = "-F"
            else:
                values = "-a '(__otpcli_profiles)'"
            out.append(f"complete -c otpcli -n {_fish_quote(where)} {values}\n")
    return "".join(out)


def print_profiles() -> int:
    """`otpcli __complete-profiles`: profile names, one a line, for TAB after --profile.

    Called by `__main__` before typer is imported (TAB must be quick); a broken config file
    prints nothing, since the shell would only show the message in the middle of the line.
    """
    from otpcli import config
    from otpcli.errors import OtpcliError

    try:
        names = config.profile_names()
    except OtpcliError as error:
        return int(error.exit_code)
    sys.stdout.write("".join(f"{name}\n" for name in names))
    return 0


# ---------------------------------------------------------------------------- the files ---


def expected_files(tree: Node | None = None) -> dict[str, str]:
    """File name in completions/ -> its text."""
    tree = tree or build_tree()
    return {FILE_NAMES[shell]: render(shell, tree) for shell in SHELLS}


def stale_files(directory: Path, tree: Node | None = None) -> list[str]:
    """Names of the files in `directory` that differ from what the tree generates."""
    stale = []
    for name, text in expected_files(tree).items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_files(directory: Path, tree: Node | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in expected_files(tree).items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    rest = [a for a in args if a != "--check"]
    directory = Path(rest[0] if rest else "completions")
    if check:
        stale = stale_files(directory)
        for name in stale:
            sys.stderr.write(f"{directory / name} is stale: run scripts/gen-completions\n")
        return 1 if stale else 0
    for path in write_files(directory):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
