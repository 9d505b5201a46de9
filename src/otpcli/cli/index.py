"""Every top-level command: the module that registers it and the one line `otpcli --help`
lists it with. Enough to list the commands, and to find the one being run, without building
any of them (building every command in typer cost about as much as importing typer)."""

from __future__ import annotations

from typing import NamedTuple

from otpcli.i18n import N_


# A NamedTuple, not a dataclass: every run imports this, and one is made in a sixth of the time.
class Entry(NamedTuple):
    module: str  # under otpcli.commands; its register() adds the command
    summary: str  # the line in the root's command list (and its help, for a group)
    group: bool = False  # a group of subcommands (auth, config, sandbox)
    hidden: bool = False


# In the order `otpcli --help` lists them. Summaries fit an 80-column terminal.
COMMANDS: dict[str, Entry] = {
    "login": Entry("verifik", N_("Send a login code to a phone, then log in with it.")),
    "confirm": Entry("verifik", N_("Log in with the code from `login`; keep the token.")),
    "send": Entry("verifik", N_("Send a one-time code by SMS or WhatsApp.")),
    "validate": Entry("verifik", N_("Check the code a customer read out.")),
    "list": Entry("validations", N_("List the validations sent, newest first.")),
    "show": Entry("validations", N_("Show one validation, every field.")),
    "trust-send": Entry("trust", N_("Send a Trust verification code to a Chilean phone.")),
    "trust-verify": Entry("trust", N_("Check a code against a Trust verification.")),
    "trust-login": Entry("trust", N_("Store Trust client credentials, proven at Atenea.")),
    "doctor": Entry("doctor", N_("Check the install, keyring, config and network.")),
    "completion": Entry("completion", N_("Print the TAB-completion script for a shell.")),
    "__complete-profiles": Entry("completion", N_("Profile names, one a line."), hidden=True),
    "auth": Entry("auth", N_("Inspect, print or forget stored credentials."), group=True),
    "config": Entry("config_cmd", N_("Read and change profile settings."), group=True),
    "sandbox": Entry(
        "sandbox", N_("A local emulator of Verifik, Trust and Atenea, for QA."), group=True
    ),
}
