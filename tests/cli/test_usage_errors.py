"""Invalid input exits 2 with one line on stderr, and nothing is sent.

What each value must look like is in tests/inputs/; a bad value in a --from file is an
error line, not a usage error (tests/bulk/test_input.py).
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "args",
    [
        ("send", "+5071", "--project", "p", "--project-flow", "f"),
        ("send", "hello", "--project", "p", "--project-flow", "f"),
        ("send", "62617737", "--project", "p", "--project-flow", "f"),
        ("send", "+999 1234 5678", "--project", "p", "--project-flow", "f"),
        ("send", "62617737", "-c", "+5071", "--project", "p", "--project-flow", "f"),
        ("send", "62617737", "-c", "abc", "--project", "p", "--project-flow", "f"),
        ("validate", "+50762617737", "--otp", "12"),
        ("validate", "+50762617737", "--otp", "123456789"),
        ("validate", "+50762617737", "--otp", "12ab56"),
        ("validate", "+50762617737"),
        ("confirm", "+50762617737", "--otp", "abc"),
        ("trust-send", "+56912345678", "--nin", "12.345.678-4"),
        ("trust-send", "+56912345678", "--nin", "not-a-rut"),
        ("trust-send", "+56912345678"),
        ("trust-send", "+56912345678", "--nin", "12.345.678-5", "--channel", "pigeon"),
        ("trust-verify", "t-1", "--otp", "12"),
        ("trust-verify", "t-1"),
        ("trust-verify", "--otp", "1234"),
        ("send", "+50762617737", "--gateway", "pigeon"),
        ("login",),
    ],
)
def test_invalid_input_exits_2_and_sends_nothing(cli, no_network, logged_in, args) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert not no_network.calls
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error(cli) -> None:
    result = cli("send", "--frobnicate")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_stray_arguments_are_counted_not_echoed(cli) -> None:
    result = cli("trust-login", "--client-id", "cid", "MyClientSecret99")
    assert result.exit_code == 2
    assert "MyClientSecret99" not in result.everything
    assert "1 unexpected extra argument" in result.stderr


def test_a_typo_of_a_command_is_answered_with_the_command_meant(cli) -> None:
    result = cli("sned")
    assert result.exit_code == 2
    assert "No such command 'sned'. Did you mean 'send'?" in result.stderr


def test_a_hidden_command_is_never_suggested(cli) -> None:
    result = cli("__complete-profile")
    assert result.exit_code == 2
    assert "__complete-profiles" not in result.stderr


def test_a_bug_while_building_a_command_is_not_told_as_an_unknown_command(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from otpcli.commands import doctor

    def broken(root: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(doctor, "register", broken)
    result = cli("doctor")
    assert result.exit_code == 1
    assert "No such command" not in result.stderr
