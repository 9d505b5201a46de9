"""login, confirm, send, validate: the Verifik commands."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

import typer

from otpcli.cli.groups import register as add
from otpcli.cli.options import (
    BulkOptions,
    CountryCode,
    InsecureStorage,
    Otp,
    PhoneArg,
    Project,
    ProjectFlow,
    TokenStdin,
)
from otpcli.commands import common
from otpcli.inputs import Gateway, ValidateGateway
from otpcli.report.reporter import View
from otpcli.times import local

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.inputs import Phone


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    return data if isinstance(data, dict) else {}


def login(
    app: App,
    phone: PhoneArg = None,
    country_code: CountryCode = None,
    insecure_storage: InsecureStorage = False,
) -> None:
    """Send a login code to PHONE; on a terminal, prompt for it and log in."""
    from otpcli.operations import fields
    from otpcli.operations.verifik import LOGIN, Login

    app.may_create_profile()
    number = fields.phone(fields.single(phone), common.country_code(app, country_code))
    will_confirm = app.interactive and not app.dry_run
    vault = app.vault(insecure_storage)
    if not app.dry_run:
        # A code spent on a store that cannot keep the token would be wasted, whether it is
        # prompted for here or given to `confirm` later (--no-input, no terminal).
        vault.store_for("verifik").check(vault.profile, "verifik")
    body = app.call(LOGIN, Login(number))
    data = _data(body)
    app.reporter.result(
        View(
            "Login code sent",
            [
                ("Status", data.get("status")),
                ("Phone", number.e164),
                ("Gateway", data.get("phoneGateway")),
                ("Expires at", local(data.get("expiresAt"))),
            ],
            body,
            quiet=data.get("status"),
        )
    )
    if not will_confirm:
        app.reporter.info(f"next: otpcli confirm {number.e164} --otp CODE")
        return
    code = common.otp(app, None, prompt=f"Code sent to {number.masked}")
    _confirm(app, number, code, insecure_storage)


def confirm(
    app: App,
    phone: PhoneArg = None,
    otp: Otp = None,
    country_code: CountryCode = None,
    insecure_storage: InsecureStorage = False,
) -> None:
    """Log in with the code from `login`; the access token goes to the keyring, never to stdout."""
    from otpcli.operations import fields

    app.may_create_profile()
    number = fields.phone(fields.single(phone), common.country_code(app, country_code))
    code = common.otp(app, otp)
    _confirm(app, number, code, insecure_storage)


def _confirm(app: App, number: Phone, code: str, insecure_storage: bool) -> None:
    from otpcli import credentials
    from otpcli.operations.verifik import CONFIRM, Confirm, access_token
    from otpcli.times import iso

    vault = app.vault(insecure_storage)
    if not app.dry_run:
        vault.store_for("verifik").check(vault.profile, "verifik")
    body = app.call(CONFIRM, Confirm(number, code))
    token = access_token(body)
    app.reporter.secrets.add(token)
    received = time.time()
    where = vault.save("verifik", token)
    expires = credentials.token_expiry(token, received)
    credentials.save_metadata(
        vault.profile,
        "verifik",
        {"obtained_at": received, "expires_at": expires, "phone": number.masked, "store": where},
    )
    app.keep_profile()
    summary = {
        "tokenType": _data(body).get("tokenType", "bearer"),
        "expiresAt": iso(expires),
        "storedIn": where,
        "profile": vault.profile,
    }
    app.reporter.result(
        View(
            "Logged in to Verifik",
            [
                ("Profile", vault.profile),
                ("Token type", summary["tokenType"]),
                ("Expires at", local(expires)),
                ("Stored in", "OS keyring" if where == "keyring" else f"file {vault.file.path}"),
            ],
            summary,
            quiet=summary["expiresAt"],
        )
    )


def send(
    app: App,
    phone: PhoneArg = None,
    project: Project = None,
    project_flow: ProjectFlow = None,
    gateway: Annotated[
        Gateway | None, typer.Option("--gateway", "-g", help="Deliver by sms or whatsapp.")
    ] = None,
    type_: Annotated[
        str, typer.Option("--type", metavar="TYPE", help="Validation type.")
    ] = "login",
    force: Annotated[
        bool, typer.Option("--force", help="Send even if a code went out moments ago.")
    ] = False,
    country_code: CountryCode = None,
    token_stdin: TokenStdin = False,
    *,
    bulk: BulkOptions,
) -> None:
    """Send a one-time code to PHONE by SMS or WhatsApp (or to every phone of --from)."""
    from otpcli.errors import UsageError
    from otpcli.operations.verifik import SEND, SendFlags, send_input

    settings = app.settings
    project_id = settings.get("project", project)
    flow = settings.get("project_flow", project_flow)
    if not project_id or not flow:
        missing = " and ".join(
            name for name, v in (("--project", project_id), ("--project-flow", flow)) if not v
        )
        raise UsageError(
            f"missing {missing}",
            code="missing_argument",
            hint="pass it, or set it once: `otpcli config set project ID`",
        )
    if bulk.source is not None:
        common.check_bulk(bulk, phone, {"--token-stdin": token_stdin})
    flags = SendFlags(
        project_id,
        flow,
        settings.get("gateway", gateway.value if gateway else None),
        type_,
        force,
        common.country_code(app, country_code),
    )
    prepare = partial(send_input, flags=flags)
    given, body = app.perform(SEND, prepare, phone, bulk, token_stdin)
    data = _data(body)
    app.reporter.result(
        View(
            "Code sent",
            [
                ("Validation id", data.get("_id")),
                ("Status", data.get("status")),
                ("Phone", given.phone.e164),
                ("Gateway", data.get("phoneGateway")),
                ("Expires at", local(data.get("expiresAt"))),
            ],
            body,
            quiet=data.get("_id"),
        )
    )


def validate(
    app: App,
    phone: PhoneArg = None,
    otp: Otp = None,
    project: Project = None,
    project_flow: ProjectFlow = None,
    gateway: Annotated[
        ValidateGateway | None,
        typer.Option("--gateway", "-g", help="The gateway used: sms, whatsapp or none."),
    ] = None,
    country_code: CountryCode = None,
    token_stdin: TokenStdin = False,
    *,
    bulk: BulkOptions,
) -> None:
    """Check the code the customer read out for PHONE (or the codes of every row of --from)."""
    from otpcli.operations import fields
    from otpcli.operations.verifik import VALIDATE, ValidateFlags, validate_input

    if bulk.source is not None:
        common.check_bulk(bulk, phone, {"--token-stdin": token_stdin, "--otp -": otp == "-"})
    country = common.country_code(app, country_code)
    if bulk.source is None:
        fields.phone(fields.single(phone), country)  # a bad phone is said before a code is asked
    # With --from, a flag code is every row's default; without one, rows need an otp column.
    code = common.otp(app, otp) if otp is not None or bulk.source is None else None
    flags = ValidateFlags(
        code,
        app.settings.get("project", project),
        app.settings.get("project_flow", project_flow),
        gateway.value if gateway else None,
        country,
    )
    prepare = partial(validate_input, flags=flags)
    given, body = app.perform(VALIDATE, prepare, phone, bulk, token_stdin)
    data = _data(body)
    app.reporter.result(
        View(
            "Code validated",
            [
                ("Status", data.get("status")),
                ("Validation id", data.get("_id")),
                ("Phone", given.phone.e164),
            ],
            body,
            quiet=data.get("status"),
        )
    )


def register(app: typer.Typer) -> None:
    add(app, login)
    add(app, confirm)
    add(app, send)
    add(app, validate)
