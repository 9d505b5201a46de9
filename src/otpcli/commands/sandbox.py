"""sandbox serve / inbox: the local emulator of both providers, and the codes it delivered."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from otpcli.runtime import Runtime, current

app = typer.Typer(
    help="A local emulator of Verifik, Trust and Atenea, for QA and demos.",
    no_args_is_help=True,
)

Host = Annotated[str, typer.Option("--host", help="Address to bind or reach.")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port of the sandbox.")]


@app.command()
def serve(
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
) -> None:
    """Answer the Verifik, Trust and Atenea calls on one local port until Ctrl-C."""
    from otpcli.errors import UsageError
    from otpcli.sandbox.server import serve as run_server

    if host not in ("127.0.0.1", "localhost", "::1"):
        current().out.warn(
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
        )
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            code="address_in_use" if "in use" in str(exc).lower() else "bind_error",
            hint="another sandbox may be running; pick another --port",
        ) from None


@app.command()
def inbox(
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
    from otpcli.http import ApiRequest
    from otpcli.inputs import parse_phone
    from otpcli.providers.answers import interpret

    rt = current()
    query = ""
    if phone is not None:
        number = parse_phone(phone, rt.settings().get("country_code"))
        query = f"?phone=%2B{number.e164[1:]}"
    request = ApiRequest(
        "sandbox", "GET", f"{_sandbox_url(rt, host, port)}/_sandbox/messages{query}"
    )
    body = interpret("sandbox", rt.http().send(request))
    messages: list[dict[str, Any]] = [m for m in body.get("messages", []) if isinstance(m, dict)]
    if rt.quiet:
        if not messages:
            raise UsageError(
                "no message in the sandbox inbox" + (f" for {phone}" if phone else ""),
                code="no_message",
            )
        # The code is what QA scripts need here: `code=$(otpcli sandbox inbox PHONE -q)`.
        typer.echo(messages[-1].get("code", ""))
        return
    if rt.json:
        import json

        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    rows = [
        (m.get("time"), m.get("provider"), m.get("channel"), m.get("phone"), m.get("code"))
        for m in messages
    ]
    rt.out.table("Sandbox inbox", rows, headers=("Time", "Provider", "Channel", "Phone", "Code"))


def _sandbox_url(rt: Runtime, host: str | None, port: int | None) -> str:
    from urllib.parse import urlsplit

    if host is None and port is None:
        configured = urlsplit(rt.settings().url("verifik_url"))
        if configured.hostname in ("127.0.0.1", "localhost", "::1"):
            return f"{configured.scheme}://{configured.netloc}"
    return f"http://{host or '127.0.0.1'}:{port or 8787}"
