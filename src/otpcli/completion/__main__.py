"""python -m otpcli.completion [--check] [DIRECTORY]: write or check completions/.

A maintainer's tool (scripts/gen-completions), not part of the CLI: it prints itself. The
scripts it writes are English whatever the maintainer's language (`otpcli completion SHELL`
prints them in the user's).
"""

from __future__ import annotations

import sys
from pathlib import Path

from otpcli import i18n
from otpcli.completion.generate import stale_files, write_files


def main(argv: list[str] | None = None) -> int:
    with i18n.use(i18n.DEFAULT):
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    rest = [a for a in args if a != "--check"]
    directory = Path(rest[0] if rest else "completions")
    if check:
        stale = stale_files(directory)
        for name in stale:
            sys.stderr.write(f"{directory / name} is stale: run scripts/gen-completions\n")
        return 1 if stale else 0
    for path in write_files(directory):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
