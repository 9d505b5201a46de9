"""Options shared by several commands, so their names and help read the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Gateway(StrEnum):
    sms = "sms"
    whatsapp = "whatsapp"


class ValidateGateway(StrEnum):
    sms = "sms"
    whatsapp = "whatsapp"
    none = "none"


class Provider(StrEnum):
    verifik = "verifik"
    trust = "trust"


PhoneArg = Annotated[
    str | None,
    typer.Argument(
        help="E.164 (+50762617737) or a national number with --country-code.",
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
        help="Country calling code for national numbers, e.g. +507.",
    ),
]
Otp = Annotated[
    str | None,
    typer.Option(
        "--otp", metavar="CODE", help="The code the customer received; '-' reads it from stdin."
    ),
]
TokenStdin = Annotated[
    bool, typer.Option("--token-stdin", help="Read the access token from stdin (first line).")
]
InsecureStorage = Annotated[
    bool,
    typer.Option(
        "--insecure-storage",
        help="Store credentials in a 0600 file instead of the OS keyring.",
    ),
]
Project = Annotated[
    str | None,
    typer.Option("--project", metavar="ID", help="Verifik project id (config: project)."),
]
ProjectFlow = Annotated[
    str | None,
    typer.Option(
        "--project-flow", metavar="ID", help="Verifik project flow id (config: project_flow)."
    ),
]
FromFile = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="FILE",
        help="Read records from a file ('-' = stdin): one phone per line, or CSV.",
    ),
]
Concurrency = Annotated[
    int,
    typer.Option(
        "--concurrency",
        metavar="N",
        min=1,
        max=1000,
        help="With --from: requests in flight at once.",
    ),
]
Rate = Annotated[
    float | None,
    typer.Option(
        "--rate",
        help="With --from: at most this many requests per second.",
        metavar="PER_SECOND",
        show_default=False,
    ),
]
Resume = Annotated[
    str | None,
    typer.Option(
        "--resume",
        help="With --from: skip the records an earlier run's NDJSON results report ok.",
        metavar="RESULTS.ndjson",
        show_default=False,
    ),
]
