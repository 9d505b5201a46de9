"""`otpcli doctor`: one row per check, --json, -q, and the exit code the rows add up to."""

from __future__ import annotations

from typing import Any

import pytest

from otpcli import __version__
from otpcli.doctor.checks import Check, Kind, Status, exit_code
from tests.conftest import TOKEN
from tests.doctor.helpers import rows


def test_a_clean_machine_offline_passes_with_a_row_per_check(cli: Any) -> None:
    result = cli("doctor", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    found = rows(result)
    assert list(found) == [
        "python",
        "keyring",
        "file store",
        "config",
        "profile",
        "credentials verifik",
        "credentials trust",
        "clock",
        "network",
    ]
    assert found["python"]["status"] == "ok"
    assert f"otpcli {__version__}," in found["python"]["detail"]
    assert found["keyring"]["status"] == "ok"
    assert "usable" in found["keyring"]["detail"]
    assert found["profile"]["detail"].startswith("default (no --profile or OTPCLI_PROFILE)")
    # Not logged in is worth a look (every Verifik command needs it), not a failure.
    assert found["credentials verifik"]["status"] == "warn"
    assert "otpcli login PHONE" in found["credentials verifik"]["remedy"]
    assert found["clock"]["status"] == found["network"]["status"] == "skipped"
    assert all(isinstance(check["ms"], int) for check in found.values() if check["ms"])


def test_the_table_shows_marks_and_remedies(cli: Any) -> None:
    result = cli("doctor", "--offline")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "otpcli doctor"
    assert lines[1].split() == ["Check", "Found", "Remedy"]
    keyring = next(line for line in lines if line.startswith("keyring"))
    assert "✓" in keyring
    verifik = next(line for line in lines if line.startswith("credentials verifik"))
    assert " ! " in verifik and "otpcli login PHONE" in verifik
    assert "1 to look at" in result.stderr


def test_quiet_prints_the_worst_status(cli: Any, logged_in: Any) -> None:
    assert cli("doctor", "--offline", "-q").stdout == "ok\n"


def test_the_profile_flag_and_its_origin(cli: Any) -> None:
    result = cli("doctor", "--offline", "--json", "--profile", "sandbox")
    assert rows(result)["profile"]["detail"].startswith("sandbox (from --profile), built-in")


def test_the_default_profile_row_says_nothing_named_a_profile(cli: Any) -> None:
    """It said "default (from the default)"."""
    result = cli("doctor", "--offline")
    profile = next(line for line in result.stdout.splitlines() if line.startswith("profile"))
    assert "default (no --profile or OTPCLI_PROFILE); credential_store keyring" in profile


def test_a_token_on_stdin_is_checked_and_never_shown(cli: Any) -> None:
    result = cli("doctor", "--offline", "--token-stdin", "--json", stdin=TOKEN + "\n")
    verifik = rows(result)["credentials verifik"]
    assert verifik["status"] == "ok"
    assert verifik["detail"].startswith("from --token-stdin; expires 2100-01-01")
    assert TOKEN not in result.everything


@pytest.mark.parametrize(
    ("failing", "code"),
    [
        ([], 0),
        ([Kind.credentials], 3),
        ([Kind.credentials, Kind.credentials], 3),
        ([Kind.network], 8),
        ([Kind.network, Kind.credentials, Kind.other], 8),
        ([Kind.other], 7),
        ([Kind.other, Kind.credentials], 7),
    ],
)
def test_exit_codes(failing: list[Kind], code: int) -> None:
    checks = [Check("ok", Status.ok, ""), Check("look", Status.warn, "")]
    checks += [Check(str(kind), Status.fail, "", kind=kind) for kind in failing]
    assert exit_code(checks) == code
