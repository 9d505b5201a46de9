"""What Spanish changes in tables and summaries, and what it leaves alone (in-process)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from otpcli import i18n
from otpcli.bulk.lines import Tally, failed
from otpcli.bulk.records import Record
from otpcli.errors import UsageError
from otpcli.inputs import parse_phone
from otpcli.report.progress import _counts_column, counted
from otpcli.times import ago, local

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("delta", "english", "spanish"),
    [
        (-180, "(3 min ago)", "(hace 3 min)"),
        (29 * 86400 + 30, "(in 29 days)", "(en 29 días)"),
        (0.2, "(now)", "(ahora)"),
        (-7200, "(2 h ago)", "(hace 2 h)"),
    ],
)
def test_table_times_say_how_far_in_the_language(delta: float, english: str, spanish: str) -> None:
    with i18n.use("en"):
        assert local(NOW + delta, now=NOW).endswith(english)
    with i18n.use("es"):
        shown = local(NOW + delta, now=NOW)
        assert shown.endswith(spanish)
        assert shown[11:19].count(":") == 2 and int(shown[11:13]) < 24  # a 24-hour clock


def test_days_take_the_language_s_plural() -> None:
    with i18n.use("es"):
        assert ago(86400 * 2) == "2 días"
        assert ago(86400 * 40) == "40 días"


def test_json_keeps_iso_times() -> None:
    from otpcli.times import iso

    with i18n.use("es"):
        assert iso(NOW) == "2027-01-15T08:00:00Z"


def test_a_bulk_summary_and_progress_speak_spanish_with_plurals() -> None:
    tally = Tally(ok=1, failed=2, skipped=0, started=time.monotonic() - 1.5)
    with i18n.use("es"):
        summary = tally.summary()
        assert summary.startswith("1 correcto, 2 fallidos, 0 omitidos en 1,5")
        assert "registros/s" in summary
        assert counted("ok", 3) == "3 correctos"
        task = SimpleNamespace(fields={"ok": 1, "failed": 0, "skipped": 4, "rate": "12"})
        shown = _counts_column().render(task).plain
        assert shown == "1 correcto 0 fallidos 4 omitidos · 12/s"
    with i18n.use("en"):
        assert tally.summary().startswith("1 ok, 2 failed, 0 skipped in 1.5")


def test_an_ndjson_line_holds_the_english_of_a_spanish_error() -> None:
    with i18n.use("es"):
        try:
            parse_phone("123")
        except UsageError as error:
            refused = error
        assert refused.message.startswith("el número de teléfono '123' no tiene")
        kind, line = failed(Record(2, {"phone": "123"}), refused, lambda text, codes: text)
    assert kind == "failed"
    assert line["error"]["message"] == "phone '123' has no country code"
    assert line["error"]["hint"] == "write it in E.164 (+50762617737) or add --country-code +507"


def test_a_phone_warning_keeps_its_english() -> None:
    with i18n.use("es"):
        warning = parse_phone("+50710000402").warning
    assert warning is not None
    assert warning == "+50710000402 es un número posible pero no válido"
    assert i18n.english(warning) == "+50710000402 is a possible but not a valid number"


def test_the_sandbox_console_s_english_is_the_catalog_s_english() -> None:
    """commands/sandbox.py marks the console's words (the sandbox imports no catalog): in
    English they are the sandbox's own defaults, in Spanish every one is translated."""
    from otpcli.commands.sandbox import _console_words
    from otpcli.sandbox.server import ENGLISH

    with i18n.use("en"):
        assert _console_words() == ENGLISH
    with i18n.use("es"):
        spanish = _console_words()
    same = [name for name, value in vars(ENGLISH).items() if getattr(spanish, name) == value]
    assert same == []


