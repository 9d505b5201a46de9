"""The one place where what ended a run becomes a message and an exit code.

One table from the kind of ending to how it is told; the first entry that matches wins.
"""

from __future__ import annotations

from collections.abc import Callable

import typer

from otpcli import __version__
from otpcli.errors import Exit, Finished, OtpcliError
from otpcli.i18n import _
from otpcli.report.reporter import Reporter


class ShowHelp(Exception):
    """A group was called without a subcommand: its help is the answer."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class ShowVersion(Exception):
    """`--version` among other options (alone, __main__ answers before importing anything)."""


def _help(exc: BaseException, out: Reporter, debug: bool) -> int:
    assert isinstance(exc, ShowHelp)
    out.help(exc.text)
    return Exit.OK


def _version(exc: BaseException, out: Reporter, debug: bool) -> int:
    out.help(f"otpcli {__version__}")
    return Exit.OK


def _finished(exc: BaseException, out: Reporter, debug: bool) -> int:
    assert isinstance(exc, Finished)
    return exc.exit_code


def _failure(exc: BaseException, out: Reporter, debug: bool) -> int:
    assert isinstance(exc, OtpcliError)
    out.error(exc)
    if debug:
        _traceback(out)
    return int(exc.exit_code)


def _exit(exc: BaseException, out: Reporter, debug: bool) -> int:
    assert isinstance(exc, typer.Exit)
    return int(exc.exit_code)


def _interrupted(exc: BaseException, out: Reporter, debug: bool) -> int:
    out.status("\n" + _("interrupted: a request already sent may still have reached the provider"))
    return Exit.INTERRUPTED


def _usage(exc: BaseException, out: Reporter, debug: bool) -> int:
    """What click's parser refused: a bad option, a missing argument, a bad choice."""
    from otpcli.cli.typer_i18n import usage_message

    assert isinstance(exc, typer.TyperException)
    out.error(OtpcliError(usage_message(exc), code="usage_error", exit_code=Exit.USAGE))
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        out.usage_hint(ctx.command_path)
    return Exit.USAGE


def _closed_output(exc: BaseException, out: Reporter, debug: bool) -> int:
    # The reader went away (`| head`) after taking what it wanted: nothing left to tell it.
    out.close_stdout()
    return Exit.OK


def _file_error(exc: BaseException, out: Reporter, debug: bool) -> int:
    """A file otpcli keeps (config, state, store) cannot be written: a setting to fix."""
    assert isinstance(exc, OSError)
    reason = exc.strerror or type(exc).__name__
    said = (
        _("cannot write {file}: {reason}").format(file=exc.filename, reason=reason)
        if exc.filename
        else _("cannot write: {reason}").format(reason=reason)
    )
    error = OtpcliError(
        said,
        code="file_error",
        hint=_("check OTPCLI_CONFIG_DIR / OTPCLI_DATA_DIR and their permissions"),
        exit_code=Exit.USAGE,
    )
    return _failure(error, out, debug)


def _bug(exc: BaseException, out: Reporter, debug: bool) -> int:
    out.error(
        OtpcliError(
            _("internal error: {failure}").format(failure=type(exc).__name__),
            code="internal_error",
            hint=_("this is a bug; run again with --debug and report it"),
        )
    )
    if debug:
        _traceback(out)
    return Exit.INTERNAL


def _traceback(out: Reporter) -> None:
    import traceback  # only with --debug: linecache and tokenize cost every run otherwise

    out.traceback(traceback.format_exc())


ENDINGS: tuple[tuple[type[BaseException], Callable[[BaseException, Reporter, bool], int]], ...] = (
    (ShowHelp, _help),
    (ShowVersion, _version),
    (Finished, _finished),
    (OtpcliError, _failure),
    (typer.Exit, _exit),
    (KeyboardInterrupt, _interrupted),
    (typer.Abort, _interrupted),
    (typer.TyperException, _usage),
    (BrokenPipeError, _closed_output),
    (OSError, _file_error),
    (Exception, _bug),
)


def exit_code(exc: BaseException, out: Reporter, *, debug: bool) -> int:
    for kind, tell in ENDINGS:
        if isinstance(exc, kind):
            return tell(exc, out, debug)
    raise exc  # SystemExit and the like: not ours to tell
