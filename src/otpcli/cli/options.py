"""Options shared by several commands, declared once so they read the same everywhere.

The global options and the bulk options are option groups (see `cli.groups`); the rest are
`Annotated` aliases that commands put in their signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

import typer

from otpcli.i18n import _

DEFAULT_TIMEOUT = 15.0
DEFAULT_CONCURRENCY = 8
DEFAULT_CONNECTION_FAILURES = 20  # in a row, before a bulk run takes the server for gone


class Provider(StrEnum):
    verifik = "verifik"
    trust = "trust"


@dataclass(frozen=True)
class GlobalOptions:
    """Options every command takes, before or after its name (`otpcli --json send` or
    `otpcli send --json`); given in both places, the later one wins."""

    option_group = True

    json: Annotated[
        bool,
        typer.Option("--json", help=_("Print the provider's answer as JSON (secrets redacted).")),
    ] = False
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=_("Print one bare value: an id or a status."))
    ] = False
    debug: Annotated[
        bool, typer.Option("--debug", help=_("Trace requests and responses on stderr (redacted)."))
    ] = False
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Print the request and a curl line; send nothing."))
    ] = False
    no_input: Annotated[
        bool, typer.Option("--no-input", help=_("Never prompt; missing input is a usage error."))
    ] = False
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            metavar="NAME",
            help=_("Profile to use [env: OTPCLI_PROFILE; default: default]."),
            show_default=False,
        ),
    ] = None
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0.1,
            max=600,
            help=_("Seconds to wait for a whole answer [default: {seconds:g}].").format(
                seconds=DEFAULT_TIMEOUT
            ),
            show_default=False,
        ),
    ] = None

    def over(self, before: GlobalOptions) -> GlobalOptions:
        """These options (given after the command name) on top of those given before it."""
        return GlobalOptions(
            json=self.json or before.json,
            quiet=self.quiet or before.quiet,
            debug=self.debug or before.debug,
            dry_run=self.dry_run or before.dry_run,
            no_input=self.no_input or before.no_input,
            profile=self.profile if self.profile is not None else before.profile,
            timeout=self.timeout if self.timeout is not None else before.timeout,
        )

    @property
    def seconds(self) -> float:
        return DEFAULT_TIMEOUT if self.timeout is None else self.timeout


PhoneArg = Annotated[
    str | None,
    typer.Argument(
        help=_("E.164 (+50762617737) or a national number with --country-code."),
        metavar="PHONE",
        show_default=False,
    ),
]
CountryCode = Annotated[
    str | None,
    typer.Option(
        "--country-code",
        "-c",
        metavar="+CC",
        help=_("Country calling code for national numbers, e.g. +507."),
    ),
]
Otp = Annotated[
    str | None,
    typer.Option(
        "--otp", metavar="CODE", help=_("The code the customer received; '-' reads it from stdin.")
    ),
]
TokenStdin = Annotated[
    bool, typer.Option("--token-stdin", help=_("Read the access token from stdin (first line)."))
]
InsecureStorage = Annotated[
    bool,
    typer.Option(
        "--insecure-storage",
        help=_("Store credentials in a 0600 file instead of the OS keyring."),
    ),
]
Project = Annotated[
    str | None,
    typer.Option("--project", metavar="ID", help=_("Verifik project id (config: project).")),
]
ProjectFlow = Annotated[
    str | None,
    typer.Option(
        "--project-flow", metavar="ID", help=_("Verifik project flow id (config: project_flow).")
    ),
]


@dataclass(frozen=True)
class BulkOptions:
    """How `send`, `validate` and `trust-send` run over many records (`--from FILE`)."""

    option_group = True

    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help=_("Read records from a file ('-' = stdin): one phone per line, or CSV."),
            show_default=False,
        ),
    ] = None
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency",
            metavar="N",
            min=1,
            max=1000,
            help=_("With --from: requests in flight at once."),
        ),
    ] = DEFAULT_CONCURRENCY
    rate: Annotated[
        float | None,
        typer.Option(
            "--rate",
            help=_("With --from: at most this many requests per second."),
            metavar="PER_SECOND",
            show_default=False,
        ),
    ] = None
    resume: Annotated[
        str | None,
        typer.Option(
            "--resume",
            help=_(
                "With --from: skip the records an earlier run's NDJSON results report ok"
                " (or abandoned)."
            ),
            metavar="RESULTS.ndjson",
            show_default=False,
        ),
    ] = None
    retry_abandoned: Annotated[
        bool,
        typer.Option(
            "--retry-abandoned",
            help=_(
                "With --resume: send again the records an earlier run abandoned in flight"
                " (they may have been sent)."
            ),
        ),
    ] = False
    max_connection_failures: Annotated[
        int,
        typer.Option(
            "--max-connection-failures",
            metavar="N",
            min=0,
            help=_("With --from: stop after N connections in a row fail (0: never stop)."),
        ),
    ] = DEFAULT_CONNECTION_FAILURES
