"""What the tests of `--from` runs share: the provider URLs, the input file, the output lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import TRUST, VERIFIK

SEND = f"{VERIFIK}/v2/phone-validations"
CREATE = f"{TRUST}/verification/api/v2/verification/create"


def records(stdout: str) -> list[dict[str, Any]]:
    """The NDJSON lines of a run's stdout, one object a record."""
    return [json.loads(line) for line in stdout.splitlines()]


def write(tmp_path: Path, text: str | bytes, name: str = "in.csv") -> str:
    """Write a `--from` file (bytes as they are, text as UTF-8) and return its path."""
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return str(path)
