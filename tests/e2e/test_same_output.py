"""Language never changes what scripts read: the installed CLI, run with OTPCLI_LANG=en and
OTPCLI_LANG=es against the real sandbox, gives byte-identical stdout in --json and -q modes
(bulk NDJSON included, with its messages in English) and the same exit codes; only what
people read on stderr is translated."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.servers import issued_token
from tests.fixtures_sandbox import OTPCLI, Sandbox

pytestmark = pytest.mark.e2e

LANGUAGES = ("en", "es")
Runs = dict[str, subprocess.CompletedProcess[str]]


def atenea_token(url: str) -> str:
    body = json.dumps({"client_id": "qa", "client_secret": "s", "grant_type": "client_credentials"})
    request = urllib.request.Request(
        f"{url}/oauth/token/",
        body.encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.load(answer)["access_token"])


@pytest.fixture
def both(otpcli: Any, sandbox: Sandbox, tmp_path: Path) -> Any:
    """Run `otpcli ARGS` once per language, in the same environment otherwise."""
    environment = {
        **otpcli.env,
        "VERIFIK_TOKEN": issued_token(sandbox.url),
        "TRUST_TOKEN": atenea_token(sandbox.url),
        "LANG": "C.UTF-8",
    }
    environment.pop("LC_ALL", None)
    environment.pop("LC_MESSAGES", None)

    def run(*args: str, stdin: str = "", **extra: str) -> Runs:
        return {
            lang: subprocess.run(
                [OTPCLI, *args],
                input=stdin,
                capture_output=True,
                text=True,
                env={**environment, **extra, "OTPCLI_LANG": lang},
                timeout=60,
                cwd=tmp_path,
            )
            for lang in LANGUAGES
        }

    return run


def assert_same_for_scripts(runs: Runs) -> None:
    english, spanish = runs["en"], runs["es"]
    assert spanish.returncode == english.returncode, (english.stderr, spanish.stderr)
    assert spanish.stdout == english.stdout


def json_errors(stderr: str) -> list[dict[str, Any]]:
    return [json.loads(line)["error"] for line in stderr.splitlines() if '"error"' in line]


# Each fails before or at the provider, the same way every time: magic numbers (README).
FAILING = [
    ("send", "123"),  # no country code: exit 2
    ("send", "+507 6261 07"),  # impossible number
    ("validate", "+50762617737", "--otp", "12"),  # not a code
    ("trust-send", "+56912345678", "--nin", "12.345.678-9"),  # wrong check digit
    ("send", "+50762610402"),  # 403 insufficient_credits: exit 7
    ("send", "+50762610409"),  # 409 otp_recently_sent: exit 9
    ("send", "+50762610401"),  # 401: exit 3
    ("send", "+50762610502"),  # an HTML page from a proxy: exit 7
    ("send", "+50762610200"),  # a cut body: exit 7
    ("validate", "+50762610403", "--otp", "123456"),  # 403 otp_does_not_match: exit 4
    ("validate", "+50762610404", "--otp", "123456"),  # 404: exit 5
    ("validate", "+50762610412", "--otp", "123456"),  # 412 expired: exit 6
    ("trust-send", "+56912340500", "--nin", "12.345.678-5"),  # Trust's own Spanish 500
    ("trust-send", "+56912340500", "--nin", "12.345.678-5", "--channel", "whatsapp"),  # the same
    ("trust-send", "+56912345678", "--nin", "12.345.678-5", "--channel", "fax"),  # exit 2
    ("trust-verify", "two words", "--otp", "123456"),  # not an id: exit 2
    ("trust-verify", "no-such-id", "--otp", "123456"),  # Trust's 404: exit 5
    ("send", "--bogus"),  # a usage error: exit 2
    ("nosuch",),  # no such command
    ("sned",),  # no such command, and a suggestion
    ("completion",),  # a missing argument and its choices
    ("show", "not-an-id"),
]


@pytest.mark.parametrize("args", FAILING, ids=" ".join)
@pytest.mark.parametrize("mode", ["--json", "-q"])
def test_failures_exit_alike_and_print_nothing_on_stdout(
    both: Any, args: tuple[str, ...], mode: str
) -> None:
    runs = both(*args, mode)
    assert_same_for_scripts(runs)
    assert runs["en"].returncode not in (0, 1)
    assert runs["en"].stdout == ""
    if mode == "--json":
        english, spanish = (json_errors(runs[lang].stderr)[-1] for lang in LANGUAGES)
        assert spanish == english  # message and hint too: --json is English in every language


def test_the_people_s_side_is_translated(both: Any) -> None:
    runs = both("validate", "+50762610403", "--otp", "123456")
    assert runs["en"].stderr.startswith("error: Verifik: the code does not match")
    assert runs["es"].stderr.startswith("error: Verifik: el código no coincide")
    trust = both("trust-send", "+56912340500", "--nin", "12.345.678-5")
    # The provider's own message is shown as it came, in both languages.
    for lang in LANGUAGES:
        assert "No fue posible enviar el sms" in trust[lang].stderr
    bad_id = both("trust-verify", "two words", "--otp", "123456")
    assert bad_id["en"].stderr.startswith(
        "error: invalid verification id 'two words': expected one word"
    )
    assert bad_id["es"].stderr.startswith(
        "error: id de verificación no válido 'two words': se esperaba una sola palabra"
    )


SUCCEEDING = [
    ("send", "+50762617737", "--dry-run", "--json"),
    ("validate", "+50762617737", "--otp", "123456", "--dry-run", "--json"),
    ("trust-send", "+56912345678", "--nin", "12.345.678-5", "--dry-run", "--json"),
    ("trust-send", "+56912345678", "--nin", "12.345.678-5", "--channel", "whatsapp", "--dry-run"),
    ("trust-verify", "4125f2d-7608", "--otp", "123456", "--dry-run", "--json"),
    ("send", "+50762617737", "--dry-run"),  # the request and curl line are data too
    ("auth", "status", "--json"),
    ("auth", "status", "-q"),
    ("auth", "token", "--provider", "trust"),
    ("config", "list", "--json", "--show-origin"),
    ("config", "list", "-q"),
    ("config", "get", "project"),
]


@pytest.mark.parametrize("args", SUCCEEDING, ids=" ".join)
def test_answers_are_byte_identical(both: Any, args: tuple[str, ...]) -> None:
    runs = both(*args)
    assert_same_for_scripts(runs)
    assert runs["en"].returncode == 0, runs["en"].stderr
    assert runs["en"].stdout


def test_a_problem_in_auth_status_json_stays_english(both: Any, otpcli: Any) -> None:
    """auth status --json carries a credential store's problem: data, so English, on
    stdout and in the JSON error on stderr alike."""
    data = Path(otpcli.env["OTPCLI_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    (data / "credentials.json").write_text("not json\n")
    runs = both("auth", "status", "--json", VERIFIK_TOKEN="")
    assert_same_for_scripts(runs)
    assert runs["en"].returncode == 3
    problem = json.loads(runs["es"].stdout)["providers"][0]["problem"]
    assert problem.endswith("is not what otpcli writes")
    assert "is not what otpcli writes" in json.loads(runs["es"].stderr)["error"]["message"]


def test_a_code_validated_says_so_alike(both: Any, otpcli: Any, sandbox: Sandbox) -> None:
    """A whole exchange per language (each its own phone: the sandbox keeps a 2-minute
    resend cooldown): -q prints the same status."""
    statuses = {}
    for lang, phone in (("en", "+50762617801"), ("es", "+50762617802")):
        environment = {**otpcli.env, "OTPCLI_LANG": lang}
        environment["VERIFIK_TOKEN"] = issued_token(sandbox.url)
        subprocess.run([OTPCLI, "send", phone, "-q"], env=environment, check=True, timeout=60)
        inbox = [OTPCLI, "sandbox", "inbox", phone, "--port", str(sandbox.port), "-q"]
        code = subprocess.run(inbox, env=environment, capture_output=True, text=True, check=True)
        done = subprocess.run(
            [OTPCLI, "validate", phone, "--otp", code.stdout.strip(), "-q"],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        statuses[lang] = (done.returncode, done.stdout)
    assert statuses["en"] == statuses["es"] == (0, "validated\n")


def test_bulk_ndjson_is_identical_and_english(both: Any, tmp_path: Path) -> None:
    """Every kind of line a failing bulk run writes: provider refusals, bad rows, a
    possible-but-invalid number's warning, and, after the 401 stops the run, the records
    not attempted (one at a time, so which ones is the same in every run)."""
    (tmp_path / "rows.csv").write_text(
        "phone,country_code\n"
        "+50762610402,\n"  # insufficient credits
        "+50710000402,\n"  # the same, and a warning: possible but not valid
        "123,\n"  # no country code
        "62610409,+507\n"  # recently sent
        "+50762610500,\n"  # the provider could not deliver
        "62617737,+9999\n"  # a bad country code
        "+50762610401,\n"  # 401: the run stops here
        "+50762610402,\n"  # not attempted
    )
    runs = both("send", "--from", "rows.csv", "--concurrency", "1")
    assert_same_for_scripts(runs)
    assert runs["en"].returncode == 3
    lines = [json.loads(line) for line in runs["es"].stdout.splitlines()]
    assert len(lines) == 8 and not any(line["ok"] for line in lines)
    messages = [line["error"]["message"] for line in lines]
    assert messages[0] == "Verifik: the account has no credits left (403:insufficient_credits)"
    assert lines[1]["warning"] == "+50710000402 is a possible but not a valid number"
    assert messages[2].startswith("phone '123' has no country code")
    assert lines[2]["error"]["hint"].startswith("write it in E.164")
    assert messages[-1] == "not attempted: the token was refused"
    summary, refused = runs["es"].stderr.strip().splitlines()[-2:]
    assert summary.startswith("0 correctos, 8 fallidos, 0 omitidos en ")
    assert "detenido: el token fue rechazado; 1 registro no intentado" in summary
    assert refused.startswith("error: Verifik: Invalid or expired token. — el token fue")


def test_bulk_validate_ndjson_is_identical(both: Any, tmp_path: Path) -> None:
    (tmp_path / "codes.csv").write_text(
        "phone,otp\n+50762610403,123456\n+50762610404,123456\n+50762610412,123456\n"
        "+50762617737,12\nphone-number,123456\n"
    )
    runs = both("validate", "--from", "codes.csv", "--json")
    assert_same_for_scripts(runs)
    assert runs["en"].returncode == 10
    codes = [json.loads(line)["error"]["code"] for line in runs["es"].stdout.splitlines()]
    assert codes == [
        "otp_does_not_match",
        "phone_validation_not_found",
        "phoneValidation_has_expired",
        "invalid_otp",
        "invalid_phone",
    ]


def test_a_trust_code_sent_by_whatsapp_and_verified_answers_alike(
    otpcli: Any, sandbox: Sandbox
) -> None:
    """A whole Trust exchange per language (each its own phone): trust-send --channel
    whatsapp --json prints the same answer but for the id and phone of each send, and
    trust-verify --json the same bytes; a wrong code fails alike, its JSON error on stderr
    in English too (Trust's own message is shown as it came)."""
    sent, verified, refused, hints = {}, {}, {}, {}
    for lang, phone in (("en", "+56961118801"), ("es", "+56961118802")):
        environment = {**otpcli.env, "OTPCLI_LANG": lang, "TRUST_TOKEN": atenea_token(sandbox.url)}

        def run(*args: str, environment: dict[str, str] = environment) -> Any:
            return subprocess.run(
                [OTPCLI, *args], env=environment, capture_output=True, text=True, timeout=60
            )

        send = run("trust-send", phone, "--nin", "12.345.678-5", "--channel", "whatsapp", "--json")
        assert send.returncode == 0, send.stderr
        verification = json.loads(send.stdout)["obj"]["id"]
        sent[lang] = send.stdout.replace(verification, "ID").replace(phone, "PHONE")
        inbox = run("sandbox", "inbox", phone, "--port", str(sandbox.port), "-q")
        code = inbox.stdout.strip()
        other = "1001" if code == "1000" else "1000"
        wrong = run("trust-verify", verification, "--otp", other, "--json")
        error = json_errors(wrong.stderr)[-1]
        hints[lang] = error.pop("hint")
        refused[lang] = (wrong.returncode, wrong.stdout, error)
        done = run("trust-verify", verification, "--otp", code, "--json")
        verified[lang] = (done.returncode, done.stdout)
    assert sent["en"] == sent["es"]
    assert verified["en"] == verified["es"]
    assert verified["en"][0] == 0
    assert json.loads(verified["en"][1])["status"] is True
    assert refused["en"] == refused["es"]
    assert refused["es"][:2] == (4, "")
    assert refused["es"][2]["code"] == "otp_does_not_match"
    assert refused["es"][2]["message"] == "Trust: Código inválido"
    assert hints["en"] == hints["es"]
    assert hints["es"].startswith("ask for the code again, or send a new code: `otpcli trust-send")


def test_doctor_json_is_english_in_every_language(both: Any) -> None:
    """doctor --offline --json: the same checks, names, findings and remedies in English
    (only the times differ from run to run: each check's, and the tokens' days left, whose
    decimal point stays a point); the Spanish is on the table."""
    runs = both("doctor", "--offline", "--json")
    assert runs["es"].returncode == runs["en"].returncode, runs["es"].stderr
    english, spanish = (json.loads(runs[lang].stdout)["checks"] for lang in LANGUAGES)
    left = re.compile(r"\(\d+\.\d days left\)")
    assert left.search(spanish[5]["detail"]), spanish[5]  # VERIFIK_TOKEN's expiry
    for check in english + spanish:
        check["ms"] = None
        check["detail"] = left.sub("(N days left)", check["detail"])
    assert spanish == english
    assert [check["name"] for check in spanish][-2:] == ["clock", "network"]
    assert spanish[-1]["detail"] == "not run (--offline)"
    table = both("doctor", "--offline")
    assert "no ejecutada (--offline)" in table["es"].stdout
    assert "not run (--offline)" in table["en"].stdout
