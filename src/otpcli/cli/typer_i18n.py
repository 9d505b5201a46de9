"""typer's and click's own words ("Usage:", "Options", "Missing option"...) in otpcli's
language: the second workaround of typer, beside `typer_compat`.

typer 0.29 vendors click as `typer._click`, and that click writes English only, while
`typer/core.py` looks its words up with the standard `gettext.gettext` (section titles,
"default: ...", "required", "Missing command.", "No such command ..."). Each is translated
the least invasive way there is:

- typer.core's gettext calls: in Spanish, otpcli's catalog is bound as gettext's default
  text domain (`bind()`), and `LANGUAGE` is set to otpcli's language in otpcli's own process
  environment. `gettext.gettext` chooses its catalog from LANGUAGE, LC_ALL, LC_MESSAGES and
  LANG only, while otpcli's choice also counts OTPCLI_LANG and the profile; LANGUAGE is the
  variable GNU gettext reads first, meant for exactly this: the language of messages, apart
  from the locale. The catalog holds typer.core's words because `FRAMEWORK` marks them.
- "Usage:": the command and group classes below, given to typer with `cls=` (its
  documented extension point), write the usage line with a translated prefix.
- "Show this message and exit.": `typer_compat.install` sets the help option's text where it
  already builds each command's help option.
- The parser's errors ("Missing option", "No such option", "Invalid value"...):
  `usage_message()` words them again, for the boundary, from the exception's data.

`tests/cli/test_typer_i18n.py` fails when typer changes any of this: a word typer.core
translates that `FRAMEWORK` lacks, the usage prefix, or an error's English wording (the
English of `usage_message()` must equal click's `format_message()`).
"""

from __future__ import annotations

import os
import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

from otpcli import i18n
from otpcli.i18n import N_, _, ngettext

# Every word typer/core.py passes to gettext (what `bind()` makes otpcli's catalog answer).
FRAMEWORK = (
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)
HELP_OPTION = N_("Show this message and exit.")


def bind() -> None:
    """Make typer.core's gettext calls answer in otpcli's language (a no-op in English,
    which is what typer writes anyway)."""
    if i18n.language() == i18n.DEFAULT:
        return
    import gettext

    gettext.bindtextdomain(i18n.DOMAIN, i18n.LOCALE_DIR)
    gettext.textdomain(i18n.DOMAIN)
    os.environ["LANGUAGE"] = i18n.language()


def _usage_line(ctx: Any, formatter: Any, pieces: list[str]) -> None:
    # TRANSLATORS: the start of a help text's first line; keep the space after the colon.
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))


class Command(TyperCommand):
    """typer's command, its usage line in the run's language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage_line(ctx, formatter, self.collect_usage_pieces(ctx))


class Group(TyperGroup):
    """typer's group, its usage line and its "No such command" in the run's language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage_line(ctx, formatter, self.collect_usage_pieces(ctx))

    def visible_names(self) -> list[str]:
        """The subcommands a typo may be taken for (never a hidden one)."""
        return [name for name, command in self.commands.items() if not command.hidden]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """typer's own refusal of an unknown command says it with typer's gettext, whose
        translation has no English left for --json (which stays English): say it here,
        through otpcli's catalog, with typer's suggestions."""
        name = args[0]
        if name.startswith("-") or ctx.resilient_parsing or self.get_command(ctx, name):
            return super().resolve_command(ctx, args)
        from difflib import get_close_matches

        told = _("No such command {name!r}.").format(name=name)
        matches = get_close_matches(name, self.visible_names())
        if matches:
            problem = i18n.Text(told.rstrip("."), i18n.english(told).rstrip("."))
            told = _("{problem}. Did you mean {suggestions}?").format(
                problem=problem, suggestions=", ".join(repr(match) for match in matches)
            )
        ctx.fail(told)


_MISSING = {
    "option": N_("Missing option {name}."),
    "argument": N_("Missing argument {name}."),
    "parameter": N_("Missing parameter {name}."),
}
_CHOOSE_FROM = "Choose from:"  # typer's get_missing_message(), before the choices


def usage_message(exc: Any) -> str:
    """What click's parser refused, in the run's language, worded again from the
    exception's data; what it does not know it tells as click did."""
    from typer._click import exceptions as refused

    said = exc.format_message()
    if isinstance(exc, refused.MissingParameter):
        return _missing(exc) or said
    if isinstance(exc, refused.BadParameter):
        hint = _param_hint(exc)
        if hint is None:
            return _("Invalid value: {reason}").format(reason=exc.message)
        return _("Invalid value for {name}: {reason}").format(name=hint, reason=exc.message)
    if isinstance(exc, refused.NoSuchOption):
        told = _("No such option: {name}").format(name=exc.option_name)
        if not exc.possibilities:
            return told
        return _("{problem} (Possible options: {options})").format(
            problem=told, options=", ".join(sorted(exc.possibilities))
        )
    if isinstance(exc, refused.BadOptionUsage):
        return _option_usage(exc.option_name, exc.message) or said
    return _other(exc.message) or said


def _param_hint(exc: Any) -> str | None:
    """The parameter's name as click quotes it: '--otp', or '--gateway' / '-g'."""
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return str(hint) if hint is not None else None


def _missing(exc: Any) -> str | None:
    hint = _param_hint(exc)
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else None)
    if hint is None or kind not in _MISSING:
        return None
    said = _(_MISSING[kind]).format(name=hint)
    extra = exc.message or ""
    more = exc.param.get_missing_message(ctx=exc.ctx) if exc.param is not None else ""
    if more:  # joined with i18n.join: --json keeps the English of what is translated
        if more.startswith(_CHOOSE_FROM):
            more = i18n.join("", (_("Choose from:"), more[len(_CHOOSE_FROM) :]))
        extra = i18n.join(". ", (extra, more)) if extra else more
    return i18n.join(" ", (said, extra)) if extra else said


def _option_usage(name: str, message: str) -> str | None:
    if message == f"Option {name!r} does not take a value.":
        return _("Option {name!r} does not take a value.").format(name=name)
    if message == f"Option {name!r} requires an argument.":
        return _("Option {name!r} requires an argument.").format(name=name)
    many = re.fullmatch(rf"Option {re.escape(repr(name))} requires (\d+) arguments\.", message)
    if many:
        count = int(many.group(1))
        return ngettext(
            "Option {name!r} requires {count} argument.",
            "Option {name!r} requires {count} arguments.",
            count,
        ).format(name=name, count=count)
    return None


def _other(message: str) -> str | None:
    """click's and typer's plain usage errors: the extra-argument check, and typer's
    "Did you mean ...?" after a translated "No such command"."""
    extra = re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", message, re.DOTALL)
    if extra:
        return _("Got unexpected extra argument(s) ({arguments})").format(arguments=extra.group(1))
    typo = re.fullmatch(r"(.*)\. Did you mean (.*)\?", message, re.DOTALL)
    if typo:
        return _("{problem}. Did you mean {suggestions}?").format(
            problem=typo.group(1), suggestions=typo.group(2)
        )
    return None
