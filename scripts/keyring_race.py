"""Reproduce gnome-keyring's registration-race abort, with and without otpcli's guard.

Usage (a throwaway keyring; never your own):

    dbus-run-session -- scripts/with-keyring .venv/bin/python scripts/keyring_race.py
    dbus-run-session -- scripts/with-keyring .venv/bin/python scripts/keyring_race.py --unguarded

Starts CPU hogs (load widens the race), then rounds of parallel workers, each opening
connections whose first Secret Service message is the default collection's Label (what
python-keyring does). Prints the round at which gnome-keyring-daemon died, or that it
survived. See src/otpcli/secret_service.py. Unguarded, it died within ~20 rounds in every
try on a 2-core machine; guarded, it survived every run. Exits 1 if the daemon died.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from contextlib import closing

BUS_NAME = "org.freedesktop.secrets"

WORKER = """
import sys
from contextlib import closing
import secretstorage
if sys.argv[1] == "guarded":
    from otpcli.secret_service import guard_connections
    guard_connections()
for _ in range(int(sys.argv[2])):
    with closing(secretstorage.dbus_init()) as conn:
        secretstorage.Collection(conn).is_locked()
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
    parser.add_argument("--unguarded", action="store_true", help="open connections as keyring does")
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
    try:
        for done in range(1, args.rounds + 1):
            worker = [sys.executable, "-c", WORKER, mode, str(args.connections)]
            procs = [
                subprocess.Popen(worker, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for _ in range(args.workers)
            ]
            for proc in procs:
                proc.wait()
            if service_owner() != owner:
                print(f"{mode}: gnome-keyring-daemon died in round {done} of {args.rounds}")
                return 1
    finally:
        for proc in hogs:
            proc.kill()
    print(f"{mode}: gnome-keyring-daemon survived {args.rounds} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
