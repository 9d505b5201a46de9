"""login, confirm, send, validate: the Verifik commands."""

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
    Project,
    ProjectFlow,
    TokenStdin,
)
from otpcli.commands import common
from otpcli.errors import Exit, OtpcliError
from otpcli.i18n import _, ngettext
from otpcli.inputs import Gateway, Language, ValidateGateway, WhatsappTemplate
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
            _("Login code sent"),
            [
                (_("Status"), data.get("status")),
                (_("Phone"), number.e164),
                (_("Gateway"), data.get("phoneGateway")),
                (_("Expires at"), local(data.get("expiresAt"))),
            ],
            body,
            quiet=data.get("status"),
        )
    )
    if not will_confirm:
        app.reporter.info(_("next: otpcli confirm {phone} --otp CODE").format(phone=number.e164))
        return
    for tries_left in range(common.PROMPT_TRIES - 1, -1, -1):
        code = common.otp(app, None, prompt=_("Code sent to {phone}").format(phone=number.masked))
        try:
            _confirm(app, number, code, insecure_storage)
            return
        except OtpcliError as error:
            # A mistyped code: another go, not an exit (and a second login would be held up
            # by the 2-minute resend cooldown). Verifik itself sets no limit: we do.
            if error.exit_code != Exit.OTP_REJECTED or not tries_left:
                raise
            again = ngettext(
                "{problem}; try again ({count} left)",
                "{problem}; try again ({count} left)",
                tries_left,
            )
            app.reporter.warn(
                again.format(problem=error.message, count=tries_left), code=error.code
            )


def confirm(
    app: App,
    phone: PhoneArg = None,
    otp: Otp = None,
    country_code: CountryCode = None,
    insecure_storage: InsecureStorage = False,
) -> None:
    from otpcli.operations import fields

    app.may_create_profile()
    number = fields.phone(fields.single(phone), common.country_code(app, country_code))
    code = common.otp(app, otp)
    _confirm(app, number, code, insecure_storage)


def _confirm(app: App, number: Phone, code: str, insecure_storage: bool) -> None:
    from otpcli.commands.tokens import keep
    from otpcli.operations.verifik import CONFIRM, Confirm, access_token

    vault = app.vault(insecure_storage)
    if not app.dry_run:
        vault.store_for("verifik").check(vault.profile, "verifik")
    body = app.call(CONFIRM, Confirm(number, code))
    token_type = _data(body).get("tokenType", "bearer")
    keep(
        app,
        vault,
        access_token(body),
        title=_("Logged in to Verifik"),
        token_type=token_type,
        phone=number.masked,
    )
    app.keep_profile()


