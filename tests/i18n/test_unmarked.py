"""Every message otpcli writes for people is marked for translation.

An `ast` check of the places messages go: errors (`OtpcliError` and its kind, typer's
`BadParameter`) and their `hint=`; the reporter's `warn`, `info`, `status`, `summary`,
`note`, `prompt` and `confirm`; a `View`'s title, row labels and headers; `help=`, `epilog=`,
`title=`, `prompt=` of typer's options, arguments, apps and commands (and of otpcli's own
`register`/`add`, `group`, `keep`, `common.otp`). A plain string literal with words in it,
or an f-string, given there without `_()` (or `ngettext()`) is a message no catalog holds.
Commands registered without `help=` would show their docstring, which no catalog holds
either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "otpcli"

# The sandbox is a program of its own: its wire bodies are the emulated providers' words,
# and its console speaks the words `otpcli sandbox serve` hands it (commands/sandbox.py).
# completion/__main__.py is a maintainer's tool (scripts/gen-completions).
LEFT_OUT = ("sandbox/", "completion/__main__.py")

ERRORS = {
    "OtpcliError",
    "UsageError",
    "AuthError",
    "ProviderError",
    "NetworkError",
    "ThrottledError",
    "ConfigError",
    "KeyringUnavailable",
    "BadParameter",
    "DeadlineExceeded",
}
REPORTER = {"warn", "info", "status", "summary", "note", "prompt", "confirm"}
TEXT_KEYWORDS = {"help", "epilog", "short_help", "title", "prompt", "hint", "message"}
REGISTER = {"register", "add"}


def has_words(node: ast.expr) -> bool:
    """A literal with letters in it (an f-string's own text, not its placeholders)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(has_words(part) for part in node.values if isinstance(part, ast.Constant))
    return False


def unmarked(node: ast.expr) -> list[ast.expr]:
    """The literals in `node` that reach people as they are: through `x if c else y`,
    `a or b`, `a + b`, and `"...".format(...)`; a call to `_()` or `ngettext()` ends it."""
    if has_words(node):
        return [node]
    if isinstance(node, ast.IfExp):
        return unmarked(node.body) + unmarked(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [found for value in node.values for found in unmarked(value)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return unmarked(node.left) + unmarked(node.right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return unmarked(node.func.value)
    return []


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _view_texts(call: ast.Call) -> list[ast.expr]:
    """A View's title, its headers, and the labels of its key/value rows."""
    texts: list[ast.expr] = list(call.args[:1])
    for keyword in call.keywords:
        if keyword.arg == "headers" and isinstance(keyword.value, ast.Tuple):
            texts += keyword.value.elts
    rows = call.args[1] if len(call.args) > 1 else None
    if isinstance(rows, ast.List | ast.Tuple):
        for row in rows.elts:
            if isinstance(row, ast.Tuple) and row.elts:
                texts.append(row.elts[0])
    return texts


def findings(source: str) -> list[str]:
    """Where `source` gives people text that is not marked for translation."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        texts: list[ast.expr] = []
        if name in ERRORS:
            texts += node.args[:1]
        if name in REPORTER and isinstance(node.func, ast.Attribute):
            texts += node.args[:1]
        if name == "View":
            texts += _view_texts(node)
        if name == "group":
            texts += node.args[:1]
        texts += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        helped = any(k.arg == "help" for k in node.keywords)
        if name in REGISTER and len(node.args) >= 2 and not helped:
            found.append(f"line {node.lineno}: {ast.unparse(node)} has no help=")
        found += [f"line {t.lineno}: {ast.unparse(t)}" for text in texts for t in unmarked(text)]
    return found


def client_modules() -> list[Path]:
    paths = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if not relative.startswith(LEFT_OUT):
            paths.append(path)
    return paths


@pytest.mark.parametrize("path", client_modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_every_message_for_people_is_marked(path: Path) -> None:
    assert findings(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        'raise UsageError("invalid RUT")\n',
        'raise UsageError(f"invalid RUT {rut!r}", code="invalid_nin")\n',
        'raise AuthError(_("not logged in"), hint="run otpcli login")\n',
        'raise ProviderError("no such project" if a else _("other"))\n',
        'raise ConfigError("unknown key {key}".format(key=key))\n',
        'app.reporter.warn("the token expires soon")\n',
        'self.out.info(f"next: otpcli confirm {phone}")\n',
        'out.status("interrupted" + why)\n',
        'app.reporter.prompt("Client secret", secret=True)\n',
        'View("Code sent", [], body)\n',
        'View(_("Code sent"), [("Status", status)], body)\n',
        'View(_("Inbox"), rows, body, headers=("Time", _("Code")))\n',
        'typer.Option("--otp", help="The code the customer received.")\n',
        'typer.Argument(help=f"One of {KEYS}.")\n',
        'typer.Typer(help="Read and change profile settings.")\n',
        'add(app, login, help="Send a login code.")\n',
        "add(app, login)\n",
        'keep(app, vault, token, title="Logged in to Verifik")\n',
        'common.otp(app, None, prompt="Code sent to " + masked)\n',
        'group("Inspect, print or forget stored credentials.")\n',
        'raise BadParameter("x is not a valid integer.", ctx=ctx, param=param)\n',
    ],
)
def test_the_check_catches_an_unmarked_message(source: str) -> None:
    assert findings(source) != []


@pytest.mark.parametrize(
    "source",
    [
        'raise UsageError(_("invalid RUT {rut!r}").format(rut=rut), code="invalid_nin")\n',
        'raise ProviderError(f"{name}: {message}", code=code)\n',  # no words of ours
        'app.reporter.warn(ngettext("{n} day", "{n} days", n).format(n=n))\n',
        'View(_("Inbox"), rows, body, headers=(_("Time"), _("Code")))\n',
        'View(title, [(_("Status"), "sent")], body)\n',  # values are data
        'typer.Option("--otp", metavar="CODE", help=_("The code."))\n',
        'add(app, login, "login", help=_("Send a login code."))\n',
        'app.reporter.value(f"{key}={value}")\n',  # data on stdout, not a message
        'raise UsageError(said, code="usage_error")\n',
    ],
)
def test_the_check_leaves_marked_messages_and_data_alone(source: str) -> None:
    assert findings(source) == []
