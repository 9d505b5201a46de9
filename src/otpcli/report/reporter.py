"""The one object that writes to stdout and stderr.

Data (results, NDJSON lines, a bare `-q` value) goes to stdout; everything for people
(warnings, errors, hints, traces, prompts, progress) goes to stderr. Everything passes the
run's secret registry on its way out, and provider text passes the terminal sanitiser.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from otpcli import env
from otpcli.i18n import _, english
from otpcli.report.sanitize import for_terminal
from otpcli.report.secrets import Secrets

if TYPE_CHECKING:
    from otpcli.errors import OtpcliError
    from otpcli.http.messages import ApiRequest, ApiResponse
    from otpcli.report.progress import Progress


@dataclass(frozen=True)
class View:
    """What a command shows: a table for people, the body for --json, one value for -q."""

    title: str
    rows: Sequence[tuple[Any, ...]]
    body: Any
    quiet: str | None = None
    headers: tuple[str, ...] = ()
    marks: Sequence[str | None] = field(default_factory=tuple)


def _colour_ok(stream: TextIO) -> bool:
    return not os.environ.get(env.NO_COLOR) and stream.isatty()


class Reporter:
    def __init__(
        self,
        *,
        json_mode: bool = False,
        quiet: bool = False,
        debug: bool = False,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        self.json_mode = json_mode
        self.quiet = quiet
        self.debug = debug
        self.secrets = Secrets()
        # Looked up at write time unless given: tests swap sys.stdout after we are built.
        self._stdout = stdout
        self._stderr = stderr

    @property
    def out(self) -> TextIO:
        return self._stdout or sys.stdout

    @property
    def err(self) -> TextIO:
        return self._stderr or sys.stderr

    # ---------------------------------------------------------------- stdout: data

    def result(self, view: View) -> None:
        if self.json_mode:
            self.json(view.body)
        elif self.quiet:
            if view.quiet is not None:
                self.value(view.quiet)
        else:
            self.table(view.title, view.rows, view.headers, view.marks)

    def json(self, body: Any) -> None:
        """A JSON document; `otp` and token fields redacted, control characters escaped."""
        import json

        from otpcli.report.redact import redact_body

        text = json.dumps(redact_body(body), ensure_ascii=False, indent=2)
        self._write_out(self.secrets.data(text) + "\n")

    def value(self, text: str) -> None:
        """One bare value on its own line (`-q`, `config get`)."""
        self._write_out(self._shown(text) + "\n")

    def table(
        self,
        title: str,
        rows: Sequence[tuple[Any, ...]],
        headers: tuple[str, ...] = (),
        marks: Sequence[str | None] = (),
    ) -> None:
        from otpcli.report.render import Table, boxed, plain

        shown = Table(
            self._shown(title),
            [tuple(self._cell(v) for v in row) for row in rows],
            tuple(self._shown(h) for h in headers),
            marks,
        )
        if self.out.isatty() and _colour_ok(self.out):
            boxed(shown, self.out)
            self.out.flush()
        else:
            self._write_out(plain(shown))

    def record(self, line: str) -> None:
        """One NDJSON line of a bulk run, built from redacted data; flushed by `flush()`.

        OSError (a reader that went away) reaches the caller, which decides what it means.
        """
        self.out.write(self.secrets.known(line) + "\n")

    def flush(self) -> None:
        self.out.flush()

    def flush_quietly(self) -> None:
        """Flush what was written, if the reader is still there."""
        try:
            self.out.flush()
        except (OSError, ValueError):
            self.close_stdout()

    def close_stdout(self) -> None:
        """The reader went away (`| head`): what is left goes nowhere, and the flush at
        exit succeeds instead of printing a BrokenPipeError."""
        import contextlib

        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.out.fileno())
            os.close(devnull)

    def unreported(self, line: str) -> None:
        """A bulk run's line that stdout could no longer take: it goes to stderr, so that
        the record it stands for is not lost."""
        self._write_err(self.secrets.known(line) + "\n")

    def help(self, text: str) -> None:
        """Help and version text: ours, never secret, written as it is."""
        self._write_out(text.rstrip("\n") + "\n")

    def secret(self, text: str) -> None:
        """The one way a secret reaches stdout: `auth token`, whose job it is."""
        self._write_out(text + "\n")

    def dry_run(self, request: ApiRequest, token_env: str | None) -> None:
        from otpcli.report.trace import curl_command, described, format_request

        if self.json_mode:
            self.json(described(request, token_env))
            return
        # Built without secrets, so only known secrets are swapped out: the regex scrubber
        # would rewrite the curl line's own "$OTP" splices.
        shown = format_request(request).replace("> ", "", 1).replace("\n> ", "\n")
        for line in (shown, "", curl_command(request, token_env)):
            self._write_out(self.secrets.known(line) + "\n")

    def _cell(self, value: Any) -> str:
        return self._shown("" if value is None else str(value))

    def _shown(self, text: str) -> str:
        return for_terminal(self.secrets.data(text))

    def _write_out(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    # ---------------------------------------------------------------- stderr: people
    # With --json every line on stderr is one JSON object a script can parse: {"error": ..},
    # {"warning": ..}, {"info": ..}, {"summary": ..}, {"trace": ..}. Their text is exact
    # (JSON escapes control characters); for people it passes the terminal sanitiser. The
    # objects are in English whatever the language, as --json on stdout and NDJSON are:
    # scripts may match their text.

    def warn(self, message: str, code: str = "warning") -> None:
        if self.json_mode:
            plain = self.secrets.message(english(message))
            self._object("warning", {"code": code, "message": plain})
            return
        self._labelled(_("warning"), "\x1b[33m", message)

    def info(self, message: str) -> None:
        """A hint for people ("next: ..."); -q silences it."""
        if not self.quiet:
            self.status(message)

    def status(self, message: str) -> None:
        """A line -q does not silence."""
        if self.json_mode:
            self._object("info", {"message": self.secrets.message(english(message).strip())})
            return
        self._write_err(self._message(message) + "\n")

    def summary(self, text: str, counts: dict[str, object]) -> None:
        """A bulk run's last word, even with -q (stdout is for the records)."""
        if self.json_mode:
            self._object("summary", {**counts, "message": self.secrets.message(english(text))})
            return
        self._write_err(self._message(text) + "\n")

    def error(self, error: OtpcliError, *, extra_codes: tuple[str, ...] = ()) -> None:
        if self.json_mode:
            scrub = self.secrets.message
            hint = scrub(english(error.hint), extra_codes) if error.hint else None
            message = scrub(english(error.message), extra_codes)
            self._object(
                "error",
                {"code": error.code, "message": message, "status": error.status, "hint": hint},
            )
            return
        message = self._message(error.message, extra_codes)
        hint = self._message(error.hint, extra_codes) if error.hint else None
        self._labelled(_("error"), "\x1b[31m", message + (f" — {hint}" if hint else ""))

    def usage_hint(self, command_path: str) -> None:
        if not self.json_mode:
            self._write_err(
                _("Try '{command} --help' for help.").format(command=command_path) + "\n"
            )

    def traceback(self, text: str) -> None:
        """Only with --debug: the traceback, scrubbed of every secret this run has seen."""
        if self.json_mode:
            self._object("traceback", self.secrets.message(text))
            return
        self._write_err(self.secrets.message(text))

    def _labelled(self, label: str, colour: str, message: str) -> None:
        prefix = f"{colour}{label}:\x1b[0m" if _colour_ok(self.err) else f"{label}:"
        self._write_err(f"{prefix} {self._message(message)}\n")

    def _message(self, text: str, extra_codes: tuple[str, ...] = ()) -> str:
        return for_terminal(self.secrets.message(text, extra_codes))

    def _object(self, kind: str, payload: object) -> None:
        import json

        self._write_err(json.dumps({kind: payload}, ensure_ascii=False) + "\n")

    def _write_err(self, text: str) -> None:
        self.err.write(text)
        self.err.flush()

    # ---------------------------------------------------------------- traces (--debug)

    def request(self, request: ApiRequest, attempt: int) -> None:
        from otpcli.report.trace import format_request

        self.note(format_request(request, attempt))

    def response(self, request: ApiRequest, response: ApiResponse) -> None:
        from otpcli.report.trace import format_response

        # The provider may echo the request's own code back ("Invalid OTP 123456").
        self.note(format_response(response), tuple(request.secret_values()))

    def note(self, text: str, extra_codes: tuple[str, ...] = ()) -> None:
        if self.json_mode:
            self._object("trace", self.secrets.message(text, extra_codes))
            return
        self._write_err(self._message(text, extra_codes) + "\n")

    # ---------------------------------------------------------------- interaction

    def prompt(self, text: str, *, secret: bool) -> str:
        """Ask on the terminal (on stderr: stdout may be a file the user collects)."""
        import typer

        # value_proc=str: typer would otherwise build a pydantic validator for the answer.
        answer: str = typer.prompt(text, hide_input=secret, err=True, value_proc=str)
        return answer.strip()

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question on the terminal (stderr); no unless the answer is yes: `y`
        or `yes`, or the language's own words for it (`s`, `sí`)."""
        import typer

        shown = _("{question} [y/N]").format(question=question)
        answer: str = typer.prompt(shown, default="", show_default=False, err=True, value_proc=str)
        # TRANSLATORS: the answers that mean yes, separated by |; keep y|yes among them.
        yes = {word.strip().lower() for word in _("y|yes").split("|")}
        return answer.strip().lower() in yes

    def progress(self, total: Callable[[], int | None]) -> Progress:
        from otpcli.report.progress import Progress

        return Progress.start(self.err, total)
