"""The typer app: the root with its global options; its commands are built when looked up
(`cli.index` lists them, `cli.lazy` builds them)."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import typer

from otpcli.cli.boundary import ShowHelp, ShowVersion
from otpcli.cli.groups import Launch, gather, spread
from otpcli.cli.options import GlobalOptions
from otpcli.cli.typer_i18n import Group
from otpcli.i18n import N_, _

HELP = N_(
    "Phone one-time passwords from the terminal: Verifik and Trust, with a local sandbox.\n\n"
    "Output options (--json, -q, --debug, --dry-run, --no-input, --profile, --timeout) work"
    " before or after the command name."
)
SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def group(name: str, help_text: str) -> typer.Typer:
    """A command group; called without a subcommand, it shows its help."""
    # Built apart from the root (cli.lazy), so it takes the root's settings itself.
    sub = typer.Typer(
        cls=Group,
        name=name,
        help=help_text,
        invoke_without_command=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )

    @sub.callback()
    def show_help(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            raise ShowHelp(ctx.get_help())

    return sub


def _version(value: bool) -> None:
    if value:
        raise ShowVersion()


def _root(ctx: typer.Context, **kwargs: Any) -> None:
    if ctx.obj is None:  # run by typer's own tooling (CliRunner), not through cli.run
        ctx.obj = Launch(GlobalOptions())
    launch: Launch = ctx.obj
    launch.before = gather("globals", GlobalOptions, kwargs)
    if ctx.invoked_subcommand is None:
        raise ShowHelp(ctx.get_help())


_VERSION = inspect.Parameter(
    "version",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version.")),
    ],
)
_root.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
        *spread("globals", GlobalOptions),
        _VERSION,
    ]
)


def build() -> Any:
    """The click command behind the typer app, ready to parse; each command is built when
    it is looked up (`cli.lazy`)."""
    import typer.main

    from otpcli.cli import typer_compat, typer_i18n

    typer_i18n.bind()
    command = typer.main.get_command(typer_app())
    typer_compat.install(command)
    return command


def typer_app() -> typer.Typer:
    """The typer app: the root and its options; its commands are in `cli.index`."""
    from otpcli.cli.lazy import Root

    app = typer.Typer(
        cls=Root,
        name="otpcli",
        help=_(HELP),
        invoke_without_command=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        context_settings=SETTINGS,
    )
    app.callback()(_root)
    return app
