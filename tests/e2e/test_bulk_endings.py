"""How a bulk run ends when it cannot finish: the reader goes away, or Ctrl-C twice.
Whatever happens, no code is sent without a line that says so, and nothing is sent twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.servers import delivered, issued_token, phones, running_sandbox
from tests.fixtures_sandbox import OTPCLI

pytestmark = pytest.mark.e2e


def environment(otpcli: Any, url: str) -> dict[str, str]:
    return {**otpcli.env, "OTPCLI_VERIFIK_URL": url, "VERIFIK_TOKEN": issued_token(url)}


def ndjson(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_reader_that_goes_away_stops_the_run_and_every_code_sent_is_on_record(
    otpcli: Any, tmp_path: Path
) -> None:
    source = tmp_path / "big.txt"
    source.write_text("\n".join(phones(2000)) + "\n")
    with running_sandbox("--latency-ms", "200") as url:
        run = subprocess.Popen(
            [OTPCLI, "send", "--from", str(source), "--concurrency", "8"],
            env=environment(otpcli, url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert run.stdout is not None and run.stderr is not None
        first = run.stdout.readline()  # what `| head -1` does: one line, then gone
        run.stdout.close()
        stderr = run.stderr.read()
        code = run.wait(30)
        time.sleep(0.5)  # requests still in the sandbox's hands are delivered
        sent = len(delivered(url))
    assert json.loads(first)["ok"] is True
    assert code == 11, stderr
    unreported = [line for line in ndjson(stderr) if line.get("reported") is False]
    assert unreported and all(line["ok"] and line["status"] == 200 for line in unreported)
    assert sent < 200  # no new requests once the output was gone
    summary = stderr.strip().splitlines()[-1]
    assert f"{sent} ok" in summary  # every code that went out was answered and counted
    assert f"{len(unreported)} records done but not reported" in summary
    assert "not attempted" in summary
    assert "--resume" not in stderr  # the cut output would make resuming re-send codes


@pytest.mark.parametrize(
    "args", [["sandbox", "inbox"], ["send", "+50762641999", "--json"]], ids=" ".join
)
def test_a_single_command_whose_reader_is_gone_exits_0_without_a_traceback(
    otpcli: Any, args: list[str]
) -> None:
    with running_sandbox() as url:
        read, write = os.pipe()
        os.close(read)  # the reader is gone before anything is written
        done = subprocess.run(
            [OTPCLI, *args],
            env=environment(otpcli, url),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )
        os.close(write)
    assert done.returncode == 0
    assert done.stderr == ""


def interrupted_twice(otpcli: Any, url: str, source: Path, out: Path) -> tuple[int, str]:
    with out.open("w") as stdout:
        run = subprocess.Popen(
            [OTPCLI, "send", "--from", str(source), "--concurrency", "8"],
            env=environment(otpcli, url),
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(4)  # some records answered, eight in flight
        run.send_signal(signal.SIGINT)
        time.sleep(0.3)
        run.send_signal(signal.SIGINT)
        assert run.stderr is not None
        stderr = run.stderr.read()
        return run.wait(30), stderr


def resumed(
    otpcli: Any, url: str, source: Path, results: Path, *more: str, exit_code: int = 0
) -> list[Any]:
    done = subprocess.run(
        [OTPCLI, "send", "--from", str(source), "--resume", str(results), *more],
        env=environment(otpcli, url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == exit_code, done.stderr
    return ndjson(done.stdout)


def test_ctrl_c_twice_gives_the_requests_in_flight_an_abandoned_line_and_resume_skips_them(
    otpcli: Any, tmp_path: Path
) -> None:
    numbers = phones(60)
    source = tmp_path / "phones.txt"
    source.write_text("\n".join(numbers) + "\n")
    with running_sandbox("--latency-ms", "2500") as url:
        code, stderr = interrupted_twice(otpcli, url, source, tmp_path / "run1.ndjson")
        first = ndjson((tmp_path / "run1.ndjson").read_text())
        abandoned = [line for line in first if line.get("error", {}).get("code") == "abandoned"]
        assert code == 130, stderr
        assert len(abandoned) == 8  # the eight in flight at the second Ctrl-C
        assert "abandoned" in stderr.strip().splitlines()[-1]
        time.sleep(3)  # the abandoned requests reach the sandbox all the same
        again = resumed(otpcli, url, source, tmp_path / "run1.ndjson")
        skipped = [line for line in again if line.get("skipped")]
        assert len(skipped) == len(first)  # the ok ones and the abandoned ones
        time.sleep(3)
        counts = {n: sum(m["phone"] == n for m in delivered(url)) for n in numbers}
    # Nobody got two codes. (An abandoned request may not have reached the sandbox at all:
    # that is what "may have been sent" means, and why it is not sent again by default.)
    assert max(counts.values()) == 1
    assert sum(counts.values()) >= len(numbers) - len(abandoned)


def test_retry_abandoned_sends_the_abandoned_records_again(otpcli: Any, tmp_path: Path) -> None:
    numbers = phones(40, first=3000)
    source = tmp_path / "phones.txt"
    source.write_text("\n".join(numbers) + "\n")
    with running_sandbox("--latency-ms", "2500") as url:
        interrupted_twice(otpcli, url, source, tmp_path / "run1.ndjson")
        first = ndjson((tmp_path / "run1.ndjson").read_text())
        gone = {line["input"]["phone"] for line in first if not line["ok"]}
        time.sleep(3)
        results = tmp_path / "run1.ndjson"
        again = resumed(otpcli, url, source, results, "--retry-abandoned", exit_code=10)
    sent_again = {line["input"]["phone"] for line in again if not line.get("skipped")}
    assert gone and gone <= sent_again
    # Sent again: those that did reach the sandbox are refused within two minutes, as
    # Verifik would; those that never left are sent now.
    again_gone = [line for line in again if line["input"]["phone"] in gone]
    outcomes = {line["error"]["code"] if not line["ok"] else "sent" for line in again_gone}
    assert outcomes <= {"otp_recently_sent", "sent"}
