"""The network and clock checks: every configured base URL probed at once, each within
--timeout, one row per distinct URL; the first `Date` header that comes back tells how far
this machine's clock is off."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from otpcli.doctor.checks import Check, Kind, Status
from otpcli.doctor.probes import Probe
from otpcli.http.proxies import proxy_for

GRACE = 0.25  # past --timeout, before a probe still running is reported as stuck
SKEW_WARN_SECONDS = 60


def start(urls: Mapping[str, str], timeout: float) -> list[Probe]:
    """A probe of each distinct URL (`provider -> base URL`), started on a thread each."""
    from otpcli.http.httpx_import import load_httpx

    load_httpx()  # imported once, here, rather than by every thread at once
    providers: dict[str, list[str]] = {}
    for provider, url in urls.items():
        providers.setdefault(url.rstrip("/"), []).append(provider)
    probes = []
    for url, names in providers.items():
        probe = Probe(url, tuple(names), timeout, proxy_for(url), started=time.monotonic())
        # A daemon: a lookup the resolver never answers must not keep the process alive.
        threading.Thread(target=probe.run, name=f"doctor-{names[0]}", daemon=True).start()
        probes.append(probe)
    return probes


def finish(probes: list[Probe]) -> list[Check]:
    """One row per probe, once each has ended or run out of time."""
    for probe in probes:
        probe.done.wait(max(probe.started + probe.timeout + GRACE - time.monotonic(), 0))
    return [_row(probe) for probe in probes]


def _row(probe: Probe) -> Check:
    name = "network " + ", ".join(probe.providers)
    ms = (time.monotonic() - probe.started) * 1000
    finished = probe.done.is_set()
    steps = list(probe.steps)
    said = [step.said() for step in steps if step.ms is not None]
    stuck = None
    if not finished:  # the step under way when --timeout ran out (a resolver that hangs)
        stuck = steps[-1].name if steps and steps[-1].ms is None else "dns"
        said.append(f"{stuck} FAILED: no answer within {probe.timeout:g} s")
    via = f"through the proxy {probe.proxy}" if probe.proxy else "no proxy"
    detail = f"{probe.url} ({via}): {', '.join(said)}" if said else f"{probe.url} ({via})"
    failed = next((step for step in steps if step.error is not None), None)
    if failed is not None:
        return Check(name, Status.fail, detail, failed.remedy, ms, Kind.network)
    if stuck is not None:
        return Check(name, Status.fail, detail, _stuck_remedy(stuck), ms, Kind.network)
    if probe.status is not None and probe.status >= 500:
        return Check(
            name,
            Status.warn,
            f"{detail}; the server answered {probe.status}",
            "reachable, but the server reports a fault of its own: try again later",
            ms,
            Kind.network,
        )
    return Check(name, Status.ok, detail, None, ms, Kind.network)


def _stuck_remedy(step: str) -> str:
    if step == "dns":
        return "the DNS server does not answer: check this machine's DNS, or raise --timeout"
    if step == "tcp":
        return "a firewall may drop the connection; if this network needs a proxy, set HTTPS_PROXY"
    if step == "tls":
        return "the port took the connection but never spoke TLS: check the URL's scheme and port"
    return "the server took the connection but did not answer in time: raise --timeout"


def clock(probes: list[Probe]) -> Check:
    """This machine's clock against the `Date` of the first provider that answered."""
    for probe in probes:
        if probe.date is not None and probe.received is not None:
            # Date counts whole seconds: the server's clock read somewhere in the second.
            skew = probe.received - (probe.date + 0.5)
            host = probe.url.split("//", 1)[-1]
            if abs(skew) > SKEW_WARN_SECONDS:
                side = "ahead of" if skew > 0 else "behind"
                return Check(
                    "clock",
                    Status.warn,
                    f"this machine's clock is {abs(skew):.0f} s {side} the Date of {host}",
                    "set the clock right (e.g. `timedatectl set-ntp true`): token expiry is"
                    " judged by it",
                )
            return Check("clock", Status.ok, f"within {abs(skew):.0f} s of the Date of {host}")
    answered = [probe for probe in probes if probe.status is not None]
    if answered:
        return Check(
            "clock",
            Status.skipped,
            "no provider's answer carried a Date header to compare with",
        )
    return Check(
        "clock",
        Status.skipped,
        "no provider answered, so there is no Date to compare with",
        "see the network rows",
    )
