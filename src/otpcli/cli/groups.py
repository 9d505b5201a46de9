"""Options declared once and given to many commands, and the App handed to each command.

An option group is a frozen dataclass whose fields are typer options (`Annotated`). A
command asks for a group by naming it as a parameter's type (`bulk: BulkOptions`), and
`command()` spreads the group's options into the signature typer reads, then gathers them
back into the dataclass. The global options (`GlobalOptions`) are a group every command
gets, so they work after the command name as well as before it, with no argv rewriting.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.cli.options import GlobalOptions

G = TypeVar("G")
_SEPARATOR = "__"  # a group's option is `<parameter>__<field>` in the signature typer sees


def is_group(annotation: object) -> bool:
    return isinstance(annotation, type) and getattr(annotation, "option_group", False)


@functools.cache
def spread(name: str, group: type[Any]) -> tuple[inspect.Parameter, ...]:
    """The group's fields as keyword parameters typer turns into options (worked out once
    per group: every command asks for the global options)."""
    hints = typing.get_type_hints(group, include_extras=True)
    return tuple(
        inspect.Parameter(
            f"{name}{_SEPARATOR}{f.name}",
            inspect.Parameter.KEYWORD_ONLY,
            default=f.default,
            annotation=hints[f.name],
        )
        for f in dataclasses.fields(group)
    )


def gather(name: str, group: type[G], values: dict[str, Any]) -> G:
    """The group rebuilt from the keyword arguments typer passed (and removed from them)."""
    prefix = f"{name}{_SEPARATOR}"
    own = {k[len(prefix) :]: values.pop(k) for k in list(values) if k.startswith(prefix)}
    return group(**own)


class Launch:
    """What the entry point knows before a command runs, and the App once one does.

    Handed to click as the root context's `obj`, so every command finds it through its
    context: there is no module-level state.
    """

    def __init__(self, before: GlobalOptions) -> None:
        self.before = before  # the global options given before the command name
        self.app: App | None = None

    def start(self, after: GlobalOptions) -> App:
        from otpcli.application import App

        self.app = App(after.over(self.before))
        return self.app


def command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Make `fn(app, ...)` a typer command: it gets the global options, its own option
    groups spread out, and the App built from the global options."""
    from otpcli.cli.options import GlobalOptions

    own = [_evaluated(p, fn) for p in list(inspect.signature(fn).parameters.values())[1:]]
    params: list[inspect.Parameter] = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    ]
    groups: dict[str, type[Any]] = {}
    for param in own:
        if is_group(param.annotation):
            groups[param.name] = param.annotation
            params += spread(param.name, param.annotation)
        else:
            params.append(param)
    params += spread("globals", GlobalOptions)

    @functools.wraps(fn, assigned=("__module__", "__name__", "__qualname__", "__doc__"))
    def wrapper(ctx: typer.Context, **kwargs: Any) -> Any:
        launch: Launch = ctx.obj
        app = launch.start(gather("globals", GlobalOptions, kwargs))
        for name, group in groups.items():
            kwargs[name] = gather(name, group, kwargs)
        if ctx.args:
            # Extra words are refused here, not by click: click would quote them back, and
            # one may be a secret typed in the wrong place (`trust-login --client-id ID S`).
            from otpcli.errors import UsageError
            from otpcli.i18n import ngettext

            count = len(ctx.args)
            said = ngettext(
                "got {count} unexpected extra argument"
                " (codes and secrets go in --otp, --secret-stdin or --token-stdin)",
                "got {count} unexpected extra arguments"
                " (codes and secrets go in --otp, --secret-stdin or --token-stdin)",
                count,
            )
            raise UsageError(said.format(count=count), code="usage_error")
        return fn(app, **kwargs)

    ordered = sorted(params, key=lambda p: p.kind)  # positional before keyword-only
    wrapper.__signature__ = inspect.Signature(ordered)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in ordered}
    return wrapper


def _evaluated(param: inspect.Parameter, fn: Callable[..., Any]) -> inspect.Parameter:
    """The parameter with its annotation evaluated, as `eval_str=True` would, one at a
    time: the first parameter's type (`App`) is only imported for type checkers."""
    if not isinstance(param.annotation, str):
        return param
    value = eval(param.annotation, fn.__globals__)  # noqa: S307 (what inspect itself does)
    return param.replace(annotation=value)


def register(app: typer.Typer, fn: Callable[..., Any], name: str | None = None, **kw: Any) -> None:
    """Add `fn` to `app` as a command that takes the global options (and no stray words),
    whose usage line is in the run's language (give it `help=_(...)`: a docstring is in no
    catalog)."""
    from otpcli.cli.typer_i18n import Command

    wanted = getattr(app, "wanted", None)  # the one command `cli.lazy` is building
    if wanted is not None and wanted != (name or fn.__name__.lower().replace("_", "-")):
        return
    settings = {"allow_extra_args": True, "ignore_unknown_options": False}
    app.command(name, cls=Command, context_settings=settings, **kw)(command(fn))
