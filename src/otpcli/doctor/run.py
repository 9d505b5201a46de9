"""Every check of `otpcli doctor`, in the order they are shown; the network ones run on
threads of their own while the local ones run here."""

from __future__ import annotations

import os
import time
from dataclasses import replace

from otpcli import env
from otpcli.doctor import install, network, settings, stores, tokens
from otpcli.doctor.checks import Check, Kind, Status, timed
from otpcli.doctor.tokens import Remember
from otpcli.i18n import _

PROVIDER_URLS = {"verifik": "verifik_url", "trust": "trust_url", "atenea": "atenea_url"}


def run_checks(
    *,
    profile_flag: str | None,
    timeout: float,
    offline: str | None,
    stdin_token: str | None,
    remember: Remember,
) -> list[Check]:
    """Every check, in the order shown. `offline` names the option that skips the network
    and clock checks (--offline, --dry-run), if any."""
    python = timed(install.python_and_otpcli)
    name, _origin = settings.chosen(profile_flag)
    config_row = timed(lambda: settings.config_file(name))
    started = time.monotonic()
    profile_row, profile = settings.active_profile(profile_flag, config_row.status != Status.fail)
    profile_row = replace(profile_row, ms=(time.monotonic() - started) * 1000)

    found = profile.settings
    probes = []
    if not offline and found is not None:
        urls = {provider: found.url(key) for provider, key in PROVIDER_URLS.items()}
        probes = network.start(urls, timeout)

    store = (
        found.get("credential_store")
        if found
        else os.environ.get(env.KEY_VARIABLES["credential_store"])
    )
    prefer_file = store == "file"
    holds = stores.in_file_store(profile.name)
    keyring_row, keyring_usable = stores.keyring(prefer_file, holds)
    file_row = timed(lambda: stores.file_store(profile.name, prefer_file))
    vault = tokens.vault(profile.name, prefer_file, keyring_usable)
    verifik_row = timed(lambda: tokens.verifik(vault, stdin_token, remember))
    trust_row = timed(lambda: tokens.trust(vault, remember))
    local = [python, keyring_row, file_row, config_row, profile_row, verifik_row, trust_row]

    if offline:
        why = _("not run ({option})").format(option=offline)
        remedy = _("run `otpcli doctor` without {option}").format(option=offline)
        return [*local, *_skipped(why, remedy)]
    if found is None:
        return [*local, *_skipped(_("not run: the profile's settings could not be read"), None)]
    rows = network.finish(probes)
    return [*local, network.clock(probes), *rows]


def _skipped(why: str, remedy: str | None) -> list[Check]:
    return [
        Check(_("clock"), Status.skipped, why, remedy),
        Check(_("network"), Status.skipped, why, remedy, kind=Kind.network),
    ]
