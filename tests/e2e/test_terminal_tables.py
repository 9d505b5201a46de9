"""Tables on an 80-column terminal fold long values onto more lines instead of cutting them:
support staff copy ids and paths out of them."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures_sandbox import OTPCLI

pytestmark = pytest.mark.e2e


def on_a_terminal(args: list[str], env: dict[str, str], columns: int = 80) -> str:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen(
        [OTPCLI, *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed its side
            break
        if not chunk:
            break
        screen += chunk
    process.wait(30)
    os.close(leader)
    return re.sub(r"\x1b\[[0-9;]*m", "", screen.decode())  # colours off, text kept


def test_a_long_path_folds_at_80_columns_and_none_of_it_is_cut(otpcli: Any, tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-directory-name-" * 3) / "otpcli-configuration"
    env = {**otpcli.env, "OTPCLI_CONFIG_DIR": str(deep)}
    env.pop("NO_COLOR", None)
    otpcli_env_set = subprocess.run(
        [OTPCLI, "config", "set", "project", "p" * 40, "--profile", "sandbox"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert otpcli_env_set.returncode == 0
    screen = on_a_terminal(["config", "list", "--show-origin"], env)
    assert "╭" in screen  # a boxed table: it is a terminal
    assert "…" not in screen
    assert max(len(line) for line in screen.splitlines()) <= 80
    rows = [line.split("│") for line in screen.splitlines() if line.startswith("│")]
    origin = "".join(cells[3].strip() for cells in rows)  # the Origin column, lines joined
    assert f"{deep / 'config.toml'}[profiles.sandbox]" in origin
