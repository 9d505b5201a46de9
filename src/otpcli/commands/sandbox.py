"""sandbox serve / inbox: the local emulator of both providers, and the codes it delivered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from otpcli.cli.groups import register as add

if TYPE_CHECKING:
    from otpcli.application import App

Host = Annotated[str, typer.Option("--host", help="Address to bind or reach.")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port of the sandbox.")]


def serve(
    app: App,
    host: Host = "127.0.0.1",
    port: Port = 8787,
    latency_ms: Annotated[
        int, typer.Option("--latency-ms", min=0, max=60_000, help="Delay added to every answer.")
    ] = 0,
    fail_rate: Annotated[
        float,
        typer.Option("--fail-rate", min=0.0, max=1.0, help="Share of calls that fail at random."),
    ] = 0.0,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for codes and failures (reproducible).")
    ] = None,
    slow_seconds: Annotated[
        float,
        typer.Option("--slow-seconds", min=0.0, max=600, help="How long slow numbers wait."),
    ] = 20.0,
    log: Annotated[
        str | None,
        typer.Option(
            "--log",
            metavar="FILE",
            help="Append the console lines (delivered codes) to FILE instead of the terminal.",
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
            help="Shift the Date header of every answer (to try a client's clock check).",
        ),
    ] = 0.0,
) -> None:
    """Answer the Verifik, Trust and Atenea calls on one local port until Ctrl-C."""
    from otpcli.errors import UsageError
    from otpcli.sandbox.server import serve as run_server

    if host not in ("127.0.0.1", "localhost", "::1"):
        app.reporter.warn(
            f"listening on {host}: anyone who can reach it can read the codes at /_sandbox/messages"
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
        )
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            code="address_in_use" if "in use" in str(exc).lower() else "bind_error",
            hint="another sandbox may be running; pick another --port",
        ) from None


def inbox(
    app: App,
    phone: Annotated[
        str | None, typer.Argument(help="Only messages to this phone (E.164).", show_default=False)
    ] = None,
    host: Annotated[
        str | None, typer.Option("--host", help="Sandbox address (default: from verifik_url).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Sandbox port (default: from verifik_url)."),
    ] = None,
) -> None:
    """The codes the sandbox "delivered", oldest first; -q prints just the newest code.

    Without --host/--port it asks the sandbox the profile's verifik_url points at
    (OTPCLI_VERIFIK_URL, or 127.0.0.1:8787 with the sandbox profile).
    """
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
                "no message in the sandbox inbox" + (f" for {phone}" if phone else ""),
                code="no_message",
            )
        # The code is what QA scripts need here: `code=$(otpcli sandbox inbox PHONE -q)`.
        app.reporter.value(str(found[-1].get("code", "")))
        return
    rows = [
        (local(m.get("time")), m.get("provider"), m.get("channel"), m.get("phone"), m.get("code"))
        for m in found
    ]
    headers = ("Time", "Provider", "Channel", "Phone", "Code")
    app.reporter.result(View("Sandbox inbox", rows, body, headers=headers))


def _sandbox_url(app: App, host: str | None, port: int | None) -> str:
    from urllib.parse import urlsplit

    if host is None and port is None:
        configured = urlsplit(app.settings.url("verifik_url"))
        if configured.hostname in ("127.0.0.1", "localhost", "::1"):
            return f"{configured.scheme}://{configured.netloc}"
    return f"http://{host or '127.0.0.1'}:{port or 8787}"


def register(group: typer.Typer) -> typer.Typer:
    add(group, serve)
    add(group, inbox)
    return group
