"""sandbox serve / inbox: the local emulator of both providers, and the codes it delivered."""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Annotated

import typer

from otpcli.cli.groups import register as add
from otpcli.files import os_reason
from otpcli.i18n import _

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.sandbox.server import Words

Host = Annotated[str, typer.Option("--host", metavar="HOST", help=_("Address to bind or reach."))]
Port = Annotated[
    int, typer.Option("--port", metavar="PORT", min=1, max=65535, help=_("Port of the sandbox."))
]


def serve(
    app: App,
    host: Host = "127.0.0.1",
    port: Port = 8787,
    latency_ms: Annotated[
        int,
        typer.Option(
            "--latency-ms", metavar="N", min=0, max=60_000, help=_("Delay added to every answer.")
        ),
    ] = 0,
    fail_rate: Annotated[
        float,
        typer.Option(
            "--fail-rate",
            metavar="P",
            min=0.0,
            max=1.0,
            help=_("Share of calls that fail at random."),
        ),
    ] = 0.0,
    seed: Annotated[
        int | None,
        typer.Option("--seed", metavar="N", help=_("Seed for codes and failures (reproducible).")),
    ] = None,
    slow_seconds: Annotated[
        float,
        typer.Option(
            "--slow-seconds",
            metavar="SECONDS",
            min=0.0,
            max=600,
            help=_("How long slow numbers wait."),
        ),
    ] = 20.0,
    log: Annotated[
        str | None,
        typer.Option(
            "--log",
            metavar="FILE",
            help=_("Append the console lines (delivered codes) to FILE instead of the terminal."),
            show_default=False,
        ),
    ] = None,
    clock_skew: Annotated[
        float,
        typer.Option(
            "--clock-skew",
            metavar="SECONDS",
            min=-86400,
            max=86400,
            help=_("Shift the Date header of every answer (to try a client's clock check)."),
        ),
    ] = 0.0,
) -> None:
    from otpcli.errors import UsageError
    from otpcli.sandbox.server import SandboxBindError
    from otpcli.sandbox.server import serve as run_server

    if host not in ("127.0.0.1", "localhost", "::1"):
        app.reporter.warn(
            _(
                "listening on {host}: anyone who can reach it can read the codes at"
                " /_sandbox/messages"
            ).format(host=host)
        )
    try:
        run_server(
            host,
            port,
            latency_ms=latency_ms,
            fail_rate=fail_rate,
            seed=seed,
            slow_seconds=slow_seconds,
            log_path=log,
            clock_skew=clock_skew,
            words=_console_words(),
        )
    except SandboxBindError as exc:
        reason, hint = _bind_failure(exc)
        raise UsageError(
            _("cannot listen on {address}: {reason}").format(address=exc.address, reason=reason),
            code="address_in_use" if exc.errno == errno.EADDRINUSE else "bind_error",
            hint=hint,
        ) from None
    except OSError as exc:
        if log is None or exc.filename != log:
            raise
        # The console log could not be opened: there is no listening to speak of.
        raise UsageError(
            _("cannot open the console log {file}: {reason}").format(
                file=log, reason=os_reason(exc)
            ),
            code="file_error",
            hint=_("pass --log a file in a directory that exists and that you can write"),
        ) from None


def _bind_failure(exc: OSError) -> tuple[str, str]:
    """Why the sandbox could not listen, and what to do, in the run's language."""
    if exc.errno == errno.EADDRINUSE:
        return _("the port is already in use"), _(
            "another sandbox may be running; pick another --port"
        )
    if exc.errno == errno.EACCES:
        return _("permission denied (ports below 1024 need privileges)"), _(
            "pick a --port of 1024 or more"
        )
    if exc.errno is None:
        return _("unknown host"), _("pass --host an address of this machine, e.g. 127.0.0.1")
    return str(exc.strerror or exc), _("pick another --host or --port")


