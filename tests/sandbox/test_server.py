"""`serve`: binding, and the console lines it prints."""

from __future__ import annotations

import io
import socket

import pytest
from rich.console import Console

from otpcli.sandbox.server import MessagePrinter, serve
from otpcli.sandbox.state import Message
from tests.sandbox.helpers import START


def test_serve_on_a_busy_port_raises_a_readable_oserror() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(OSError, match=f"127.0.0.1:{port}: the port is already in use") as err:
            serve(port=port)
        assert err.value.strerror == "the port is already in use"


def test_printer_writes_one_plain_line_per_message_when_not_a_terminal() -> None:
    out = io.StringIO()
    printer = MessagePrinter(Console(file=out, force_terminal=False))
    printer(Message(START, "verifik", "whatsapp", "+50762617737", "123456", "login"))
    line = out.getvalue()
    assert line.count("\n") == 1
    assert "\x1b" not in line
    assert all(part in line for part in ("whatsapp", "+50762617737", "123456", "Verifik login"))
