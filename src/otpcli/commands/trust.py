"""trust-send and trust-login: Trust verification codes and Atenea credentials."""

from __future__ import annotations

from typing import Annotated

import typer

from otpcli.commands import common
from otpcli.commands.options import (
    Concurrency,
    CountryCode,
    FromFile,
    InsecureStorage,
    PhoneArg,
    Rate,
    Resume,
    TokenStdin,
)
from otpcli.errors import Finished
from otpcli.output import iso
from otpcli.runtime import current


def trust_send(
    phone: PhoneArg = None,
    nin: Annotated[
        str | None,
        typer.Option(
            "--nin", metavar="RUT", help="The person's RUT: 12.345.678-5, 12345678-5 or 123456785."
        ),
    ] = None,
    skip_nin_check: Annotated[
        bool,
        typer.Option(
            "--skip-nin-check", help="Send the RUT without checking its digit (placeholder RUTs)."
        ),
    ] = False,
    country_code: CountryCode = None,
    token_stdin: TokenStdin = False,
    from_file: FromFile = None,
    concurrency: Concurrency = 8,
    rate: Rate = None,
    resume: Resume = None,
) -> None:
    """Send a Trust verification code to a phone, for the person with RUT --nin."""
    from otpcli.errors import UsageError
    from otpcli.inputs import parse_rut

    rt = current()
    if from_file is not None:
        from otpcli import bulk

        run = bulk.RunOptions(from_file, concurrency, rate, resume)
        raise Finished(
            bulk.trust_send(
                rt,
                run,
                phone=phone,
                nin=nin,
                skip_nin_check=skip_nin_check,
                country_code=country_code,
                token_stdin=token_stdin,
            )
        )
    if nin is None:
        raise UsageError("missing --nin (the person's RUT)", code="missing_argument")
    rut = parse_rut(nin, check=not skip_nin_check)  # before the phone's "sending anyway"
    number = common.phone(rt, phone, country_code)
    client = rt.trust_client()
    session = rt.trust_session(rt.stdin_token(token_stdin))
    if rt.dry_run:
        from otpcli.providers.trust import create_request

        # The token would come from Atenea; the dry run shows the Trust call itself.
        request = create_request(rt.settings().url("trust_url"), "[token]", number.e164, rut)
        rt.http().send(request)
    body = session.call(lambda token: client.create(token, number.e164, rut))
    obj = body["obj"]  # check_created guarantees a dict with an id
    rt.out.result(
        "Trust code sent",
        [
            ("Id", obj.get("id")),
            ("Message", body.get("message")),
            ("Phone", number.e164),
            ("RUT", rut),
        ],
        body=body,
        quiet_value=obj.get("id"),
    )


def trust_login(
    client_id: Annotated[
        str | None,
        typer.Option("--client-id", metavar="ID", help="Atenea client id.", show_default=False),
    ] = None,
    secret_stdin: Annotated[
        bool, typer.Option("--secret-stdin", help="Read the client secret from stdin.")
    ] = False,
    insecure_storage: InsecureStorage = False,
) -> None:
    """Store Trust client credentials after proving them at Atenea; tokens then refresh alone."""
    from otpcli.errors import UsageError
    from otpcli.trust_auth import TrustCredentials, save_token

    rt = current()
    if not client_id:
        raise UsageError("missing --client-id", code="missing_argument")
    if secret_stdin:
        secret = rt.read_stdin("--secret-stdin")
    elif rt.interactive:
        secret = typer.prompt("Client secret", hide_input=True).strip()
    else:
        raise UsageError(
            "missing client secret",
            code="missing_argument",
            hint="pipe it with --secret-stdin (never as a flag)",
        )
    rt.out.secrets.append(secret)
    vault = rt.vault(insecure_storage)
    if not rt.dry_run:
        vault.store_for("trust").check(vault.profile, "trust")
    token = rt.trust_client().fetch_token(client_id, secret)
    rt.out.secrets.append(token.access_token)
    where = save_token(vault, TrustCredentials(client_id, secret), token)
    expires = iso(token.expires_at)
    summary = {
        "clientId": client_id,
        "tokenExpiresAt": expires,
        "storedIn": where,
        "profile": vault.profile,
    }
    rt.out.result(
        "Trust credentials stored",
        [
            ("Profile", vault.profile),
            ("Client id", client_id),
            ("Token expires at", expires),
            ("Stored in", "OS keyring" if where == "keyring" else f"file {vault.file.path}"),
        ],
        body=summary,
        quiet_value=expires,
    )


def register(app: typer.Typer) -> None:
    app.command("trust-send")(trust_send)
    app.command("trust-login")(trust_login)