def _console_words() -> Words:
    """The sandbox console's lines in the run's language (its HTTP answers never change)."""
    from otpcli.sandbox.server import Words

    return Words(
        listening=_("otpcli sandbox — NOT a real provider — listening on {url}"),
        listening_with_log=_(
            "otpcli sandbox: {url} (a sandbox, not a real provider); console log: {log}"
        ),
        answers=_("Verifik, Trust and Atenea all answer at this address."),
        answers_default=_(
            "Verifik, Trust and Atenea all answer at this address (the `sandbox` profile)."
        ),
        codes_printed=_("Delivered codes are printed below and listed at {messages}."),
        codes_logged=_("Delivered codes are written to the console log and listed at {messages}."),
        options=_("Options: {options}."),
        stop=_("Ctrl-C stops."),
        latency=_("latency {ms} ms"),
        fail_rate=_("fail rate {rate:g}"),
        seed=_("seed {seed}"),
        slow=_("magic slow numbers wait {seconds:g} s"),
        clock_skew=_("Date headers {seconds:+g} s off"),
        started=_("otpcli sandbox {url} started {time}"),
        stopped=_("otpcli sandbox stopped"),
        labels={
            "login": _("Verifik login"),
            "validation": _("Verifik validation"),
            "manual": _("Verifik manual"),
            "trust": "Trust",
        },
    )


def inbox(
    app: App,
    phone: Annotated[
        str | None,
        typer.Argument(
            help=_("Only messages to this phone (E.164)."), metavar="PHONE", show_default=False
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host", metavar="HOST", help=_("Sandbox address (default: from verifik_url).")
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            metavar="PORT",
            min=1,
            max=65535,
            help=_("Sandbox port (default: from verifik_url)."),
        ),
    ] = None,
) -> None:
    from otpcli.errors import UsageError
    from otpcli.inputs import parse_phone
    from otpcli.operations.sandbox import INBOX, messages
    from otpcli.report.reporter import View
    from otpcli.times import local

    number = parse_phone(phone, app.settings.get("country_code")) if phone is not None else None
    body = app.call(INBOX, number, base_url=_sandbox_url(app, host, port))
    found = messages(body)
    if app.reporter.quiet and not app.reporter.json_mode:
        if not found:
            raise UsageError(
                _("no message in the sandbox inbox for {phone}").format(phone=phone)
                if phone
                else _("no message in the sandbox inbox"),
                code="no_message",
            )
        # The code is what QA scripts need here: `code=$(otpcli sandbox inbox PHONE -q)`.
        app.reporter.value(str(found[-1].get("code", "")))
        return
    rows = [
        (local(m.get("time")), m.get("provider"), m.get("channel"), m.get("phone"), m.get("code"))
        for m in found
    ]
    headers = (_("Time"), _("Provider"), _("Channel"), _("Phone"), _("Code"))
    app.reporter.result(View(_("Sandbox inbox"), rows, body, headers=headers))


def _sandbox_url(app: App, host: str | None, port: int | None) -> str:
    from urllib.parse import urlsplit

    if host is None and port is None:
        configured = urlsplit(app.settings.url("verifik_url"))
        if configured.hostname in ("127.0.0.1", "localhost", "::1"):
            return f"{configured.scheme}://{configured.netloc}"
    return f"http://{host or '127.0.0.1'}:{port or 8787}"


def register(group: typer.Typer) -> typer.Typer:
    add(
        group,
        serve,
        help=_("Answer the Verifik, Trust and Atenea calls on one local port until Ctrl-C."),
    )
    add(
        group,
        inbox,
        help=_(
            'The codes the sandbox "delivered", oldest first; -q prints just the '
            "newest code.\n\n"
            "Without --host/--port it asks the sandbox the profile's verifik_url "
            "points at (OTPCLI_VERIFIK_URL, or 127.0.0.1:8787 with the sandbox "
            "profile)."
        ),
    )
    return group
