"""Entry point, and the one place where failures become messages and exit codes."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # `typing` costs milliseconds that a bare --version must not pay
if TYPE_CHECKING:
    from typing import Any

# Options that shape output are accepted after the command name too: they are moved in
# front of it before parsing. Those with a value carry it along.
GLOBAL_FLAGS = frozenset({"--json", "-q", "--quiet", "--debug", "--dry-run", "--no-input"})
GLOBAL_WITH_VALUE = frozenset({"--profile", "-p", "--timeout"})


def hoist_global_options(argv: list[str], takes_value: frozenset[str] = frozenset()) -> list[str]:
    """Move global options in front of the command; `takes_value` names the options whose
    next word is their value (`--otp -q` means the code "-q", not quiet)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in takes_value and arg not in GLOBAL_WITH_VALUE and i + 1 < len(argv):
            rest += [arg, argv[i + 1]]
            i += 1
        elif arg in GLOBAL_FLAGS or (name in GLOBAL_WITH_VALUE and "=" in arg):
            front.append(arg)
        elif arg in GLOBAL_WITH_VALUE and i + 1 < len(argv):
            front += [arg, argv[i + 1]]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # answered before anything heavy is imported
        from otpcli import __version__

        sys.stdout.write(f"otpcli {__version__}\n")
        return 0
    if args == ["__complete-profiles"]:  # asked on TAB by the completion scripts: no typer
        from otpcli.completion_gen import print_profiles

        code = print_profiles()
    else:
        code = run(args)
    if argv is None:
        sys.exit(code)
    return code


def run(args: list[str]) -> int:
    from otpcli import runtime
    from otpcli.errors import Exit, Finished, OtpcliError
    from otpcli.output import Output

    # Until the global options are parsed (and if parsing fails) errors already follow --json.
    json_mode = "--json" in args
    runtime.set_current(runtime.Runtime(json=json_mode, out=Output(json_mode=json_mode)))
    debug = "--debug" in args
    try:
        from typer import Abort, TyperException
        from typer import Exit as ClickExit

        from otpcli.app import app
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    try:
        import typer.main

        command = typer.main.get_command(app)
        args = hoist_global_options(args, _options_with_values(command))
        if _help_only(command, args):
            return Exit.OK
        result = command.main(args=args, prog_name="otpcli", standalone_mode=False)
        if result == Exit.INTERRUPTED:  # typer turns Ctrl-C into this exit code
            _interrupted()
        return int(result) if isinstance(result, int) else 0
    except Finished as finished:  # the command (a bulk run) already said how it ended
        return finished.exit_code
    except OtpcliError as error:
        runtime.current().out.error(error)
        if debug:
            _traceback()
        return int(error.exit_code)
    except ClickExit as exc:
        return int(exc.exit_code)
    except TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            sys.stdout.write(ctx.get_help() + "\n")  # bare `otpcli` or `otpcli auth`: show help
            return Exit.OK
        # Usage errors from the parser: bad option, missing argument, bad choice.
        out = runtime.current().out
        text = _without_stray_words(
            exc.format_message() if hasattr(exc, "format_message") else str(exc)
        )
        usage = OtpcliError(text, code="usage_error", exit_code=Exit.USAGE)
        out.error(usage)
        if ctx is not None and not out.json_mode:
            sys.stderr.write(f"Try '{ctx.command_path} --help' for help.\n")
        return Exit.USAGE
    except (KeyboardInterrupt, Abort):
        _interrupted()
        return Exit.INTERRUPTED
    except BrokenPipeError:
        # Reader went away (`| head`): not an error worth a message.
        sys.stderr.close()
        return Exit.OK
    except OSError as exc:
        # A file otpcli keeps (config, state, store) cannot be written: a setting to fix.
        where = f" {exc.filename}" if exc.filename else ""
        runtime.current().out.error(
            OtpcliError(
                f"cannot write{where}: {exc.strerror or type(exc).__name__}",
                code="file_error",
                hint="check OTPCLI_CONFIG_DIR / OTPCLI_DATA_DIR and their permissions",
                exit_code=Exit.USAGE,
            )
        )
        return Exit.USAGE
    except Exception as exc:
        from otpcli.http import DryRun  # imported here: --help and --version never need it

        if isinstance(exc, DryRun):
            runtime.current().out.dry_run(exc.request, _token_env(exc.request.provider))
            return Exit.OK
        out = runtime.current().out
        out.error(
            OtpcliError(
                f"internal error: {type(exc).__name__}",
                code="internal_error",
                hint="this is a bug; run again with --debug and report it",
            )
        )
        if debug:
            _traceback()
        return Exit.INTERNAL
    finally:
        runtime.current().close()


def _help_only(root: Any, args: list[str]) -> bool:
    """Print `otpcli [COMMAND...] --help` without running the option parsers' coercion.

    Coercing option values (even defaults) makes typer import pydantic, ~70 ms that --help does
    not need. Options are only tokenised here, exactly as click does; anything unusual (an
    unknown word, another eager option) returns False and takes the normal path.
    """
    words = args[: args.index("--")] if "--" in args else args
    if "--help" not in words and "-h" not in words:
        return False
    import typer

    cmd, rest = root, list(words)
    ctx = cmd.context_class(cmd, info_name="otpcli", **cmd.context_settings)
    while True:
        try:
            opts, rest, _ = cmd.make_parser(ctx).parse_args(args=rest)
        except Exception:
            return False
        eager = {p.name for p in cmd.get_params(ctx) if p.is_eager and p.name in opts}
        if eager == {"help"}:
            typer.echo(ctx.get_help(), color=ctx.color)
            return True
        sub = cmd.get_command(ctx, rest[0]) if rest and hasattr(cmd, "get_command") else None
        if eager or sub is None:
            return False
        ctx = sub.context_class(sub, info_name=sub.name, parent=ctx, **sub.context_settings)
        cmd, rest = sub, rest[1:]


def _without_stray_words(message: str) -> str:
    """click quotes unexpected extra arguments back; one may be a secret typed in the wrong
    place (`trust-login --client-id ID SECRET`), so only their number is said."""
    import re

    match = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message, re.DOTALL)
    if match is None:
        return message
    count = len(match.group(1).split())
    return (
        f"got {count} unexpected extra argument{'s' if count > 1 else ''}"
        " (codes and secrets go in --otp, --secret-stdin or --token-stdin)"
    )


def _interrupted() -> None:
    sys.stderr.write("\ninterrupted: a request already sent may still have reached the provider\n")


def _options_with_values(root: Any) -> frozenset[str]:
    """Every option name in the command tree that takes a value."""
    names: set[str] = set()
    stack = [root]
    while stack:
        command = stack.pop()
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option" and not param.is_flag:
                names.update(param.opts)
                names.update(param.secondary_opts)
        stack.extend(getattr(command, "commands", {}).values())
    return frozenset(names)


def _token_env(provider: str) -> str | None:
    return {"verifik": "VERIFIK_TOKEN", "trust": "TRUST_TOKEN"}.get(provider)


def _traceback() -> None:
    import traceback

    from otpcli import runtime

    text = "".join(traceback.format_exc())
    sys.stderr.write(runtime.current().out.scrub(text))


if __name__ == "__main__":
    main()
