"""Bulk sends (`otpcli send --from FILE`): speed and memory, printed as ratios.

    python benchmarks/bulk.py                  # both measurements (about 5 minutes)
    python benchmarks/bulk.py --skip-memory    # only the timing
    python benchmarks/bulk.py --records 1000   # a quicker timing

1. Wall time of 10 000 sends at --concurrency 50 against the sandbox with --latency-ms 50,
   start-up included, as a ratio to the ideal 10.0 s (10 000 / 50 * 50 ms). Goal: at most
   1.10x. Also the run's own time (what otpcli reports: first record read to last line
   written). The sandbox pre-hashes a code for every send before the runs, so that its
   bcrypt work (about 1 ms of CPU a code) is not what is measured.
2. Peak RSS of a 100 000-record run as a ratio to a single `otpcli send` (goal: at most
   1.2x), and records per second, against a canned-answer HTTP server.

The CLI runs as a subprocess of the Python running this script (`-m otpcli`); servers
listen on free ports of 127.0.0.1. Client and server share the machine's cores, so on a
small machine the figures include their competition.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

# Canned Verifik answer for the memory run: the shape of a real send, about 1 KB.
CANNED = json.dumps(
    {
        "data": {
            "_id": "6b0232868fbf80ac0451bcc0",
            "status": "sent",
            "countryCode": "+507",
            "phone": "62610002",
            "phoneGateway": "sms",
            "otp": "$2b$10$abcdefghijklmnopqrstuuJ8rQ0m0m0m0m0m0m0m0m0m0m0m0m0m",
            "expiresAt": "2026-11-22T00:18:38.000Z",
            "providerConfirmation": {"sent": True, "status": "ok"},
            "padding": "x" * 600,
        },
        "signature": {"dateTime": "November 22, 2026 12:08 AM", "message": "Certified"},
        "id": "Y2VOE",
    }
).encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"server did not start: {url}") from None
            time.sleep(0.1)


@contextmanager
def sandbox(latency_ms: int, codes: int) -> Iterator[str]:
    port = free_port()
    code = (
        "from otpcli.sandbox import server\n"
        "server.STARTUP_CODE_POOL = {codes}\n"
        "server.serve('127.0.0.1', {port}, latency_ms={latency})\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code.format(codes=codes, port=port, latency=latency_ms)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_sandbox/health", process)
        # Let it pre-hash its codes (about 1 ms each, on its own core) before measuring.
        time.sleep(3 + codes / 900)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def stub_server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-stub", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/health", process)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def serve_stub(port: int) -> None:
    """A keep-alive HTTP/1.1 server that answers every request with CANNED."""
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(CANNED)}\r\n\r\n"
    ).encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                headers = await reader.readuntil(b"\r\n\r\n")
                match = re.search(rb"(?i)content-length:\s*(\d+)", headers)
                if match:
                    await reader.readexactly(int(match.group(1)))
                writer.write(head + CANNED)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def sandbox_token(url: str) -> str:
    phone = {"countryCode": "+507", "phone": "62619999"}
    httpx.post(f"{url}/v2/projects/phone-login", json={**phone, "type": "login"})
    messages = httpx.get(f"{url}/_sandbox/messages", params={"phone": "50762619999"}).json()
    code = messages["messages"][-1]["code"]
    answer = httpx.post(f"{url}/v2/projects/phone-login/confirm", json={**phone, "otp": code})
    token: str = answer.json()["data"]["accessToken"]
    return token


def environment(url: str, token: str, home: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        "OTPCLI_CONFIG_DIR": str(home / "config"),
        "OTPCLI_DATA_DIR": str(home / "data"),
        "OTPCLI_VERIFIK_URL": url,
        "OTPCLI_PROJECT": "sandbox-project",
        "OTPCLI_PROJECT_FLOW": "sandbox-flow",
        "VERIFIK_TOKEN": token,
    }


def write_phones(path: Path, count: int, first: int) -> Path:
    # Panama mobiles +507 6xxxxxxx; endings 0xxx are skipped (the sandbox's magic numbers).
    numbers = (n for n in range(first, first + 2 * count) if n % 10000 >= 1000)
    with path.open("w") as out:
        for _, n in zip(range(count), numbers, strict=False):
            out.write(f"+5076{n:07d}\n")
    return path


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall seconds, the run's own seconds (from otpcli's summary), peak RSS in KB, stderr."""
    command = [sys.executable, "-m", "otpcli", *args]
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode()
    if process.returncode not in (0, 10):
        raise SystemExit(f"{' '.join(args)} exited {process.returncode}:\n{stderr}")
    found = re.search(r" in ([\d.]+)s", stderr)
    own = float(found.group(1)) if found else wall
    return wall, own, usage.ru_maxrss, stderr


def load() -> str:
    try:
        return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load unknown"


def timing(runs: int, records: int, home: Path) -> None:
    concurrency, latency_ms = 50, 50
    ideal = records / concurrency * latency_ms / 1000
    print(
        f"1. {records} sends, --concurrency {concurrency}, sandbox --latency-ms {latency_ms}"
        f" (ideal {ideal:.2f} s); median of {runs} ({load()})"
    )
    walls, owns = [], []
    with sandbox(latency_ms, records * runs + 100) as url:
        env = environment(url, sandbox_token(url), home)
        for attempt in range(runs):
            first = 3_000_000 + attempt * 2 * records
            source = write_phones(home / f"t{attempt}.txt", records, first)
            wall, own, _, summary = run(
                ["send", "--from", str(source), "--concurrency", str(concurrency)], env
            )
            walls.append(wall)
            owns.append(own)
            print(f"   run {attempt + 1}: {summary.strip().splitlines()[-1]}; wall {wall:.2f} s")
    own, wall = statistics.median(owns), statistics.median(walls)
    print(f"   whole command {wall:.2f} s = {wall / ideal:.2f}x ideal (goal <= 1.10x)")
    print(f"   run time      {own:.2f} s = {own / ideal:.2f}x ideal ({load()})")


def memory(records: int, home: Path) -> None:
    print(f"2. peak RSS, {records} records against a canned-answer server, --concurrency 8")
    with stub_server() as url:
        env = environment(url, "benchmark-token-0123456789", home)
        _, _, single, _ = run(["send", "+50762611234"], env)
        print(f"   single send: {single / 1024:.1f} MB")
        small = max(records // 10, 1)
        for count in (small, records):
            source = write_phones(home / f"m{count}.txt", count, 4_000_000)
            _, own, peak, _ = run(["send", "--from", str(source)], env)
            print(
                f"   {count} records: {peak / 1024:.1f} MB = {peak / single:.2f}x a single send"
                f" (goal <= 1.2x); {count / own:.0f} records/s ({own:.1f} s)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median is shown)")
    parser.add_argument("--records", type=int, default=10_000, help="sends to time")
    parser.add_argument("--memory-records", type=int, default=100_000, help="records for RSS")
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--serve-stub", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_stub:
        serve_stub(args.serve_stub)
        return
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        if not args.skip_timing:
            timing(args.runs, args.records, home)
        if not args.skip_memory:
            memory(args.memory_records, home)


if __name__ == "__main__":
    main()
