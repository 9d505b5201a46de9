"""The typer app: the root with its global options, and every command registered on it."""

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


def group(help_text: str) -> typer.Typer:
    """A command group; called without a subcommand, it shows its help."""
    sub = typer.Typer(cls=Group, help=help_text, invoke_without_command=True)

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
    """The click command tree behind the typer app, ready to parse."""
    import typer.main

    from otpcli.cli import typer_compat, typer_i18n

    typer_i18n.bind()
    command = typer.main.get_command(typer_app())
    typer_compat.install(command)
    return command


def typer_app() -> typer.Typer:
    """The typer app with every command registered."""
    from otpcli.commands import (
        auth,
        completion,
        config_cmd,
        doctor,
        sandbox,
        trust,
        validations,
        verifik,
    )

    app = typer.Typer(
        cls=Group,
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
    verifik.register(app)
    validations.register(app)
    trust.register(app)
    auth_help = _("Inspect, print or forget stored credentials.")
    app.add_typer(auth.register(group(auth_help)), name="auth")
    app.add_typer(config_cmd.register(group(_("Read and change profile settings."))), name="config")
    sandbox_help = _("A local emulator of Verifik, Trust and Atenea, for QA and demos.")
    app.add_typer(sandbox.register(group(sandbox_help)), name="sandbox")
    doctor.register(app)
    completion.register(app)
    return app
