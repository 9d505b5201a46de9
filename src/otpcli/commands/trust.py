"""trust-send, trust-verify and trust-login: Trust verification codes and Atenea
credentials."""

from __future__ import annotations

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
    TokenStdin,
)
from otpcli.commands import common
from otpcli.i18n import _
from otpcli.inputs import Gateway
from otpcli.report.reporter import View
from otpcli.times import local

if TYPE_CHECKING:
    from otpcli.application import App

IdArg = Annotated[
    str | None,
    typer.Argument(help=_("The id trust-send printed."), metavar="ID", show_default=False),
]


def trust_send(
    app: App,
    phone: PhoneArg = None,
    nin: Annotated[
        str | None,
        typer.Option(
            "--nin",
            metavar="RUT",
            help=_("The person's RUT: 12.345.678-5, 12345678-5 or 123456785."),
        ),
    ] = None,
    skip_nin_check: Annotated[
        bool,
        typer.Option(
            "--skip-nin-check",
            help=_("Send the RUT without checking its digit (placeholder RUTs)."),
        ),
    ] = False,
    channel: Annotated[
        Gateway,
        typer.Option("--channel", help=_("Deliver by sms (Trust's create call) or whatsapp.")),
    ] = Gateway.sms,
    country_code: CountryCode = None,
    token_stdin: TokenStdin = False,
    *,
    bulk: BulkOptions,
) -> None:
    """trust-send: Trust's create call (or its WhatsApp one) for one record or each of
    --from; prints the verification id trust-verify needs."""
    from otpcli.errors import UsageError
    from otpcli.inputs import parse_rut
    from otpcli.operations.trust import SEND, WHATSAPP, SendFlags, answered_id, send_input

    # An empty --nin is said of the option, with --from too (not taken as not given).
    if (nin is None and bulk.source is None) or (nin is not None and not nin.strip()):
        said = _("missing --nin (the person's RUT)") if nin is None else _("--nin is empty")
        raise UsageError(
            said,
            code="missing_argument",
            hint=_("give the person's RUT, e.g. --nin 12.345.678-5 (dots and dash optional)"),
        )
    if bulk.source is not None:
        common.check_bulk(bulk, phone, {"--token-stdin": token_stdin})
    check = not skip_nin_check
    flags = SendFlags(
        parse_rut(nin, check=check) if nin else None, check, common.country_code(app, country_code)
    )
    prepare = partial(send_input, flags=flags)
    operation = WHATSAPP if channel is Gateway.whatsapp else SEND
    needs = () if flags.nin else ("nin",)  # a file without RUTs needs --nin
    given, body = app.perform(operation, prepare, phone, bulk, token_stdin, needs=needs)
    found = answered_id(body)  # create's check makes sure it has one; WhatsApp's may not
    if found is None:
        app.reporter.warn(
            _(
                "Trust sent no verification id that otpcli knows where to find (the answer's"
                " fields: {fields}); trust-verify needs one"
            ).format(fields=", ".join(_field_names(body)) or _("none")),
            code="no_verification_id",
        )
    app.reporter.result(
        View(
            _("Trust code sent"),
            [
                (_("Id"), found),
                (_("Channel"), channel.value),
                (_("Message"), body.get("message")),
                (_("Phone"), given.phone.e164),
                (_("RUT"), given.nin),
            ],
            body,
            quiet=found,
        )
    )


def _field_names(body: dict[str, Any]) -> list[str]:
    """An answer's field names, one level down too (`obj.ref`), and none of its values."""
    names = []
    for name, value in body.items():
        names.append(name)
        if isinstance(value, dict):
            names += [f"{name}.{inner}" for inner in value]
    return names


def trust_verify(
    app: App,
    verification: IdArg = None,
    otp: Otp = None,
    token_stdin: TokenStdin = False,
    *,
    bulk: BulkOptions,
) -> None:
    """trust-verify: Trust's verify call for one id and code, or each row of --from."""
    from otpcli.operations import fields
    from otpcli.operations.trust import VERIFY, VerifyFlags, verify_input

    if bulk.source is not None:
        stdin_users = {"--token-stdin": token_stdin, "--otp -": otp == "-"}
        common.check_bulk(bulk, verification, stdin_users, column="id")
    else:
        # A bad id is said before the code is asked for.
        fields.verification_id(fields.single(verification, "id"))
    # With --from, a flag code is every row's default; without one, rows need an otp column.
    code = common.otp(app, otp) if otp is not None or bulk.source is None else None
    prepare = partial(verify_input, flags=VerifyFlags(code))
    needs = () if code else ("otp",)  # a file without codes needs --otp
    given, body = app.perform(VERIFY, prepare, verification, bulk, token_stdin, needs=needs)
    app.reporter.result(
        View(
            _("Trust code verified"),
            [(_("Id"), given.id), (_("Message"), body.get("message"))],
            body,
            quiet="verified",
        )
    )


def trust_login(
    app: App,
    client_id: Annotated[
        str | None,
        typer.Option("--client-id", metavar="ID", help=_("Atenea client id."), show_default=False),
    ] = None,
    secret_stdin: Annotated[
        bool, typer.Option("--secret-stdin", help=_("Read the client secret from stdin."))
    ] = False,
    insecure_storage: InsecureStorage = False,
) -> None:
    """trust-login: Atenea's token call proves the client credentials, then they are stored."""
    from otpcli.commands.tokens import stored_in
    from otpcli.errors import UsageError
    from otpcli.operations.trust import ATENEA_TOKEN, ClientCredentials
    from otpcli.times import iso
    from otpcli.trust_auth import TrustCredentials, save_token

    app.may_create_profile()
    if not client_id:
        raise UsageError(_("missing --client-id"), code="missing_argument")
    if secret_stdin:
        secret = app.read_stdin("--secret-stdin")
    elif app.interactive:
        secret = app.reporter.prompt(_("Client secret"), secret=True)
    else:
        raise UsageError(
            _("missing client secret"),
            code="missing_argument",
            hint=_("pipe it with --secret-stdin (never as a flag)"),
        )
    app.reporter.secrets.add(secret)
    vault = app.vault(insecure_storage)
    if not app.dry_run:
        vault.store_for("trust").check(vault.profile, "trust")
    token = app.call(ATENEA_TOKEN, ClientCredentials(client_id, secret))
    app.reporter.secrets.add(token.access_token)
    where = save_token(vault, TrustCredentials(client_id, secret), token)
    app.keep_profile()
    expires = iso(token.expires_at)
    summary = {
        "clientId": client_id,
        "tokenExpiresAt": expires,
        "storedIn": where,
        "profile": vault.profile,
    }
    app.reporter.result(
        View(
            _("Trust credentials stored"),
            [
                (_("Profile"), vault.profile),
                (_("Client id"), client_id),
                (_("Token expires at"), local(token.expires_at)),
                (_("Stored in"), stored_in(where, vault)),
            ],
            summary,
            quiet=expires,
        )
    )


def register(app: typer.Typer) -> None:
    add(
        app,
        trust_send,
        "trust-send",
        help=_("Send a Trust verification code to a phone, for the person with RUT --nin."),
    )
    add(
        app,
        trust_verify,
        "trust-verify",
        help=_(
            "Check the code the customer read out against a Trust verification ID (or every"
            " row of --from: columns id and otp)."
        ),
    )
    add(
        app,
        trust_login,
        "trust-login",
        help=_(
            "Store Trust client credentials after proving them at Atenea; tokens then refresh"
            " alone."
        ),
    )
