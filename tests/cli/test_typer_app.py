"""The typer app itself, through typer's CliRunner (the entry point's boundary is tested
everywhere else through `otpcli.__main__.main`)."""

from __future__ import annotations

from typer.testing import CliRunner

from otpcli.cli.root import typer_app

app = typer_app()

runner = CliRunner()


def test_send_help_lists_the_gateways_and_the_bulk_options() -> None:
    result = runner.invoke(app, ["send", "--help"])
    assert result.exit_code == 0
    assert "<sms|whatsapp>" in result.output
    for option in ("--from", "--concurrency", "--rate", "--resume", "--token-stdin"):
        assert option in result.output


def test_config_set_then_get_through_the_app() -> None:
    assert runner.invoke(app, ["config", "set", "gateway", "whatsapp"]).exit_code == 0
    result = runner.invoke(app, ["config", "get", "gateway"])
    assert (result.exit_code, result.output) == (0, "whatsapp\n")


def test_a_bad_choice_is_refused_by_the_parser() -> None:
    result = runner.invoke(app, ["send", "+50762617737", "--gateway", "pigeon"])
    assert result.exit_code == 2
