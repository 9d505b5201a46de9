"""login, confirm, send, validate: the Verifik commands."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from otpcli.commands import common
from otpcli.commands.options import (
    Concurrency,
    CountryCode,
    FromFile,
    Gateway,
    InsecureStorage,
    Otp,
    PhoneArg,
    Project,
    ProjectFlow,
    Rate,
    Resume,
    TokenStdin,
    ValidateGateway,
)
from otpcli.errors import Finished
from otpcli.output import iso
from otpcli.runtime import Runtime, current

if TYPE_CHECKING:
    from otpcli.inputs import Phone


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    return data if isinstance(data, dict) else {}


def login(
    phone: PhoneArg = None,
    country_code: CountryCode = None,
    insecure_storage: InsecureStorage = False,
) -> None:
    """Send a login code to PHONE; on a terminal, prompt for it and log in."""
    rt = current()
    number = common.phone(rt, phone, country_code)
    will_confirm = rt.interactive and not rt.dry_run
    vault = rt.vault(insecure_storage)
    if will_confirm:
        # A code spent on a store that cannot keep the token would be wasted.
        vault.store_for("verifik").check(vault.profile, "verifik")
    body = rt.verifik_client().login(number)
    data = _data(body)
    rt.out.result(
        "Login code sent",
        [
            ("Status", data.get("status")),
            ("Phone", number.e164),
            ("Gateway", data.get("phoneGateway")),
            ("Expires at", data.get("expiresAt")),
        ],
        body=body,
        quiet_value=data.get("status"),
    )
    if not will_confirm:
        rt.out.info(f"next: otpcli confirm {number.e164} --otp CODE")
        return
    code = common.otp(rt, None, prompt=f"Code sent to {number.masked}")
    _confirm(rt, number, code, insecure_storage)


def confirm(
    phone: PhoneArg = None,
    otp: Otp = None,
    country_code: CountryCode = None,
    insecure_storage: InsecureStorage = False,
) -> None:
    """Log in with the code from `login`; the access token goes to the keyring, never to stdout."""
    rt = current()
    number = common.phone(rt, phone, country_code)
    code = common.otp(rt, otp)
    _confirm(rt, number, code, insecure_storage)


def _confirm(rt: Runtime, number: Phone, code: str, insecure_storage: bool) -> None:
    from otpcli import credentials

    vault = rt.vault(insecure_storage)
    store = vault.store_for("verifik")
    if not rt.dry_run:
        store.check(vault.profile, "verifik")
    token, body = rt.verifik_client().confirm(number, code)
    rt.out.secrets.append(token)
    received = time.time()
    where = vault.save("verifik", token)
    expires = credentials.token_expiry(token, received)
    credentials.save_metadata(
        vault.profile,
        "verifik",
        {
            "obtained_at": received,
            "expires_at": expires,
            "phone": number.masked,
            "store": where,
        },
    )
    data = _data(body)
    summary = {
        "tokenType": data.get("tokenType", "bearer"),
        "expiresAt": iso(expires),
        "storedIn": where,
        "profile": vault.profile,
    }
    rt.out.result(
        "Logged in to Verifik",
        [
            ("Profile", vault.profile),
            ("Token type", summary["tokenType"]),
            ("Expires at", summary["expiresAt"]),
            ("Stored in", "OS keyring" if where == "keyring" else f"file {vault.file.path}"),
        ],
        body=summary,
        quiet_value=summary["expiresAt"],
    )


def send(
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
    from_file: FromFile = None,
    concurrency: Concurrency = 8,
    rate: Rate = None,
    resume: Resume = None,
) -> None:
    """Send a one-time code to PHONE by SMS or WhatsApp (or to every phone of --from)."""
    from otpcli.errors import UsageError

    rt = current()
    settings = rt.settings(
        project=project, project_flow=project_flow, gateway=gateway.value if gateway else None
    )
    project_id, flow = settings.get("project"), settings.get("project_flow")
    if not project_id or not flow:
        missing = " and ".join(
            name for name, v in (("--project", project_id), ("--project-flow", flow)) if not v
        )
        raise UsageError(
            f"missing {missing}",
            code="missing_argument",
            hint="pass it, or set it once: `otpcli config set project ID`",
        )
    if from_file is not None:
        from otpcli import bulk

        run = bulk.RunOptions(from_file, concurrency, rate, resume)
        raise Finished(
            bulk.verifik_send(
                rt,
                run,
                phone=phone,
                project=project_id,
                project_flow=flow,
                gateway=settings.get("gateway"),
                type_=type_,
                force=force,
                country_code=country_code,
                token_stdin=token_stdin,
            )
        )
    number = common.phone(rt, phone, country_code)
    token = rt.verifik_token(token_stdin)
    body = rt.verifik_client(token.secret).send(
        number,
        project=project_id,
        project_flow=flow,
        gateway=settings.get("gateway"),
        type_=type_,
        force=force,
    )
    data = _data(body)
    rt.out.result(
        "Code sent",
        [
            ("Validation id", data.get("_id")),
            ("Status", data.get("status")),
            ("Phone", number.e164),
            ("Gateway", data.get("phoneGateway")),
            ("Expires at", data.get("expiresAt")),
        ],
        body=body,
        quiet_value=data.get("_id"),
    )


def validate(
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
    from_file: FromFile = None,
    concurrency: Concurrency = 8,
    rate: Rate = None,
    resume: Resume = None,
) -> None:
    """Check the code the customer read out for PHONE (or the codes of every row of --from)."""
    rt = current()
    settings = rt.settings(project=project, project_flow=project_flow)
    if from_file is not None:
        from otpcli import bulk

        run = bulk.RunOptions(from_file, concurrency, rate, resume)
        raise Finished(
            bulk.verifik_validate(
                rt,
                run,
                phone=phone,
                otp=otp,
                project=settings.get("project"),
                project_flow=settings.get("project_flow"),
                gateway=gateway.value if gateway else None,
                country_code=country_code,
                token_stdin=token_stdin,
            )
        )
    number = common.phone(rt, phone, country_code)
    code = common.otp(rt, otp)
    token = rt.verifik_token(token_stdin)
    body = rt.verifik_client(token.secret).validate(
        number,
        code,
        project=settings.get("project"),
        project_flow=settings.get("project_flow"),
        gateway=gateway.value if gateway else None,
    )
    data = _data(body)
    rt.out.result(
        "Code validated",
        [
            ("Status", data.get("status")),
            ("Validation id", data.get("_id")),
            ("Phone", number.e164),
        ],
        body=body,
        quiet_value=data.get("status"),
    )


def register(app: typer.Typer) -> None:
    app.command()(login)
    app.command()(confirm)
    app.command()(send)
    app.command()(validate)
