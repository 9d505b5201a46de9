"""Run the sandbox with uvicorn and show each "delivered" code on the console."""

from __future__ import annotations

import errno
import os
import socket
import time

from rich.console import COLOR_SYSTEMS, Console
from rich.style import Style
from rich.text import Text

from otpcli.sandbox.app import create_app, sandbox_state
from otpcli.sandbox.state import Message

#: Pre-hashed codes prepared at start-up: enough for a 1000-request burst to need no
#: bcrypt work while it runs (about 1 s of CPU on a background thread, once).
STARTUP_CODE_POOL = 1024


class SandboxBindError(OSError):
    """The sandbox could not listen on the requested address; `str()` is user-facing."""

    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MessagePrinter:
    """Prints one line per delivered code.

    Styles are rendered to escape codes once, and lines are written directly: going
    through `Console.print` costs about 100 µs a line, a tenth of a request's budget
    under load.
    """

    def __init__(self, console: Console) -> None:
        self._console = console
        self._file = console.file
        system_name = console.color_system
        system = COLOR_SYSTEMS.get(system_name) if system_name else None
        # Old Windows consoles do not understand escape codes.
        self._fast = not console.legacy_windows

        def paint(style: str, text: str) -> str:
            if system is None:
                return text
            return Style.parse(style).render(text, color_system=system)

        self._paint = paint

    def __call__(self, message: Message) -> None:
        clock = time.strftime("%H:%M:%S", time.localtime(message.timestamp))
        parts = (
            self._paint("dim", clock),
            self._paint("cyan", f"{message.channel:<8}"),
            self._paint("bold", f"{message.phone:<16}"),
            self._paint("bold green", message.code),
            self._paint("dim", f"{message.provider} {message.kind}"),
        )
        line = "  ".join(parts)
        if self._fast:
            self._file.write(line + "\n")
            self._file.flush()
        else:
            self._console.print(Text.from_ansi(line), highlight=False)


def _bind(host: str, port: int) -> socket.socket:
    """Bind before uvicorn starts, so a busy port is an exception we word, not a log line."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise SandboxBindError(None, f"cannot listen on {host}:{port}: unknown host") from exc
    sock = socket.socket(family, kind, proto)
    try:
        if os.name != "nt":
            # Lets a restarted sandbox reuse the port while old connections linger in
            # TIME_WAIT; on Windows the same option would let two servers share a port.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            message = (
                f"cannot listen on {host}:{port}: the port is already in use "
                "(another sandbox may be running; choose another with --port)"
            )
        elif exc.errno == errno.EACCES:
            message = f"cannot listen on {host}:{port}: permission denied (try a port above 1023)"
        else:
            message = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        raise SandboxBindError(exc.errno, message) from exc
    sock.set_inheritable(True)
    return sock


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(
    host: str = "127.0.0.1",
    port: int = 8787,
    *,
    latency_ms: int = 0,
    fail_rate: float = 0.0,
    seed: int | None = None,
    slow_seconds: float = 20.0,
) -> None:
    """Serve until Ctrl-C (or SIGTERM); returns normally then.

    Raises `SandboxBindError` (an `OSError`) when the address cannot be used, and
    `ValueError` for out-of-range options.
    """
    import uvicorn

    console = Console(highlight=False)
    app = create_app(
        latency_ms=latency_ms,
        fail_rate=fail_rate,
        seed=seed,
        slow_seconds=slow_seconds,
        on_message=MessagePrinter(console),
        code_pool=STARTUP_CODE_POOL,
    )
    sock = _bind(host, port)
    sandbox_state(app).codes.fill()
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        # A request held by the slow magic number must not hold up Ctrl-C for 20 s.
        timeout_graceful_shutdown=1,
        server_header=False,
    )
    server = uvicorn.Server(config)
    url = _url(host, port)
    console.print(
        Text(f"otpcli sandbox — NOT a real provider — listening on {url}", style="bold yellow")
    )
    options = [f"latency {latency_ms} ms"] if latency_ms else []
    if fail_rate:
        options.append(f"fail rate {fail_rate:g}")
    if seed is not None:
        options.append(f"seed {seed}")
    if slow_seconds != 20.0:
        options.append(f"slow numbers wait {slow_seconds:g} s")
    console.print(
        Text(
            "Verifik, Trust and Atenea answer here (profile `sandbox`); codes are listed below "
            f"and at {url}/_sandbox/messages."
            + (f" Options: {', '.join(options)}." if options else "")
            + " Ctrl-C stops.",
            style="dim",
        )
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn re-raises the Ctrl-C it caught once it has shut down; stopping is the
        # normal way to end a sandbox, not an error.
        pass
    finally:
        sock.close()
    console.print(Text("otpcli sandbox stopped", style="dim"))
