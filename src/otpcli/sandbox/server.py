"""Run the sandbox with uvicorn and show each "delivered" code on the console."""

from __future__ import annotations

import errno
import os
import socket
import time
from types import FrameType

from rich.console import COLOR_SYSTEMS, Console
from rich.style import Style
from rich.text import Text

from otpcli.sandbox.app import begin_shutdown, create_app, sandbox_state
from otpcli.sandbox.codes import stop_hashing
from otpcli.sandbox.state import Message

#: Pre-hashed codes prepared at start-up: enough for a 1000-request burst to need no
#: bcrypt work while it runs (about 1 s of CPU, on a thread at idle priority on Linux).
STARTUP_CODE_POOL = 1024


_LABELS = {
    "login": "Verifik login",
    "validation": "Verifik validation",
    "manual": "Verifik manual",
    "trust": "Trust",
}


class SandboxBindError(OSError):
    """The sandbox could not listen on the address.

    `strerror` is the bare reason ("the port is already in use"); `str()` is a whole
    sentence naming the address, for showing as is.
    """

    def __init__(self, code: int | None, reason: str, address: str) -> None:
        super().__init__(code, reason)
        self.address = address

    def __str__(self) -> str:
        return f"cannot listen on {self.address}: {self.strerror}"


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
        self._direct = not console.legacy_windows

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
            self._paint("dim", _LABELS[message.kind]),
        )
        line = "  ".join(parts)
        if self._direct:
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
        raise SandboxBindError(None, "unknown host", f"{host}:{port}") from exc
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
            reason = "the port is already in use"
        elif exc.errno == errno.EACCES:
            reason = "permission denied (ports below 1024 need privileges)"
        else:
            reason = exc.strerror or str(exc)
        raise SandboxBindError(exc.errno, reason, f"{host}:{port}") from exc
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
        # Pauses end at once on Ctrl-C (begin_shutdown); this only bounds what is left.
        timeout_graceful_shutdown=2,
        server_header=False,
    )

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            begin_shutdown(app)
            super().handle_exit(sig, frame)

    server = Server(config)
    url = _url(host, port)
    console.print(
        Text(f"otpcli sandbox — NOT a real provider — listening on {url}", style="bold yellow"),
        soft_wrap=True,
    )
    where = " (the `sandbox` profile)" if (host, port) == ("127.0.0.1", 8787) else ""
    options = [f"latency {latency_ms} ms"] if latency_ms else []
    if fail_rate:
        options.append(f"fail rate {fail_rate:g}")
    if seed is not None:
        options.append(f"seed {seed}")
    if slow_seconds != 20.0:
        options.append(f"magic slow numbers wait {slow_seconds:g} s")
    console.print(
        Text(
            f"Verifik, Trust and Atenea all answer at this address{where}. Delivered codes "
            f"are printed below and listed at {url}/_sandbox/messages."
            + (f" Options: {', '.join(options)}." if options else "")
            + " Ctrl-C stops.",
            style="dim",
        ),
        soft_wrap=True,
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn re-raises the Ctrl-C it caught once it has shut down; stopping is the
        # normal way to end a sandbox, not an error.
        pass
    finally:
        sock.close()
        stop_hashing()
    console.print(Text("otpcli sandbox stopped", style="dim"))
