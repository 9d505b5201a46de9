"""Parse the command line, run the command, and end through the boundary."""

from __future__ import annotations

from otpcli.cli.boundary import exit_code
from otpcli.cli.groups import Launch
from otpcli.cli.options import GlobalOptions
from otpcli.report.reporter import Reporter


def run(args: list[str]) -> int:
    launch = Launch(GlobalOptions())
    try:
        from otpcli.cli.root import build

        root = build()
        with root.make_context("otpcli", list(args), obj=launch) as ctx:
            root.invoke(ctx)
        return 0
    except BaseException as exc:
        app = launch.app
        if app is not None:
            return exit_code(exc, app.reporter, debug=app.options.debug)
        return exit_code(exc, _early_reporter(args, launch), debug="--debug" in _words(args))
    finally:
        if launch.app is not None:
            launch.app.close()


def _words(args: list[str]) -> list[str]:
    return args[: args.index("--")] if "--" in args else args


def _early_reporter(args: list[str], launch: Launch) -> Reporter:
    """For an error before any command ran (a parse error): --json is honoured as soon as it
    is among the words, even when the parser never reached it."""
    return Reporter(json_mode=launch.before.json or "--json" in _words(args))
