"""Keeping a Verifik token otpcli was given (confirm, auth renew, auth revoke-all): stored,
its metadata written, and the user told where — the token itself is never shown."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from otpcli.i18n import _
from otpcli.report.reporter import View
from otpcli.times import iso, local

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.credentials import Vault


def keep(
    app: App,
    vault: Vault,
    token: str,
    *,
    title: str,
    token_type: str = "bearer",  # noqa: S107 (a scheme, not a secret)
    phone: str | None = None,
    days: float = 30,
) -> None:
    from otpcli import credentials

    app.reporter.secrets.add(token)
    received = time.time()
    where = vault.save("verifik", token)
    expires = credentials.token_expiry(token, received, days)
    if phone is None:  # a renewal: the phone the token was first got with
        phone = credentials.metadata(vault.profile, "verifik").get("phone")
    credentials.save_metadata(
        vault.profile,
        "verifik",
        {"obtained_at": received, "expires_at": expires, "phone": phone, "store": where},
    )
    summary = {
        "tokenType": token_type,
        "expiresAt": iso(expires),
        "storedIn": where,
        "profile": vault.profile,
    }
    app.reporter.result(
        View(
            title,
            [
                (_("Profile"), vault.profile),
                (_("Token type"), token_type),
                (_("Expires at"), local(expires)),
                (_("Stored in"), stored_in(where, vault)),
            ],
            summary,
            quiet=summary["expiresAt"],
        )
    )


def stored_in(where: str, vault: Vault) -> str:
    """Where a credential went, for a table: the OS keyring, or the file store's path."""
    if where == "keyring":
        return _("OS keyring")
    return _("file {path}").format(path=vault.file.path)
