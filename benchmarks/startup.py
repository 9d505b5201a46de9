"""Startup budget: otpcli's start time as a ratio of a bare `python -c pass`.

    python benchmarks/startup.py [--runs 21] [--otpcli PATH] [--report-only]

Goals (issue 11): `otpcli --version` at most 2x, `otpcli --help` and `otpcli send --help`
at most 8x the time of `python -c pass` on the same interpreter. `gh --version` is measured
the same way, for comparison, when the GitHub CLI is installed. Measures the console script
users run (the `otpcli` next to this Python, or --otpcli PATH) and, as the baseline, the
interpreter named on that script's #! line. Runs are interleaved round-robin after warm-up
runs, and the median is kept, so a busy machine slows every row alike. Exits 1 when a goal
is missed (0 with --report-only). The goals apply to wall-clock time; CPU time (user +
system) is shown beside it because it varies less when other work shares the machine.

Bytecode: pip writes .pyc files at install time, so the benchmark measures with bytecode
caching on. It points PYTHONPYCACHEPREFIX at a temporary directory (filled by the warm-up
runs) so that a PYTHONDONTWRITEBYTECODE=1 environment does not make every run recompile,
and nothing is written into the source tree.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"--version": 2.0, "--help": 8.0, "send --help": 8.0}
WARMUP = 3


def console_script(given: str | None) -> Path:
    if given:
        return Path(given)
    beside = Path(sys.executable).parent / "otpcli"
    if beside.exists():
        return beside
    found = shutil.which("otpcli")
    if not found:
        sys.exit("startup.py: no otpcli console script found; pass --otpcli PATH")
    return Path(found)


def interpreter_of(script: Path) -> str:
    """The Python on the script's #! line: the one the console script runs."""
    with script.open("rb") as handle:
        first = handle.readline().decode("utf-8", "replace").strip()
    if first.startswith("#!"):
        words = first[2:].split()
        if words and Path(words[0]).name.startswith("python") and Path(words[0]).exists():
            return words[0]
    return sys.executable


def time_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) milliseconds of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"startup.py: {' '.join(argv)} exited {child.returncode}")
    return elapsed * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs per command")
    parser.add_argument("--otpcli", help="console script to measure (default: beside python)")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even if a goal fails")
    args = parser.parse_args()

    script = console_script(args.otpcli)
    python = interpreter_of(script)
    rows: dict[str, list[str]] = {
        "python -c pass": [python, "-c", "pass"],
        **{f"otpcli {cmd}": [str(script), *cmd.split()] for cmd in GOALS},
    }
    gh = shutil.which("gh")
    if gh:
        rows["gh --version"] = [gh, "--version"]
    with tempfile.TemporaryDirectory(prefix="otpcli-bench-pyc-") as pycache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        for _ in range(WARMUP):
            for argv in rows.values():
                time_once(argv, env)
        walls: dict[str, list[float]] = {name: [] for name in rows}
        cpus: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, argv in rows.items():
                wall, cpu = time_once(argv, env)
                walls[name].append(wall)
                cpus[name].append(cpu)

    medians = {name: statistics.median(values) for name, values in walls.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    base, cpu_base = medians["python -c pass"], cpu["python -c pass"]
    version = platform.python_version()
    print(f"otpcli startup: median of {args.runs} interleaved runs, Python {version}")
    print(f"console script {script}; baseline {python} -c pass")
    print(f"{'command':<22}{'median ms':>10}{'ratio':>8}{'cpu ms':>9}{'cpu ratio':>10}   goal")
    missed = []
    for name, median in medians.items():
        ratio = median / base
        cpu_part = f"{cpu[name]:>9.1f}{cpu[name] / cpu_base:>9.1f}x"
        goal = GOALS.get(name.removeprefix("otpcli "))
        verdict = ""
        if name != "python -c pass" and goal is not None:
            ok = ratio <= goal
            verdict = f"<= {goal:g}x  {'ok' if ok else 'MISSED'}"
            if not ok:
                missed.append(name)
        print(f"{name:<22}{median:>10.1f}{ratio:>7.1f}x{cpu_part}   {verdict}".rstrip())
    if missed:
        print(f"startup budget missed: {', '.join(missed)}", file=sys.stderr)
        return 0 if args.report_only else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
