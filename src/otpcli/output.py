"""How results, warnings and errors reach the user: table, JSON or one bare value.

Data goes to stdout, everything else to stderr. rich is imported only to draw a table.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

# json and redact are imported where used: every command module imports this one, and
# --help must not pay for them.
if TYPE_CHECKING:
    from otpcli.errors import OtpcliError
    from otpcli.http import ApiRequest


def iso(epoch: float) -> str:
    """UTC timestamp as the providers write theirs ("unknown" for what no calendar holds)."""
    import time

    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    except (OverflowError, ValueError, OSError):
        return "unknown"


def _colour_ok(stream: TextIO) -> bool:
    from otpcli import env

    return not os.environ.get(env.NO_COLOR) and stream.isatty()


class Output:
    def __init__(self, *, json_mode: bool = False, quiet: bool = False) -> None:
        self.json_mode = json_mode
        self.quiet = quiet
        # Strings to scrub from anything printed: every secret this process has seen.
        self.secrets: list[str] = []
        # OTP codes this process has handled, scrubbed from messages and traces.
        self.codes: list[str] = []

    # ------------------------------------------------------------ stdout

    def result(
        self,
        title: str,
        rows: list[tuple[Any, ...]],
        *,
        body: Any,
        quiet_value: str | None,
    ) -> None:
        if self.json_mode:
            self.json(body)
        elif self.quiet:
            if quiet_value is not None:
                self._print(str(quiet_value))
        else:
            self.table(title, rows)

    def json(self, body: Any) -> None:
        import json

        from otpcli.redact import redact_body

        self._print(json.dumps(redact_body(body), ensure_ascii=False, indent=2))

    def table(self, title: str, rows: list[tuple[Any, ...]], headers: tuple[str, ...] = ()) -> None:
        from rich import box
        from rich.console import Console
        from rich.table import Table

        # Boxes and colour only for a terminal, and NO_COLOR turns off both.
        terminal = sys.stdout.isatty() and _colour_ok(sys.stdout)
        console = Console(
            file=sys.stdout,
            no_color=not _colour_ok(sys.stdout),
            highlight=False,
            width=None if terminal else 200,
            force_terminal=terminal and _colour_ok(sys.stdout),
        )
        table = Table(
            title=title if terminal else None,
            box=box.ROUNDED if terminal else None,
            show_header=bool(headers),
            title_justify="left",
            pad_edge=terminal,
        )
        if headers:
            for header in headers:
                table.add_column(header)
        else:
            table.add_column(style="bold" if terminal else None)
            table.add_column()
        for row in rows:
            table.add_row(*(self._cell(v) for v in row))
        if not terminal:
            console.print(title)
        console.print(table)

    def _cell(self, value: Any) -> str:
        from rich.markup import escape

        return escape(self.scrub("" if value is None else str(value)))

    def _print(self, text: str) -> None:
        sys.stdout.write(self.scrub(text) + "\n")
        sys.stdout.flush()

    # ------------------------------------------------------------ stderr

    def replace_secrets(self, text: str) -> str:
        from otpcli.redact import replace_secrets

        return replace_secrets(text, self.secrets)

    def scrub(self, text: str) -> str:
        from otpcli.redact import redact_text

        return redact_text(text, tuple(self.secrets))

    def scrub_message(self, text: str) -> str:
        """Messages may quote what the user typed or the provider echoed: codes go too.

        Codes are scrubbed from messages only: in data they could match part of a phone."""
        from otpcli.redact import replace_secrets

        return replace_secrets(self.scrub(text), self.codes)

    def warn(self, message: str) -> None:
        prefix = "\x1b[33mwarning:\x1b[0m" if _colour_ok(sys.stderr) else "warning:"
        sys.stderr.write(f"{prefix} {self.scrub_message(message)}\n")

    def status(self, message: str) -> None:
        """A line on stderr that -q does not silence (a bulk run's summary)."""
        sys.stderr.write(self.scrub_message(message) + "\n")

    def info(self, message: str) -> None:
        if not self.quiet:
            sys.stderr.write(self.scrub(message) + "\n")

    def trace(self, text: str) -> None:
        sys.stderr.write(self.scrub_message(text) + "\n")
        sys.stderr.flush()

    def error(self, error: OtpcliError) -> None:
        message = self.scrub_message(error.message)
        hint = self.scrub_message(error.hint) if error.hint else None
        if not self.json_mode:
            prefix = "\x1b[31merror:\x1b[0m" if _colour_ok(sys.stderr) else "error:"
            sys.stderr.write(f"{prefix} {message}" + (f" — {hint}" if hint else "") + "\n")
        else:  # one JSON object a script can parse, instead of the line for people
            payload = {
                "error": {
                    "code": error.code,
                    "message": message,
                    "status": error.status,
                    "hint": hint,
                }
            }
            import json

            sys.stderr.write(json.dumps(payload, ensure_ascii=False) + "\n")
        sys.stderr.flush()

    def dry_run(self, request: ApiRequest, token_env: str | None) -> None:
        from otpcli.http import curl_command, format_request

        if self.json_mode:
            from otpcli.redact import redact_headers

            self.json(
                {
                    "method": request.method,
                    "url": request.url,
                    "headers": redact_headers(request.headers),
                    "json": request.json,
                    "form": {
                        k: ("[redacted]" if k in request.secret_fields else v)
                        for k, v in (request.form or {}).items()
                    }
                    or None,
                    "curl": curl_command(request, token_env),
                }
            )
            return
        # Built without secrets, so only known secrets are swapped out: the regex scrubber
        # would rewrite the curl line's own `"$OTP"` splices.
        shown = format_request(request).replace("> ", "", 1).replace("\n> ", "\n")
        for line in (shown, "", curl_command(request, token_env)):
            sys.stdout.write(self.replace_secrets(line) + "\n")
