"""What the commands share: reading a phone, a code and a country code the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from otpcli.errors import UsageError
from otpcli.i18n import _
from otpcli.inputs import parse_country_code, parse_otp

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.cli.options import BulkOptions

PROMPT_TRIES = 3


def country_code(app: App, flag: str | None) -> str | None:
    """--country-code, else the profile's; a bad one is refused before anything is read."""
    value = app.settings.get("country_code", flag)
    return parse_country_code(value) if value else None


TITLE_LENGTH = (1, 15)


def title(raw: str | None) -> str | None:
    """A manual send's title: 1 to 15 characters, as Verifik accepts."""
    if raw is None:
        return None
    shortest, longest = TITLE_LENGTH
    if not shortest <= len(raw.strip()) <= longest:
        raise UsageError(
            _("--title must be {shortest} to {longest} characters, not {length}").format(
                shortest=shortest, longest=longest, length=len(raw.strip())
            ),
            code="invalid_title",
        )
    return raw.strip()


def otp(app: App, raw: str | None, prompt: str | None = None) -> str:
    """--otp CODE, --otp - (stdin), or a prompt on a terminal; remembered as a secret."""
    code = _read_otp(app, raw, prompt or _("Code"))
    app.reporter.secrets.add_code(code)
    return code


def _read_otp(app: App, raw: str | None, prompt: str) -> str:
    if raw == "-":
        return parse_otp(app.read_stdin("--otp -"))
    if raw is not None:
        return parse_otp(raw)
    if not app.interactive:
        raise UsageError(
            _("missing --otp"),
            code="missing_argument",
            hint=_("pass --otp CODE, or --otp - to read stdin"),
        )
    for attempt in range(1, PROMPT_TRIES + 1):  # a typo at the prompt deserves another go
        try:
            return parse_otp(app.reporter.prompt(prompt, secret=True))
        except UsageError as exc:
            if attempt == PROMPT_TRIES:
                raise
            app.reporter.warn(exc.message, code=exc.code)
    raise AssertionError("unreachable")


def check_bulk(
    bulk: BulkOptions,
    argument: str | None,
    stdin_users: dict[str, bool],
    column: str = "phone",
) -> None:
    """Usage errors of a `--from` run, found before anything is read or sent; `argument`
    is the command's PHONE (or ID, as `column` says), which the file replaces."""
    if argument is not None:
        raise UsageError(
            _("{argument} and --from cannot be used together").format(argument=column.upper()),
            code="conflicting_options",
            hint=_("put the {column} in the file, or drop --from").format(column=column),
        )
    if bulk.source == "-":
        for option, used in stdin_users.items():
            if used:
                raise UsageError(
                    _("--from - and {option} cannot both read stdin").format(option=option),
                    code="conflicting_options",
                )
    if bulk.rate is not None and not (bulk.rate > 0 and bulk.rate != float("inf")):  # NaN too
        raise UsageError(_("--rate must be more than 0 requests per second"), code="invalid_input")
