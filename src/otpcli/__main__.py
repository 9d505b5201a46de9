"""Entry point. `--version` and the completion scripts' profile list are answered before
anything heavy is imported; everything else goes through `cli.run`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from otpcli import __version__

        sys.stdout.write(f"otpcli {__version__}\n")
        code = 0
    elif args == ["__complete-profiles"]:  # asked on TAB by the completion scripts: no typer
        from otpcli.completion.profiles import print_profiles

        code = print_profiles()
    else:
        from otpcli.cli.run import run

        code = run(args)
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":
    main()
