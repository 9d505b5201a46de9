"""The closed set of failures the tool reports, and their exit codes.

Everything that can go wrong for a user ends as one `OtpcliError`; `__main__` is the one place
that turns it into a message and an exit code.
"""

from __future__ import annotations

from enum import IntEnum

from otpcli.i18n import Text, english


class Exit(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    AUTH = 3
    OTP_REJECTED = 4
    NOT_FOUND = 5
    OTP_EXPIRED = 6
    PROVIDER = 7
    NETWORK = 8
    THROTTLED = 9
    BULK_FAILED = 10
    OUTPUT_CLOSED = 11
    INTERRUPTED = 130


class OtpcliError(Exception):
    """A failure with a stable machine code, a one-line message and an optional hint.

    The message and hint are in the run's language (`i18n._`); `as_dict()` gives them in
    English, as a bulk run's NDJSON lines hold them.
    """

    exit_code: Exit = Exit.INTERNAL
    default_code = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        hint: str | None = None,
        status: int | None = None,
        exit_code: Exit | None = None,
    ) -> None:
        super().__init__(message)
        self.message = one_line(message)
        self.code = code or self.default_code
        self.hint = hint
        self.status = status
        if exit_code is not None:
            self.exit_code = exit_code

    def as_dict(self) -> dict[str, object]:
        """The error as data (a bulk run's NDJSON line): in English, whatever the language."""
        return {
            "code": self.code,
            "message": english(self.message),
            "status": self.status,
            "hint": english(self.hint) if self.hint is not None else None,
        }


class UsageError(OtpcliError):
    """Bad flags or invalid input; nothing was sent."""

    exit_code = Exit.USAGE
    default_code = "invalid_input"


class AuthError(OtpcliError):
    exit_code = Exit.AUTH
    default_code = "not_authenticated"


class ProviderError(OtpcliError):
    """The provider answered, and the answer is a refusal or unusable."""

    exit_code = Exit.PROVIDER
    default_code = "provider_error"


class NetworkError(OtpcliError):
    exit_code = Exit.NETWORK
    default_code = "network_error"


class ThrottledError(OtpcliError):
    exit_code = Exit.THROTTLED
    default_code = "rate_limited"


class ConfigError(UsageError):
    default_code = "invalid_config"


class Finished(Exception):
    """A command that has already told the user everything ends with this exit code."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace so a provider's multi-line message stays one line on a terminal
    (a translated message keeps its English, collapsed the same way)."""
    if isinstance(text, Text):
        return Text(_flat(str(text), limit), _flat(text.english, limit))
    return _flat(text, limit)


def _flat(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