def send(
    app: App,
    phone: PhoneArg = None,
    project: Project = None,
    project_flow: ProjectFlow = None,
    gateway: Annotated[
        Gateway | None, typer.Option("--gateway", "-g", help=_("Deliver by sms or whatsapp."))
    ] = None,
    type_: Annotated[
        str, typer.Option("--type", metavar="TYPE", help=_("Validation type."))
    ] = "login",
    force: Annotated[
        bool, typer.Option("--force", help=_("Send even if a code went out moments ago."))
    ] = False,
    manual: Annotated[
        bool,
        typer.Option("--manual", help=_("Send without a project or flow (Verifik's manual send).")),
    ] = False,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help=_("With --manual: the sender's name, 1 to 15 characters."),
        ),
    ] = None,
    language: Annotated[
        Language | None,
        typer.Option("--language", help=_("With --manual: the message's language.")),
    ] = None,
    whatsapp_template: Annotated[
        WhatsappTemplate | None,
        typer.Option("--whatsapp-template", help=_("With --manual: the WhatsApp template.")),
    ] = None,
    country_code: CountryCode = None,
    token_stdin: TokenStdin = False,
    *,
    bulk: BulkOptions,
) -> None:
    from otpcli.errors import UsageError
    from otpcli.operations.verifik import SEND, SendFlags, send_input

    chosen_gateway = app.settings.get("gateway", gateway.value if gateway else None)
    if bulk.source is not None:
        common.check_bulk(bulk, phone, {"--token-stdin": token_stdin})
    if manual:
        from otpcli.operations.verifik_records import MANUAL_SEND, ManualFlags, manual_input

        manual_flags = ManualFlags(
            chosen_gateway or "sms",
            common.title(title),
            language.value if language else None,
            whatsapp_template.value if whatsapp_template else None,
            force,
            common.country_code(app, country_code),
        )
        prepare_manual = partial(manual_input, flags=manual_flags)
        sent, answer = app.perform(MANUAL_SEND, prepare_manual, phone, bulk, token_stdin)
        _show_sent(app, sent.phone.e164, answer)
        return
    extra = [name for name, v in (("--title", title), ("--language", language)) if v]
    extra += ["--whatsapp-template"] if whatsapp_template else []
    if extra:
        raise UsageError(
            _("{option} goes with --manual").format(option=extra[0]), code="conflicting_options"
        )
    project_id = app.settings.get("project", project)
    flow = app.settings.get("project_flow", project_flow)
    if not project_id or not flow:
        missing = [
            (option, key)
            for option, key, value in (
                ("--project", "project", project_id),
                ("--project-flow", "project_flow", flow),
            )
            if not value
        ]
        options = (
            _("{first} and {second}").format(first=missing[0][0], second=missing[1][0])
            if len(missing) > 1
            else missing[0][0]
        )
        settings = ", ".join(f"`otpcli config set {key} ID`" for _option, key in missing)
        raise UsageError(
            ngettext("missing {options}", "missing {options}", len(missing)).format(
                options=options
            ),
            code="missing_argument",
            hint=ngettext(
                "pass it, set it once ({settings}), or send without a project:"
                " `otpcli send PHONE --manual`",
                "pass them, set them once ({settings}), or send without a project:"
                " `otpcli send PHONE --manual`",
                len(missing),
            ).format(settings=settings),
        )
    flags = SendFlags(
        project_id,
        flow,
        chosen_gateway,
        type_,
        force,
        common.country_code(app, country_code),
    )
    prepare = partial(send_input, flags=flags)
    given, body = app.perform(SEND, prepare, phone, bulk, token_stdin)
    _show_sent(app, given.phone.e164, body)


def _show_sent(app: App, phone: str, body: dict[str, Any]) -> None:
    data = _data(body)
    app.reporter.result(
        View(
            _("Code sent"),
            [
                (_("Validation id"), data.get("_id")),
                (_("Status"), data.get("status")),
                (_("Phone"), phone),
                (_("Gateway"), data.get("phoneGateway")),
                (_("Expires at"), local(data.get("expiresAt"))),
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
        typer.Option("--gateway", "-g", help=_("The gateway used: sms, whatsapp or none.")),
    ] = None,
    country_code: CountryCode = None,
    token_stdin: TokenStdin = False,
    *,
    bulk: BulkOptions,
) -> None:
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
    needs = () if code else ("otp",)  # a file without codes needs --otp
    given, body = app.perform(VALIDATE, prepare, phone, bulk, token_stdin, needs=needs)
    data = _data(body)
    app.reporter.result(
        View(
            _("Code validated"),
            [
                (_("Status"), data.get("status")),
                (_("Validation id"), data.get("_id")),
                (_("Phone"), given.phone.e164),
            ],
            body,
            quiet=data.get("status"),
        )
    )


def register(app: typer.Typer) -> None:
    add(app, login, help=_("Send a login code to PHONE; on a terminal, prompt for it and log in."))
    add(
        app,
        confirm,
        help=_(
            "Log in with the code from `login`; the access token goes to the "
            "keyring, never to stdout."
        ),
    )
    add(
        app,
        send,
        help=_("Send a one-time code to PHONE by SMS or WhatsApp (or to every phone of --from)."),
    )
    add(
        app,
        validate,
        help=_(
            "Check the code the customer read out for PHONE (or the codes of every row of --from)."
        ),
    )
