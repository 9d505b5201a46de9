"""Bulk input (`--from`): what is read as a record, and what becomes an error line."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from tests.bulk.helpers import CREATE, SEND, records, write
from tests.conftest import TOKEN

SENT_CODE = "570913"


def sent(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    data = {"_id": f"id-{body['phone']}", "status": "sent", "otp": SENT_CODE}
    return httpx.Response(200, json={"data": data})


@pytest.fixture
def verifik(respx_mock: respx.MockRouter, logged_in: Any, project: None) -> respx.Route:
    respx_mock.put(SEND).respond(200, json={"data": {"_id": "v", "status": "validated"}})
    return respx_mock.post(SEND).mock(side_effect=sent)


def bodies(route: respx.Route) -> list[dict[str, Any]]:
    return [json.loads(call.request.content) for call in route.calls]


def test_one_phone_per_line_gives_one_ok_line_per_phone_in_input_order(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    source = write(tmp_path, "+50762610001\n+50762610002\n+50762610003\n", "phones.txt")
    result = cli("send", "--from", source)
    assert result.exit_code == 0
    lines = records(result.stdout)
    assert [(r["line"], r["input"]["phone"], r["ok"]) for r in lines] == [
        (1, "+50762610001", True),
        (2, "+50762610002", True),
        (3, "+50762610003", True),
    ]
    assert lines[0]["status"] == 200
    assert lines[0]["response"]["data"]["_id"] == "id-62610001"


def test_blank_lines_and_comments_are_skipped_and_line_numbers_stay_the_files(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    source = write(tmp_path, "# customers\n\n+50762610001\n   \n# done\n+50762610002\n")
    result = cli("send", "--from", source)
    assert [r["line"] for r in records(result.stdout)] == [3, 6]
    assert verifik.call_count == 2


def test_csv_with_bom_crlf_and_quoted_fields_is_read(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    text = '\ufeffphone,gateway\r\n"+507 6261-0001",whatsapp\r\n"+50762610002","sms"\r\n'
    result = cli("send", "--from", write(tmp_path, text.encode("utf-8")))
    assert result.exit_code == 0
    assert [r["input"] for r in records(result.stdout)] == [
        {"phone": "+507 6261-0001", "gateway": "whatsapp"},
        {"phone": "+50762610002", "gateway": "sms"},
    ]
    assert [b["phoneGateway"] for b in bodies(verifik)] == ["whatsapp", "sms"]


def test_per_row_values_override_flags_and_empty_cells_fall_back_to_them(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    text = "phone,country_code,gateway\n62610001,+57,sms\n62610002,,\n"
    cli("send", "--from", write(tmp_path, text), "-c", "+507", "--gateway", "whatsapp")
    sent_to = [(b["countryCode"], b["phone"], b["phoneGateway"]) for b in bodies(verifik)]
    assert sent_to == [("+57", "62610001", "sms"), ("+507", "62610002", "whatsapp")]


def test_a_short_row_is_used_with_the_flags_for_what_it_lacks(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "phone,gateway\n+50762610001\n"))
    assert records(result.stdout)[0]["ok"] is True
    assert "phoneGateway" not in bodies(verifik)[0]


def test_a_row_with_extra_fields_is_an_error_line_and_the_run_goes_on(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    text = "phone,gateway\n+50762610001,sms,oops\n+50762610002,sms\n"
    result = cli("send", "--from", write(tmp_path, text))
    assert result.exit_code == 10
    first, second = records(result.stdout)
    assert (first["ok"], first["error"]["code"], first["line"]) == (False, "extra_column", 2)
    assert second["ok"] is True
    assert verifik.call_count == 1


# The header: checked once, before anything is sent ----------------------------------------


def test_a_header_naming_no_phone_column_is_one_usage_error_naming_what_it_found(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "number,gateway\n+50762610001,sms\n"))
    assert (result.exit_code, result.stdout, verifik.call_count) == (2, "", 0)
    assert result.stderr.count("error:") == 1
    assert "the header (line 1) names no phone column; it names 'number', 'gateway'" in (
        result.stderr
    )


def test_an_unknown_column_next_to_phone_is_one_usage_error_and_nothing_is_sent(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    # Not ignored: `countrycode` is country_code misspelt, and without it each row would go
    # to the flag's country code.
    text = "phone,countrycode\n62610001,+507\n62610002,+507\n"
    result = cli("send", "--from", write(tmp_path, text), "--json")
    assert (result.exit_code, result.stdout, verifik.call_count) == (2, "", 0)
    assert result.error["code"] == "unknown_column"
    assert "'countrycode'" in result.error["message"]


def test_unknown_csv_columns_are_not_echoed(cli, respx_mock, logged_in, project, tmp_path):
    source = tmp_path / "x.csv"
    source.write_text("phone,code\n+50762617737,482913\n")
    result = cli("send", "--from", str(source))
    assert result.exit_code == 2
    assert "482913" not in result.everything


def test_a_header_lacking_a_column_no_flag_stands_in_for_is_a_usage_error(
    cli: Any, respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-abcdef123456")
    route = respx_mock.post(CREATE).respond(200, json={"status": True, "obj": {"id": "t1"}})
    source = write(tmp_path, "phone\n+56912345678\n")
    result = cli("trust-send", "--from", source)
    assert (result.exit_code, result.stdout, route.call_count) == (2, "", 0)
    assert "names no nin column, and --nin is not given" in result.stderr
    assert cli("trust-send", "--from", source, "--nin", "12.345.678-5").exit_code == 0


def test_a_file_of_phones_without_otp_is_a_usage_error_for_validate(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("validate", "--from", write(tmp_path, "+50762610001\n"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "one phone per line, and --otp is not given" in result.stderr


def test_a_one_word_first_line_without_digits_is_a_header_that_must_name_phone(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "number\n+50762610001\n+50762610002\n"))
    assert (result.exit_code, result.stdout, verifik.call_count) == (2, "", 0)
    assert "names no phone column; it names 'number'" in result.stderr
    result = cli("send", "--from", write(tmp_path, "Phone\n+50762610001\n"))
    assert [(r["line"], r["ok"]) for r in records(result.stdout)] == [(2, True)]


def test_bad_phone_and_bad_gateway_rows_are_error_lines_between_good_ones(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    text = "phone,gateway\n+50762610001,\nnot-a-phone,\n+50762610002,pigeon\n+50762610003,\n"
    result = cli("send", "--from", write(tmp_path, text))
    assert result.exit_code == 10
    outcome = [(r["line"], r["ok"], r.get("error", {}).get("code")) for r in records(result.stdout)]
    assert outcome == [
        (2, True, None),
        (3, False, "invalid_phone"),
        (4, False, "invalid_gateway"),
        (5, True, None),
    ]


@pytest.mark.parametrize("text", ["", "\n# nothing yet\n", "phone,gateway\r\n", "phone,otp\n,,\n"])
def test_empty_input_or_a_header_alone_warns_of_no_records_and_exits_0(
    cli: Any, verifik: respx.Route, tmp_path: Path, text: str
) -> None:
    source = write(tmp_path, text)
    result = cli("send", "--from", source)
    assert (result.exit_code, result.stdout) == (0, "")
    assert f"warning: --from {source}: no records\n" in result.stderr
    assert "0 ok, 0 failed, 0 skipped" in result.stderr


def test_dash_reads_the_records_from_stdin(cli: Any, verifik: respx.Route) -> None:
    result = cli("send", "--from", "-", stdin="+50762610001\n+50762610002\n")
    assert [r["ok"] for r in records(result.stdout)] == [True, True]


def test_undecodable_bytes_make_their_row_an_error_line(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, b"+5076261\xff0001\n+50762610002\n"))
    assert [r["ok"] for r in records(result.stdout)] == [False, True]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_first_line_too_long_is_an_error_line_and_the_run_goes_on(
    cli: Any, verifik: respx.Route, tmp_path: Path, bom: bytes
) -> None:
    # Not a header that names no phone column: what it held cannot be known.
    huge = b"+507" + b"6" * 5000
    result = cli("send", "--from", write(tmp_path, bom + huge + b"\n+50762610002\n"))
    assert result.exit_code == 10, result.stderr
    lines = records(result.stdout)
    assert [(r["line"], r["ok"]) for r in lines] == [(1, False), (2, True)]
    assert (lines[0]["error"]["code"], lines[0]["input"]) == ("line_too_long", {})
    assert [b["phone"] for b in bodies(verifik)] == ["62610002"]
    assert "6" * 100 not in result.stdout + result.stderr


def test_a_stray_carriage_return_or_nul_gives_a_usage_error_not_a_crash(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    # A lone "\r" ends a line (old Mac and Excel exports): the header is "phone," and names
    # an empty column no one knows; the NUL row after it is never read.
    source = write(tmp_path, b"phone,\rgateway\x00\n+50762610001,sms\n")
    result = cli("send", "--from", source)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "unknown column '' in the header (line 1)" in result.stderr


def test_codes_read_from_the_input_are_redacted_in_every_line(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    text = "phone,otp\n+50762610001,918273\n+50762610002,12\n"
    result = cli("validate", "--from", write(tmp_path, text))
    lines = records(result.stdout)
    assert [r["input"]["otp"] for r in lines] == ["[redacted]", "[redacted]"]
    assert lines[1]["error"]["code"] == "invalid_otp"
    assert "918273" not in result.everything


def test_codes_in_provider_answers_are_redacted(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "+50762610003\n"))
    assert records(result.stdout)[0]["response"]["data"]["otp"] == "[redacted]"
    assert SENT_CODE not in result.everything


def test_a_token_echoed_by_the_provider_is_redacted_in_ok_and_error_lines(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, project: None, tmp_path: Path
) -> None:
    respx_mock.post(SEND).mock(
        side_effect=[
            httpx.Response(200, json={"data": {"status": "sent", "note": f"for {TOKEN}"}}),
            httpx.Response(403, json={"code": "Forbidden", "message": f"token {TOKEN} refused"}),
        ]
    )
    result = cli("send", "--from", write(tmp_path, "+50762610001\n+50762610002\n"))
    assert [r["ok"] for r in records(result.stdout)] == [True, False]
    assert TOKEN not in result.everything


def test_validate_rows_without_a_code_are_error_lines_and_not_prompted_for(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("validate", "--from", write(tmp_path, "phone,otp\n+50762610001,\n"))
    assert records(result.stdout)[0]["error"]["code"] == "missing_column"


def test_validate_uses_the_otp_flag_for_rows_without_a_code(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, tmp_path: Path
) -> None:
    route = respx_mock.put(SEND).respond(200, json={"data": {"status": "validated"}})
    cli("validate", "--from", write(tmp_path, "phone,otp\n+50762610001,\n"), "--otp", "445566")
    assert json.loads(route.calls[0].request.content)["otp"] == 445566


def test_trust_send_reads_each_rows_rut_and_refuses_a_bad_one(
    cli: Any, respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TRUST_TOKEN", "trust-token-abcdef123456")
    route = respx_mock.post(CREATE).respond(200, json={"status": True, "obj": {"id": "t1"}})
    text = "phone,nin\n+56912345678,12.345.678-5\n+56912345679,12.345.678-4\n"
    result = cli("trust-send", "--from", write(tmp_path, text))
    assert [r.get("error", {}).get("code") for r in records(result.stdout)] == [None, "invalid_nin"]
    assert b'name="nin"\r\n\r\n12345678-5' in route.calls[0].request.content


def test_a_possible_but_invalid_number_is_sent_with_a_warning_on_its_line(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "+56912345678\n+50762610001\n"))
    first, second = records(result.stdout)
    assert (first["ok"], "not a valid number" in first["warning"]) == (True, True)
    assert "warning" not in second


def test_dry_run_prints_each_request_and_sends_nothing(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "+50762610001\n"), "--dry-run")
    line = records(result.stdout)[0]
    assert (result.exit_code, line["dry_run"], line["request"]["method"]) == (0, True, "POST")
    assert TOKEN not in result.everything
    assert verifik.call_count == 0


def test_piped_stderr_gets_the_summary_line_and_no_progress_bar(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "+50762610001\nbad\n"))
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("1 ok, 1 failed, 0 skipped in ")


def test_the_bulk_summary_is_said_even_with_quiet(cli, respx_mock, logged_in, project, tmp_path):
    respx_mock.post(url__regex=r".*/phone-validations").respond(
        200, json={"data": {"status": "sent", "_id": "v"}}
    )
    source = tmp_path / "p.txt"
    source.write_text("+50762617737\n")
    result = cli("send", "--from", str(source), "-q")
    assert "1 ok, 0 failed, 0 skipped" in result.stderr


# Usage errors: refused before anything is read or sent -------------------------------------


def test_phone_together_with_from_is_a_usage_error(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "+50762610001", "--from", write(tmp_path, "+50762610002\n"))
    assert result.exit_code == 2
    assert verifik.call_count == 0


def test_a_missing_from_file_is_a_usage_error(cli: Any, verifik: respx.Route) -> None:
    result = cli("send", "--from", "/nonexistent/phones.txt")
    assert result.exit_code == 2
    assert "cannot read --from /nonexistent/phones.txt" in result.stderr


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (errno.ENOENT, "no such file"),
        (errno.EACCES, "permission denied"),
        (errno.EISDIR, "it is a directory"),
        (errno.ELOOP, "system error ELOOP"),
    ],
)
def test_an_unreadable_from_file_is_told_in_otpcli_s_own_words_not_the_os_s(
    cli: Any,
    verifik: respx.Route,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    number: int,
    said: str,
) -> None:
    # The OS's strerror is English whatever OTPCLI_LANG says; otpcli's words are translated.
    real_open = os.open
    refused = str(tmp_path / "refused.csv")

    def fake_open(path: str, flags: int, *args: Any) -> int:
        if path == refused:
            raise OSError(number, os.strerror(number), path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    result = cli("send", "--from", refused)
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot read --from {refused}: {said}\n"


def test_a_directory_given_to_from_is_a_usage_error(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: cannot read --from {tmp_path}: it is a directory\n",
    )


def test_a_missing_resume_file_is_told_in_otpcli_s_own_words(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    source = write(tmp_path, "+50762610001\n")
    result = cli("send", "--from", source, "--resume", "/nonexistent/run1.ndjson")
    assert result.exit_code == 2
    assert result.stderr == "error: cannot read --resume /nonexistent/run1.ndjson: no such file\n"


def test_from_stdin_and_token_stdin_cannot_share_stdin(cli: Any, verifik: respx.Route) -> None:
    result = cli("send", "--from", "-", "--token-stdin", stdin=f"{TOKEN}\n+50762610001\n")
    assert result.exit_code == 2
    assert verifik.call_count == 0


@pytest.mark.parametrize("option", [("--concurrency", "0"), ("--rate", "0")])
def test_concurrency_and_rate_must_be_positive(
    cli: Any, verifik: respx.Route, tmp_path: Path, option: tuple[str, str]
) -> None:
    result = cli("send", "--from", write(tmp_path, "+50762610001\n"), *option)
    assert result.exit_code == 2
    assert verifik.call_count == 0


def test_rate_nan_is_refused(cli, logged_in, project, tmp_path) -> None:
    source = tmp_path / "p.txt"
    source.write_text("+50762617737\n")
    assert cli("send", "--from", str(source), "--rate", "nan").exit_code == 2


def test_a_bad_country_code_flag_is_a_usage_error_not_an_error_per_row(
    cli: Any, verifik: respx.Route, tmp_path: Path
) -> None:
    result = cli("send", "--from", write(tmp_path, "62610001\n"), "-c", "+0")
    assert (result.exit_code, result.stdout) == (2, "")
