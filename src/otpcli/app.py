"""The typer app: global options and the command tree. Imports stay light (see __main__)."""

from __future__ import annotations

from typing import Annotated

import typer

from otpcli import __version__
from otpcli.commands import auth, completion, config_cmd, sandbox, trust, verifik
from otpcli.runtime import Runtime, set_current

HELP = """Phone one-time passwords from the terminal: Verifik and Trust, with a local sandbox.

Output options (--json, -q, --debug, --dry-run, --no-input, --profile, --timeout) work before
or after the command name.
"""

app = typer.Typer(
    name="otpcli",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"otpcli {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the provider's answer as JSON (secrets redacted).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print one bare value: an id or a status.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Trace requests and responses on stderr (redacted).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the request and a curl line; send nothing.")
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; missing input is a usage error.")
    ] = False,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", metavar="NAME", help="Profile to use.", envvar="OTPCLI_PROFILE"
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", metavar="SECONDS", min=0.1, max=600, help="Seconds to wait for an answer."
        ),
    ] = 15.0,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    from otpcli.output import Output

    set_current(
        Runtime(
            json=json_output,
            quiet=quiet,
            debug=debug,
            dry_run=dry_run,
            no_input=no_input,
            profile=profile,
            timeout=timeout,
            out=Output(json_mode=json_output, quiet=quiet),
        )
    )


verifik.register(app)
trust.register(app)
app.add_typer(auth.app, name="auth")
app.add_typer(config_cmd.app, name="config")
app.add_typer(sandbox.app, name="sandbox")
completion.register(app)
