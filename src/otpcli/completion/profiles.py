"""`otpcli __complete-profiles`: the one question the completion scripts ask otpcli."""

from __future__ import annotations

import sys


def print_profiles() -> int:
    """Profile names, one a line, for TAB after --profile.

    Called by `__main__` before typer is imported (TAB must be quick); a broken config file
    prints nothing, since the shell would only show the message in the middle of the line.
    """
    from otpcli import config
    from otpcli.errors import OtpcliError

    try:
        names = config.profile_names()
    except OtpcliError as error:
        return int(error.exit_code)
    sys.stdout.write("".join(f"{name}\n" for name in names))
    return 0
