"""Running `otpcli doctor` in-process and reading its rows."""

from __future__ import annotations

from typing import Any

CHECK_KEYS = {"name", "status", "detail", "remedy", "ms"}


def rows(result: Any) -> dict[str, dict[str, Any]]:
    """The checks of a `doctor --json` run, by name; each has exactly the documented keys."""
    checks = result.json()["checks"]
    assert all(set(check) == CHECK_KEYS for check in checks), checks
    return {check["name"]: check for check in checks}


def failed(result: Any) -> list[str]:
    return [name for name, check in rows(result).items() if check["status"] == "fail"]
