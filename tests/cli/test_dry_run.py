"""--dry-run sends nothing and prints the request with a curl line that runs as printed,
reading the token, code or client secret from the shell's variables, never from the line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import TOKEN, VERIFIK

PUT = f"{VERIFIK}/v2/phone-validations"


def curl_block(stdout: str) -> str:
    """The curl command a dry run prints: everything after the request and a blank line."""
    return stdout.split("\n\n", 1)[1]


def run_curl_line(line: str, tmp_path: Path, **env: str) -> tuple[list[str], str]:
    """Run a printed curl command with sh, where `curl` records its arguments (what `ps`
    would show) and what it reads on stdin (its --config)."""
    fake_curl = tmp_path / "curl"
    fake_curl.write_text(
        '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "$0.argv"\ncat > "$0.stdin"\n'
    )
    fake_curl.chmod(0o755)
    subprocess.run(
        ["sh", "-c", line],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    argv = (tmp_path / "curl.argv").read_text().splitlines()
    return argv, (tmp_path / "curl.stdin").read_text()


def test_dry_run_sends_nothing_and_prints_a_secret_free_curl(cli, respx_mock, logged_in) -> None:
    route = respx_mock.put(PUT).respond(200)
    result = cli("validate", "+50762617737", "--otp", "482913", "--dry-run")
    assert result.exit_code == 0
    assert not route.called
    assert "curl -sS -X PUT https://verifik.test/v2/phone-validations" in result.stdout
    assert 'header = "Authorization: Bearer $VERIFIK_TOKEN"' in result.stdout
    assert TOKEN not in result.everything
    assert "482913" not in result.everything


def test_dry_run_curl_line_is_runnable_with_the_code_from_the_shell(
    cli, logged_in, tmp_path
) -> None:
    block = curl_block(cli("validate", "+50762617737", "--otp", "482913", "--dry-run").stdout)
    argv, config = run_curl_line(block, tmp_path, OTP="482913", VERIFIK_TOKEN="tk-secret")
    assert 'header = "Authorization: Bearer tk-secret"' in config
    body = '{\\"phone\\": \\"62617737\\", \\"countryCode\\": \\"+507\\", \\"otp\\": 482913}'
    assert f'data = "{body}"' in config  # curl reads \" as "
    assert argv[:5] == ["-sS", "-X", "PUT", PUT, "-H"]
    # Neither the token nor the code is an argument: `ps` would show it to everyone.
    assert not [a for a in argv if "tk-secret" in a or "482913" in a]


def test_trust_login_dry_run_curl_reads_the_secret_from_its_own_variable(cli, tmp_path) -> None:
    result = cli(
        "trust-login", "--client-id", "c1", "--secret-stdin", "--dry-run", stdin="s3cret-value\n"
    )
    assert result.exit_code == 0
    assert "s3cret-value" not in result.everything
    argv, config = run_curl_line(curl_block(result.stdout), tmp_path, CLIENT_SECRET="from-shell")
    assert '\\"client_secret\\": \\"from-shell\\"' in config
    assert not [a for a in argv if "from-shell" in a]


def test_dry_run_still_refuses_a_malformed_token(cli, monkeypatch, project) -> None:
    monkeypatch.setenv("VERIFIK_TOKEN", "bad token")
    assert cli("send", "+50762617737", "--dry-run").exit_code == 2
