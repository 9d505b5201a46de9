"""Startup budget: otpcli's start time as a ratio of a bare `python -c pass`.

    python benchmarks/startup.py [--runs 21] [--otpcli PATH] [--report-only]

Goals (issue 11): `otpcli --version` at most 2x, `otpcli --help` and `otpcli send --help`
at most 8x the time of `python -c pass` on the same interpreter; in Spanish
(`OTPCLI_LANG=es`), loading the catalog adds at most 5 ms to either help. `gh --version` is measured
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
SPANISH = ("--help", "send --help")  # also measured with OTPCLI_LANG=es
SPANISH_BUDGET_MS = 5.0  # what the Spanish catalog may add to the English median
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
    # name -> (argv, the language: None leaves the environment's, which is English here)
    rows: dict[str, tuple[list[str], str | None]] = {
        "python -c pass": ([python, "-c", "pass"], None),
        **{f"otpcli {cmd}": ([str(script), *cmd.split()], "en") for cmd in GOALS},
        **{f"OTPCLI_LANG=es otpcli {cmd}": ([str(script), *cmd.split()], "es") for cmd in SPANISH},
    }
    gh = shutil.which("gh")
    if gh:
        rows["gh --version"] = ([gh, "--version"], None)
    with tempfile.TemporaryDirectory(prefix="otpcli-bench-pyc-") as pycache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        envs = {lang: {**env, "OTPCLI_LANG": lang} if lang else env for lang in (None, "en", "es")}
        for _ in range(WARMUP):
            for argv, lang in rows.values():
                time_once(argv, envs[lang])
        walls: dict[str, list[float]] = {name: [] for name in rows}
        cpus: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, (argv, lang) in rows.items():
                wall, cpu = time_once(argv, envs[lang])
                walls[name].append(wall)
                cpus[name].append(cpu)

    medians = {name: statistics.median(values) for name, values in walls.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    base, cpu_base = medians["python -c pass"], cpu["python -c pass"]
    version = platform.python_version()
    print(f"otpcli startup: median of {args.runs} interleaved runs, Python {version}")
    print(f"console script {script}; baseline {python} -c pass")
    width = max(len(name) for name in rows) + 2
    print(f"{'command':<{width}}{'median ms':>10}{'ratio':>8}{'cpu ms':>9}{'cpu ratio':>10}   goal")
    missed = []
    for name, median in medians.items():
        ratio = median / base
        cpu_part = f"{cpu[name]:>9.1f}{cpu[name] / cpu_base:>9.1f}x"
        command = name.removeprefix("OTPCLI_LANG=es ").removeprefix("otpcli ")
        verdict = ""
        if name.startswith("OTPCLI_LANG=es "):
            extra = median - medians[f"otpcli {command}"]
            ok = extra <= SPANISH_BUDGET_MS
            verdict = f"{extra:+.1f} ms vs English, <= +{SPANISH_BUDGET_MS:g} ms  "
            verdict += "ok" if ok else "MISSED"
        elif name != "python -c pass" and command in GOALS:
            goal = GOALS[command]
            ok = ratio <= goal
            verdict = f"<= {goal:g}x  {'ok' if ok else 'MISSED'}"
        else:
            ok = True
        if not ok:
            missed.append(name)
        print(f"{name:<{width}}{median:>10.1f}{ratio:>7.1f}x{cpu_part}   {verdict}".rstrip())
    if missed:
        print(f"startup budget missed: {', '.join(missed)}", file=sys.stderr)
        return 0 if args.report_only else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
