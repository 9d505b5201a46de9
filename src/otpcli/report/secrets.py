"""The secrets one run has seen, and their removal from everything it shows."""

from __future__ import annotations

from otpcli.report.redact import redact_text, replace_secrets

# Shorter strings would hit ordinary words and numbers.
MIN_LENGTH = 4


class Secrets:
    """Tokens and client secrets are scrubbed from everything; codes only from messages
    (in data a 6-digit code could match part of a phone number)."""

    def __init__(self) -> None:
        self._secrets: list[str] = []
        self._codes: list[str] = []

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= MIN_LENGTH and secret not in self._secrets:
            self._secrets.append(secret)

    def add_code(self, code: str | None) -> None:
        if code and len(code) >= MIN_LENGTH and code not in self._codes:
            self._codes.append(code)

    def known(self, text: str) -> str:
        """Known secrets replaced as plain strings: the cheap pass for data lines."""
        return replace_secrets(text, self._secrets)

    def data(self, text: str) -> str:
        """Data: anything shaped like a secret (JWTs, `"otp": ...`), and known secrets."""
        return redact_text(text, tuple(self._secrets))

    def message(self, text: str, extra_codes: tuple[str, ...] = ()) -> str:
        """Messages may quote what the user typed or the provider echoed: codes go too."""
        return replace_secrets(self.data(text), [*self._codes, *extra_codes])
