"""Reproduce gnome-keyring's registration-race abort, through otpcli's backend or keyring's.

Usage (a throwaway keyring; never your own):

    dbus-run-session -- scripts/with-keyring .venv/bin/python scripts/keyring_race.py
    dbus-run-session -- scripts/with-keyring .venv/bin/python scripts/keyring_race.py --unguarded

Starts CPU hogs (load widens the race), then rounds of parallel workers. Each worker reads
an entry CONNECTIONS times, every time on a new connection: guarded, through a new instance
of otpcli's SecretServiceBackend (a new connection that waits with ReadAlias); unguarded,
through python-keyring's own SecretService backend, which opens a connection per call and
first reads the default collection's Label on it. Prints the round at which
gnome-keyring-daemon died, or that it survived, and how many workers failed while it lived
(with the first failure). See src/otpcli/credentials/secret_service.py and docs/ci-notes.md
for the figures. Exits 1 if the daemon died, else 2 if a worker failed, else 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from contextlib import closing

BUS_NAME = "org.freedesktop.secrets"

WORKER = """
import sys
from keyring.backends.SecretService import Keyring
from otpcli.credentials.secret_service import SecretServiceBackend
keyrings_own = Keyring()
for _ in range(int(sys.argv[2])):
    if sys.argv[1] == "guarded":
        backend = SecretServiceBackend()
        backend.get_password("otpcli-race", "nobody")
        backend.close()
    else:  # what each of its calls starts with: a new connection, Label, Locked
        keyrings_own.get_preferred_collection().connection.close()
"""


def service_owner() -> str | None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import Proxy, open_dbus_connection

    with closing(open_dbus_connection(bus="SESSION")) as conn:
        (owned,) = Proxy(message_bus, conn, timeout=5).NameHasOwner(BUS_NAME)
        if not owned:
            return None
        (owner,) = Proxy(message_bus, conn, timeout=5).GetNameOwner(BUS_NAME)
        return str(owner)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--unguarded", action="store_true", help="through python-keyring's own backend"
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--connections", type=int, default=20, help="per worker and round")
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    if os.environ.get("OTPCLI_KEYRING_HARNESS") != "1":
        parser.error("run me inside scripts/with-keyring (it would hit your own keyring)")

    mode = "unguarded" if args.unguarded else "guarded"
    owner = service_owner()
    hog = [sys.executable, "-c", "while True: pass"]
    hogs = [subprocess.Popen(hog) for _ in range(args.hogs)]
    started = time.monotonic()
    failures: list[tuple[int, bytes]] = []  # (round, stderr) of workers that failed
    try:
        for done in range(1, args.rounds + 1):
            worker = [sys.executable, "-c", WORKER, mode, str(args.connections)]
            procs = [
                subprocess.Popen(worker, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(args.workers)
            ]
            errors = [proc.communicate()[1] for proc in procs]
            if service_owner() != owner:
                report(
                    mode,
                    f"gnome-keyring-daemon died in round {done} of {args.rounds}",
                    started,
                    failures,
                )
                return 1
            failures += [(done, err) for p, err in zip(procs, errors, strict=True) if p.returncode]
    finally:
        for proc in hogs:
            proc.kill()
    calls = args.rounds * args.workers * args.connections
    report(
        mode,
        f"gnome-keyring-daemon survived {args.rounds} rounds ({calls} connections)",
        started,
        failures,
    )
    return 2 if failures else 0


def report(mode: str, outcome: str, started: float, failures: list[tuple[int, bytes]]) -> None:
    """What happened, and the workers that failed while the daemon lived: an answer from
    gnome-keyring for a collection that does not exist is its alias-path race (see
    docs/ci-notes.md), anything else is worth reading in full."""
    took = time.monotonic() - started
    print(f"{mode}: {outcome} in {took:.0f} s; {len(failures)} workers failed while it lived")
    if failures:
        first_round, first = failures[0]
        print(f"first failure (round {first_round}, of rounds {sorted({r for r, _ in failures})}):")
        print(first.decode(errors="replace"))


if __name__ == "__main__":
    sys.exit(main())
