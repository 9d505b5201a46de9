"""Which language otpcli speaks: OTPCLI_LANG, then LC_ALL/LC_MESSAGES/LANG (the first one
set), then the profile's `language`; English by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from otpcli import i18n
from otpcli.errors import UsageError, one_line
from otpcli.i18n import Text, english
from tests.conftest import write_config


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"OTPCLI_LANG": "es"}, "es"),
        ({"OTPCLI_LANG": "en", "LANG": "es_CL.UTF-8"}, "en"),
        ({"OTPCLI_LANG": "es", "LC_ALL": "C"}, "es"),
        ({"LANG": "es_CL.UTF-8"}, "es"),
        ({"LANG": "es_CO"}, "es"),
        ({"LANG": "es_PA.UTF-8"}, "es"),
        ({"LANG": "es"}, "es"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "estonian"}, "en"),
        # POSIX order: LC_ALL, then LC_MESSAGES, then LANG; the first one set decides.
        ({"LC_ALL": "C", "LC_MESSAGES": "es_CL.UTF-8", "LANG": "es_CL.UTF-8"}, "en"),
        ({"LC_ALL": "es_CL.UTF-8", "LANG": "C"}, "es"),
        ({"LC_MESSAGES": "es_CO.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_MESSAGES": "C", "LANG": "es_CO.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "es_CL.UTF-8"}, "es"),  # set but empty: not set
    ],
)
def test_the_environment_decides(environ: dict[str, str], expected: str) -> None:
    assert i18n.choose(environ) == expected


def test_the_profile_decides_only_when_no_variable_is_set(tmp_path: Path) -> None:
    write_config(tmp_path, '[profiles.default]\nlanguage = "es"\n[profiles.qa]\nlanguage = "en"\n')
    assert i18n.choose({}) == "es"
    assert i18n.choose({"OTPCLI_PROFILE": "qa"}) == "en"
    assert i18n.choose({"LANG": "C"}) == "en"
    assert i18n.choose({"OTPCLI_LANG": "en"}) == "en"


def test_a_broken_config_file_leaves_english(tmp_path: Path) -> None:
    write_config(tmp_path, "[profiles.default\nlanguage = 'es'\n")
    assert i18n.choose({}) == "en"


def test_the_profile_key_is_validated_like_the_others(cli: Any) -> None:
    assert cli("config", "set", "language", "es").exit_code == 0
    assert cli("config", "get", "language").stdout == "es\n"
    refused = cli("config", "set", "language", "fr")
    assert refused.exit_code == 2
    assert "language: 'fr' is not one of en, es" in refused.stderr


def test_english_messages_are_plain_strings() -> None:
    with i18n.use("en"):
        message = i18n._("the code has expired")
        assert type(message) is str
        assert english(message) == message


def test_a_spanish_message_keeps_its_english_through_format_and_one_line() -> None:
    with i18n.use("es"):
        message = i18n._("no profile named {name!r}")
        formatted = i18n._("{problem} (from {origin})").format(
            problem=message.format(name="qa"), origin="OTPCLI_PROFILE"
        )
        assert isinstance(formatted, Text)
        assert formatted == "no hay ningún perfil llamado 'qa' (origen: OTPCLI_PROFILE)"
        assert formatted.english == "no profile named 'qa' (from OTPCLI_PROFILE)"
        error = UsageError(formatted, hint=i18n._("fix or remove the file"))
        assert error.message == formatted
        assert error.as_dict()["message"] == formatted.english
        assert error.as_dict()["hint"] == "fix or remove the file"
        assert one_line(Text("a\n b", "c\n d")).english == "c d"


def test_numbers_follow_the_language() -> None:
    with i18n.use("es"):
        assert i18n.decimal(29.46) == "29,5"
    with i18n.use("en"):
        assert i18n.decimal(29.46) == "29.5"
