"""Run the sandbox with uvicorn and show each "delivered" code on the console."""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import FrameType
from typing import IO, Any

from rich.console import COLOR_SYSTEMS, Console
from rich.style import Style
from rich.text import Text

from otpcli.sandbox.app import begin_shutdown, create_app, sandbox_state
from otpcli.sandbox.codes import stop_hashing
from otpcli.sandbox.state import Message

#: Pre-hashed codes prepared at start-up: enough for a 1000-request burst to need no
#: bcrypt work while it runs (about 1 s of CPU, on a thread at idle priority on Linux).
STARTUP_CODE_POOL = 1024


@dataclass(frozen=True)
class Words:
    """What the console says, English unless told otherwise: `otpcli sandbox serve` hands in
    its own language's words (the sandbox imports nothing of the client). Only the console
    speaks them; what the sandbox answers on HTTP, as the emulated providers, never changes.
    """

    listening: str = "otpcli sandbox — NOT a real provider — listening on {url}"
    listening_with_log: str = (
        "otpcli sandbox: {url} (a sandbox, not a real provider); console log: {log}"
    )
    answers: str = "Verifik, Trust and Atenea all answer at this address."
    answers_default: str = (
        "Verifik, Trust and Atenea all answer at this address (the `sandbox` profile)."
    )
    codes_printed: str = "Delivered codes are printed below and listed at {messages}."
    codes_logged: str = "Delivered codes are written to the console log and listed at {messages}."
    options: str = "Options: {options}."
    stop: str = "Ctrl-C stops."
    latency: str = "latency {ms} ms"
    fail_rate: str = "fail rate {rate:g}"
    seed: str = "seed {seed}"
    slow: str = "magic slow numbers wait {seconds:g} s"
    clock_skew: str = "Date headers {seconds:+g} s off"
    started: str = "otpcli sandbox {url} started {time}"
    stopped: str = "otpcli sandbox stopped"
    labels: Mapping[str, str] = field(
        default_factory=lambda: {
            "login": "Verifik login",
            "validation": "Verifik validation",
            "manual": "Verifik manual",
            "trust": "Trust",
        }
    )


ENGLISH = Words()


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

    def __init__(self, console: Console, labels: Mapping[str, str] | None = None) -> None:
        self._console = console
        self._labels = ENGLISH.labels if labels is None else labels
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
            self._paint("dim", self._labels[message.kind]),
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


def _log_config(log: IO[str] | None) -> dict[str, Any]:
    """uvicorn's logging configuration, writing to the console log when there is one."""
    from uvicorn.config import LOGGING_CONFIG

    if log is None:
        return LOGGING_CONFIG
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    for handler in config["handlers"].values():
        handler["stream"] = log
    for formatter in config["formatters"].values():
        formatter["use_colors"] = False
    # python-multipart warns about malformed form bodies, on stderr otherwise.
    config["loggers"]["python_multipart"] = {
        "handlers": ["default"],
        "level": "WARNING",
        "propagate": False,
    }
    return config


def banner(
    url: str,
    *,
    default_address: bool,
    log_path: str | None,
    options: list[str],
    words: Words = ENGLISH,
) -> tuple[str, str]:
    """The two lines the terminal shows at start-up; the first says where the log goes."""
    messages = f"{url}/_sandbox/messages"
    if log_path is None:
        first = words.listening.format(url=url)
        codes = words.codes_printed.format(messages=messages)
    else:
        first = words.listening_with_log.format(url=url, log=os.path.abspath(log_path))
        codes = words.codes_logged.format(messages=messages)
    sentences = [words.answers_default if default_address else words.answers, codes]
    if options:
        sentences.append(words.options.format(options=", ".join(options)))
    return first, " ".join([*sentences, words.stop])


def serve(
    host: str = "127.0.0.1",
    port: int = 8787,
    *,
    latency_ms: int = 0,
    fail_rate: float = 0.0,
    seed: int | None = None,
    slow_seconds: float = 20.0,
    log_path: str | None = None,
    clock_skew: float = 0.0,
    words: Words = ENGLISH,
) -> None:
    """Serve until Ctrl-C (or SIGTERM); returns normally then.

    `log_path`: the console lines (delivered codes, uvicorn's warnings) are appended to
    that file instead of the terminal, which then shows only the banner. `clock_skew`:
    every answer's `Date` header is that many seconds off the real time.

    Raises `SandboxBindError` (an `OSError`) when the address cannot be used, `OSError`
    when the log file cannot be opened, and `ValueError` for out-of-range options.
    """
    import uvicorn

    url = _url(host, port)
    console = Console(highlight=False)
    with contextlib.ExitStack() as stack:
        log = None
        log_console = console
        if log_path is not None:
            log = stack.enter_context(open(log_path, "a", buffering=1, encoding="utf-8"))
            log_console = Console(file=log, highlight=False, color_system=None)
        app = create_app(
            latency_ms=latency_ms,
            fail_rate=fail_rate,
            seed=seed,
            slow_seconds=slow_seconds,
            on_message=MessagePrinter(log_console, words.labels),
            code_pool=STARTUP_CODE_POOL,
            clock_skew=clock_skew,
        )
        sock = _bind(host, port)
        if log is not None:
            # Runs append to one file: each starts with a line that says when and where.
            started = words.started.format(url=url, time=time.strftime("%Y-%m-%d %H:%M:%S %z"))
            log.write(started + "\n")
        sandbox_state(app).codes.fill()
        config = uvicorn.Config(
            app,
            log_level="warning",
            log_config=_log_config(log),
            access_log=False,
            lifespan="on",
            # Pauses end at once on Ctrl-C (begin_shutdown); this only bounds what is left.
            timeout_graceful_shutdown=2,
            server_header=False,
            # uvicorn would add its own Date, unskewed, next to the app's.
            date_header=not clock_skew,
        )

        class Server(uvicorn.Server):
            def handle_exit(self, sig: int, frame: FrameType | None) -> None:
                begin_shutdown(app)
                super().handle_exit(sig, frame)

        options = [words.latency.format(ms=latency_ms)] if latency_ms else []
        if fail_rate:
            options.append(words.fail_rate.format(rate=fail_rate))
        if seed is not None:
            options.append(words.seed.format(seed=seed))
        if slow_seconds != 20.0:
            options.append(words.slow.format(seconds=slow_seconds))
        if clock_skew:
            options.append(words.clock_skew.format(seconds=clock_skew))
        default_address = (host, port) == ("127.0.0.1", 8787)
        first, second = banner(
            url, default_address=default_address, log_path=log_path, options=options, words=words
        )
        console.print(Text(first, style="bold yellow"), soft_wrap=True)
        console.print(Text(second, style="dim"), soft_wrap=True)
        try:
            Server(config).run(sockets=[sock])
        except KeyboardInterrupt:
            # uvicorn re-raises the Ctrl-C it caught once it has shut down; stopping is the
            # normal way to end a sandbox, not an error.
            pass
        finally:
            sock.close()
            stop_hashing()
        if log is not None:
            log.write(words.stopped + "\n")
    console.print(Text(words.stopped, style="dim"))
