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
from otpcli.i18n import _, join

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
    name = _("network {providers}").format(providers=", ".join(probe.providers))
    ms = (time.monotonic() - probe.started) * 1000
    finished = probe.done.is_set()
    steps = list(probe.steps)
    said = [step.said() for step in steps if step.ms is not None]
    stuck = None
    if not finished:  # the step under way when --timeout ran out (a resolver that hangs)
        stuck = steps[-1].name if steps and steps[-1].ms is None else "dns"
        said.append(
            _("{step} FAILED: no answer within {seconds:g} s").format(
                step=stuck, seconds=probe.timeout
            )
        )
    via = _("through the proxy {proxy}").format(proxy=probe.proxy) if probe.proxy else _("no proxy")
    detail = (
        _("{url} ({via}): {steps}").format(url=probe.url, via=via, steps=join(", ", said))
        if said
        else _("{url} ({via})").format(url=probe.url, via=via)
    )
    failed = next((step for step in steps if step.error is not None), None)
    if failed is not None:
        return Check(name, Status.fail, detail, failed.remedy, ms, Kind.network)
    if stuck is not None:
        return Check(name, Status.fail, detail, _stuck_remedy(stuck), ms, Kind.network)
    if probe.status is not None and probe.status >= 500:
        return Check(
            name,
            Status.warn,
            _("{detail}; the server answered {status}").format(detail=detail, status=probe.status),
            _("reachable, but the server reports a fault of its own: try again later"),
            ms,
            Kind.network,
        )
    return Check(name, Status.ok, detail, None, ms, Kind.network)


def _stuck_remedy(step: str) -> str:
    if step == "dns":
        return _("the DNS server does not answer: check this machine's DNS, or raise --timeout")
    if step == "tcp":
        return _(
            "a firewall may drop the connection; if this network needs a proxy, set HTTPS_PROXY"
        )
    if step == "tls":
        return _(
            "the port took the connection but never spoke TLS: check the URL's scheme and port"
        )
    return _("the server took the connection but did not answer in time: raise --timeout")


def clock(probes: list[Probe]) -> Check:
    """This machine's clock against the `Date` of the first provider that answered."""
    check = _("clock")
    for probe in probes:
        if probe.date is not None and probe.received is not None:
            # Date counts whole seconds: the server's clock read somewhere in the second.
            skew = probe.received - (probe.date + 0.5)
            host = probe.url.split("//", 1)[-1]
            if abs(skew) > SKEW_WARN_SECONDS:
                off = (
                    _("this machine's clock is {seconds:.0f} s ahead of the Date of {host}")
                    if skew > 0
                    else _("this machine's clock is {seconds:.0f} s behind the Date of {host}")
                )
                return Check(
                    check,
                    Status.warn,
                    off.format(seconds=abs(skew), host=host),
                    _(
                        "set the clock right (e.g. `timedatectl set-ntp true`): token expiry"
                        " is judged by it"
                    ),
                )
            within = _("within {seconds:.0f} s of the Date of {host}")
            return Check(check, Status.ok, within.format(seconds=abs(skew), host=host))
    answered = [probe for probe in probes if probe.status is not None]
    if answered:
        return Check(
            check,
            Status.skipped,
            _("no provider's answer carried a Date header to compare with"),
        )
    return Check(
        check,
        Status.skipped,
        _("no provider answered, so there is no Date to compare with"),
        _("see the network rows"),
    )