def test_joined_and_decimal_messages_keep_their_english() -> None:
    """What a table shows in Spanish, and the English that --json and NDJSON hold."""
    with i18n.use("es"):
        days = i18n.decimal(29.46)
        joined = i18n.join("; ", (i18n._("the OS keyring"), "VERIFIK_TOKEN"))
    assert (days, i18n.english(days)) == ("29,5", "29.5")
    assert joined == "el llavero del sistema; VERIFIK_TOKEN"
    assert i18n.english(joined) == "the OS keyring; VERIFIK_TOKEN"
    with i18n.use("en"):
        assert i18n.join(", ", ("a", "b")) == "a, b"


def _without_timings(result: Any) -> list[dict[str, Any]]:
    """A doctor --json run's checks, without what changes from one run to the next."""
    checks = json.loads(result.stdout)["checks"]
    for check in checks:
        check["ms"] = None
        check["detail"] = re.sub(r"\(\d+\.\d days left\)", "(N days left)", check["detail"])
    return checks


def test_doctor_speaks_spanish_in_its_table_and_english_in_json(cli: Any, logged_in: Any) -> None:
    with i18n.use("en"):
        english = cli("doctor", "--offline", "--json")
    with i18n.use("es"):
        table = cli("doctor", "--offline")
        spanish = cli("doctor", "--offline", "--json")
    assert spanish.exit_code == english.exit_code == table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[1].split() == ["Verificación", "Resultado", "Qué", "hacer"]
    verifik = next(line for line in lines if line.startswith("credenciales verifik"))
    assert re.search(r"desde el llavero del sistema; vence \S+ \(quedan \d+,\d días\)", verifik)
    clock = next(line for line in lines if line.startswith("reloj"))
    assert "no ejecutada (--offline)" in clock and "ejecute `otpcli doctor` sin --offline" in clock
    assert table.stderr == "7 correctos, 2 omitidos\n"
    # The JSON is the English run's, word for word: a decimal point, English names.
    detail = json.loads(spanish.stdout)["checks"][5]["detail"]
    assert re.fullmatch(r"from the OS keyring; expires \S+ \(\d+\.\d days left\)", detail)
    assert _without_timings(spanish) == _without_timings(english)


def test_an_unreadable_from_file_is_told_in_spanish_not_in_the_os_s_english(
    tmp_path: Path,
) -> None:
    from otpcli.bulk.source import open_source

    missing = str(tmp_path / "nope.csv")
    with i18n.use("es"), pytest.raises(UsageError) as refused:
        open_source(missing)
    assert refused.value.message == f"no se puede leer --from {missing}: no existe el archivo"


@pytest.mark.parametrize("total", [3, 1_000, 100_000])
def test_the_spanish_progress_bar_fits_80_columns_with_every_count(
    monkeypatch: pytest.MonkeyPatch, total: int
) -> None:
    import io

    from rich.console import Console

    from otpcli.report.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "80")
    with i18n.use("es"):
        progress = Progress.start(Terminal(), lambda: total)
        progress._started -= 60
        progress.advance(total - 10, 5, 5)
        screen = Console(file=io.StringIO(), width=80)
        screen.print(progress._bar.get_renderable())
        progress.close()
    lines = screen.file.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "omitidos" in lines[0] and "/s" in lines[0]


def test_a_missing_project_and_flow_take_the_spanish_plural(tmp_path: Any) -> None:
    """Run as a process of its own: a command built here in Spanish would keep its Spanish
    help for the tests after this one."""
    import os
    import subprocess

    from tests.fixtures_sandbox import OTPCLI

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTPCLI_", "VERIFIK_"))}
    env |= {"OTPCLI_LANG": "es", "OTPCLI_CONFIG_DIR": str(tmp_path), "VERIFIK_TOKEN": "t"}

    def refused(*args: str) -> str:
        done = subprocess.run(
            [OTPCLI, "send", "+50762617737", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert done.returncode == 2
        return done.stderr

    both, one = refused(), refused("--project", "p")
    assert both.startswith("error: faltan --project y --project-flow — indíquelos, ")
    assert "defínalos una vez" in both
    assert one.startswith("error: falta --project-flow — indíquelo, defínalo una vez")
