"""doctor: is the keyring usable, which config and profile, can this machine reach the
providers. Never sends a code, posts a credential, or calls an endpoint that charges."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from otpcli.cli.groups import register as add
from otpcli.cli.options import TokenStdin
from otpcli.i18n import N_, _

if TYPE_CHECKING:
    from otpcli.application import App

HEADERS = (N_("Check"), "", N_("Found"), N_("Remedy"))
EPILOG = N_(
    "Exit codes: 0 every check passed or only deserves a look (!); 3 only credential checks"
    " failed; 8 a network check failed; 7 anything else failed."
)
HELP = N_(
    "Check the install, keyring, config, credentials, clock and network access.\n\n"
    "One row per check: ✓ fine, ! worth a look, ✗ failed, with what to do about it. The"
    " network checks (DNS, TCP, TLS, one harmless GET per base URL) run in parallel, each"
    " within --timeout; --offline and --dry-run skip them. No code is sent, no credential"
    " posted, no provider call that costs credits made."
)


def doctor(
    app: App,
    offline: Annotated[
        bool, typer.Option("--offline", help=_("Skip the network and clock checks."))
    ] = False,
    token_stdin: TokenStdin = False,
) -> None:
    """Every check, one row each; -q prints the worst status, --json every check in English.
    (The help text is HELP: a docstring is in no catalog.)"""
    from otpcli.doctor.checks import MARKS, STYLES, exit_code, overall, summary
    from otpcli.doctor.run import run_checks
    from otpcli.errors import Finished
    from otpcli.report.reporter import View

    checks = run_checks(
        profile_flag=app.options.profile,
        timeout=app.options.seconds,
        offline="--dry-run" if app.dry_run else "--offline" if offline else None,
        stdin_token=app.stdin_token(token_stdin),
        remember=app.reporter.secrets.add,
    )
    rows = [(c.name, MARKS[c.status], c.detail, c.remedy or "") for c in checks]
    app.reporter.result(
        View(
            _("otpcli doctor"),
            rows,
            {"checks": [check.as_dict() for check in checks]},
            quiet=overall(checks).value,
            headers=tuple(_(header) if header else "" for header in HEADERS),
            marks=[STYLES[check.status] for check in checks],
        )
    )
    app.reporter.info(summary(checks))
    code = exit_code(checks)
    if code:
        raise Finished(code)


def register(root: typer.Typer) -> None:
    add(root, doctor, help=_(HELP), epilog=_(EPILOG))
