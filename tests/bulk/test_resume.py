"""--resume: a run skips the records an earlier run's lines report ok, and only those.

Resuming a run that was interrupted by a signal is in test_signals.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import respx

from tests.bulk.helpers import SEND, records, write

SENT = {"data": {"_id": "v1", "status": "sent"}}


def test_resume_skips_exactly_the_records_an_earlier_run_reports_ok(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    route = respx_mock.post(SEND).respond(200, json=SENT)
    earlier = [
        {"line": 1, "input": {"phone": "+50762610001"}, "ok": True, "status": 200},
        {"line": 2, "input": {"phone": "+50762610002"}, "ok": False, "error": {}},
        {"line": 3, "input": {"phone": "+50762610003"}, "ok": True, "skipped": True},
    ]
    results = tmp_path / "run1.ndjson"
    results.write_text("".join(json.dumps(r) + "\n" for r in earlier) + '{"line": 4, "inp')
    phones = "# a comment added since\n" + "".join(f"+5076261000{n}\n" for n in range(1, 6))
    result = cli("send", "--from", write(tmp_path, phones), "--resume", str(results))
    assert result.exit_code == 0
    lines = records(result.stdout)
    assert [(r["input"]["phone"][-1], r.get("skipped", False)) for r in lines] == [
        ("1", True),
        ("2", False),
        ("3", True),
        ("4", False),
        ("5", False),
    ]
    sent_to = [json.loads(c.request.content)["phone"][-1] for c in route.calls]
    assert sorted(sent_to) == ["2", "4", "5"]
    assert "3 ok, 0 failed, 2 skipped" in result.stderr


def test_resume_from_an_unreadable_file_is_a_usage_error(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    route = respx_mock.post(SEND).respond(200, json=SENT)
    result = cli("send", "--from", write(tmp_path, "+50762610001\n"), "--resume", "/nope.ndjson")
    assert result.exit_code == 2
    assert route.call_count == 0


def _bulk_results(tmp_path, name: str, lines: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def test_resume_tells_apart_rows_that_differ_only_in_their_code(
    cli, respx_mock, logged_in, tmp_path
):
    source = tmp_path / "codes.csv"
    source.write_text("phone,otp\n+50762617737,654321\n+50762617737,111111\n")
    shown = {"phone": "+50762617737", "otp": "[redacted]"}
    earlier = _bulk_results(
        tmp_path,
        "run1.ndjson",
        [
            {"line": 2, "input": shown, "ok": True, "status": 200},
            {"line": 3, "input": shown, "ok": False, "error": {"code": "otp_does_not_match"}},
        ],
    )
    route = respx_mock.put(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "validated", "_id": "v"}}
    )
    result = cli("validate", "--from", str(source), "--resume", str(earlier))
    assert result.exit_code == 0, result.stderr
    assert route.call_count == 1
    assert b'"otp":111111' in route.calls[0].request.content


def test_resume_ignores_dry_run_lines(cli, respx_mock, logged_in, project, tmp_path) -> None:
    source = tmp_path / "phones.txt"
    source.write_text("+50762617737\n")
    dry = cli("send", "--from", str(source), "--dry-run")
    earlier = tmp_path / "dry.ndjson"
    earlier.write_text(dry.stdout)
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "sent", "_id": "v"}}
    )
    assert cli("send", "--from", str(source), "--resume", str(earlier)).exit_code == 0
    assert route.call_count == 1
