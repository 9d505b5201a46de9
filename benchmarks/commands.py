"""Real commands against their floor: otpcli beside a bare httpx script doing the same call.

    python benchmarks/commands.py [--runs 21] [--report-only]

For `send`, `validate`, `trust-send` and `confirm`, the floor is a ten-line Python script
that makes the same request with httpx and prints the answer as JSON. Both run as fresh
processes of the same interpreter against a local canned-answer server, the token taken
from the environment, otpcli with `--json`; the runs are interleaved (floor, otpcli, floor,
...) after warm-up runs, and each row shows the median wall time of each and their ratio,
and the peak RSS of each and their ratio. A second otpcli row per command shows the default
output (a plain table: stdout is not a terminal). Goals (issue 11): time at most 1.3x the
floor's, peak RSS at most 1.15x. The machine's load is printed beside the figures.

Bytecode caching is on, as after `pip install`, in a temporary PYTHONPYCACHEPREFIX.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TIME_GOAL, MEMORY_GOAL = 1.3, 1.15
WARMUP = 3
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJleHBpcmVzQXQiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl"
ANSWERS = {
    ("POST", "/v2/phone-validations"): {"data": {"_id": "v1", "status": "sent"}},
    ("PUT", "/v2/phone-validations"): {"data": {"_id": "v1", "status": "validated"}},
    ("POST", "/verification/api/v2/verification/create"): {
        "status": True,
        "message": "El mensaje se envio correctamente",
        "obj": {"id": "t-1"},
    },
    ("POST", "/v2/projects/phone-login/confirm"): {
        "data": {"accessToken": TOKEN, "tokenType": "bearer"}
    },
}
# What each command sends, as the floor script sends it.
FLOORS = {
    "send": (
        "post",
        "/v2/phone-validations",
        {
            "project": "p",
            "projectFlow": "f",
            "countryCode": "+507",
            "phone": "62617737",
            "validationMethod": "verificationCode",
            "type": "login",
        },
    ),
    "validate": (
        "put",
        "/v2/phone-validations",
        {"phone": "62617737", "countryCode": "+507", "otp": 123456},
    ),
    "trust-send": (
        "post",
        "/verification/api/v2/verification/create",
        {"phone": "+56912345678", "nin": "12345678-5"},
    ),
    "confirm": (
        "post",
        "/v2/projects/phone-login/confirm",
        {"countryCode": "+507", "phone": 62617737, "otp": "123456"},
    ),
}
COMMANDS = {
    "send": ["send", "+50762617737"],
    "validate": ["validate", "+50762617737", "--otp", "123456"],
    "trust-send": ["trust-send", "+56912345678", "--nin", "12.345.678-5"],
    "confirm": ["confirm", "+50762617737", "--otp", "123456"],
}
FLOOR_SCRIPT = """\
import json, os, sys
import httpx
method, url, body = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
token = os.environ["VERIFIK_TOKEN"]
multipart = {"files": {k: (None, v) for k, v in body.items()}}
send = multipart if "nin" in body else {"json": body}
answer = getattr(httpx, method)(url, headers={"Authorization": f"Bearer {token}"}, **send)
answer.raise_for_status()
print(json.dumps(answer.json(), indent=2))
"""


class Canned(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps(ANSWERS[(self.command, self.path.split("?")[0])]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def canned_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canned)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall milliseconds and peak RSS (KB) of one run."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - started) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"commands.py: {' '.join(argv)} failed:\n{errors.decode()}")
    return wall, usage.ru_maxrss


def load() -> str:
    try:
        return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--report-only", action="store_true", help="exit 0 even if a goal fails")
    args = parser.parse_args()
    python = sys.executable
    otpcli = str(Path(python).parent / "otpcli")
    with tempfile.TemporaryDirectory(prefix="otpcli-bench-") as tmp, canned_server() as url:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {
            "PYTHONPYCACHEPREFIX": f"{tmp}/pyc",
            "OTPCLI_CONFIG_DIR": f"{tmp}/config",
            "OTPCLI_DATA_DIR": f"{tmp}/data",
            "OTPCLI_CREDENTIAL_STORE": "file",
            "OTPCLI_VERIFIK_URL": url,
            "OTPCLI_TRUST_URL": url,
            "OTPCLI_PROJECT": "p",
            "OTPCLI_PROJECT_FLOW": "f",
            "VERIFIK_TOKEN": TOKEN,
            "TRUST_TOKEN": TOKEN,
            "NO_COLOR": "1",
        }
        floor = Path(tmp, "floor.py")
        floor.write_text(FLOOR_SCRIPT)
        rows: dict[str, list[str]] = {}
        for name, (method, path, body) in FLOORS.items():
            rows[f"{name} floor"] = [python, str(floor), method, url + path, json.dumps(body)]
            rows[f"{name} --json"] = [otpcli, *COMMANDS[name], "--json"]
            rows[f"{name} table"] = [otpcli, *COMMANDS[name]]
        for _ in range(WARMUP):
            for argv in rows.values():
                measure(argv, env)
        before = load()
        times: dict[str, list[float]] = {name: [] for name in rows}
        memory: dict[str, list[int]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, argv in rows.items():
                wall, rss = measure(argv, env)
                times[name].append(wall)
                memory[name].append(rss)
    print(f"otpcli commands against their httpx floor: median of {args.runs} interleaved runs")
    print(f"Python {sys.version.split()[0]}; {before} before, {load()} after")
    print(f"{'command':<22}{'ms':>8}{'ratio':>8}{'peak MB':>9}{'ratio':>8}   goal")
    missed = []
    for name in rows:
        command = name.split()[0]
        base_ms = statistics.median(times[f"{command} floor"])
        base_rss = statistics.median(memory[f"{command} floor"])
        ms, rss = statistics.median(times[name]), statistics.median(memory[name])
        ratio, rss_ratio = ms / base_ms, rss / base_rss
        verdict = ""
        if name.endswith("--json"):
            ok = ratio <= TIME_GOAL and rss_ratio <= MEMORY_GOAL
            verdict = f"<= {TIME_GOAL}x, RSS <= {MEMORY_GOAL}x  {'ok' if ok else 'MISSED'}"
            if not ok:
                missed.append(name)
        print(f"{name:<22}{ms:>8.1f}{ratio:>7.2f}x{rss / 1024:>9.1f}{rss_ratio:>7.2f}x   {verdict}")
    if missed:
        print(f"missed: {', '.join(missed)}", file=sys.stderr)
        return 0 if args.report_only else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
