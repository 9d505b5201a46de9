"""What one invocation knows: global options, output, settings, HTTP client, credentials."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from otpcli.errors import AuthError, UsageError
from otpcli.output import Output

if TYPE_CHECKING:
    from otpcli.config import Settings
    from otpcli.credentials import Credential, Vault
    from otpcli.http import HttpClient
    from otpcli.providers.trust import TrustClient
    from otpcli.providers.verifik import VerifikClient
    from otpcli.trust_auth import TrustSession

TOKEN_WARN_DAYS = 3


@dataclass
class Runtime:
    json: bool = False
    quiet: bool = False
    debug: bool = False
    dry_run: bool = False
    no_input: bool = False
    profile: str | None = None
    timeout: float = 15.0
    out: Output = field(default_factory=Output)
    _settings: Settings | None = None
    _http: HttpClient | None = None
    _vault: Vault | None = None
    _stdin_used_by: str | None = None

    @property
    def interactive(self) -> bool:
        return not self.no_input and sys.stdin.isatty()

    def settings(self, **flags: str | None) -> Settings:
        """The resolved settings; the first call's flags stay in force for later calls."""
        given = {k: v for k, v in flags.items() if v is not None}
        if self._settings is None:
            from otpcli import config

            self._settings = config.load(self.profile, given)
        elif given and any(self._settings.get(k) != v for k, v in given.items()):
            raise AssertionError("settings() was resolved before the command's flags")
        return self._settings

    def http(self) -> HttpClient:
        if self._http is None:
            from otpcli.http import HttpClient

            self._http = HttpClient(
                timeout=self.timeout,
                trace=self.out.trace if self.debug else None,
                dry_run=self.dry_run,
            )
        return self._http

    def verifik_client(self, token: str | None = None) -> VerifikClient:
        from otpcli.providers.verifik import VerifikClient

        return VerifikClient(self.http(), self.settings().url("verifik_url"), token)

    def trust_client(self) -> TrustClient:
        from otpcli.providers.trust import TrustClient

        settings = self.settings()
        return TrustClient(self.http(), settings.url("trust_url"), settings.url("atenea_url"))

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def vault(self, insecure_storage: bool = False) -> Vault:
        """The profile's credential stores; one per run, so each warning is said once."""
        from otpcli.credentials import Vault

        settings = self.settings()
        prefer_file = insecure_storage or settings.get("credential_store") == "file"
        if self._vault is None or (prefer_file and not self._vault.prefer_file):
            self._vault = Vault(settings.profile, prefer_file=prefer_file, warn=self.out.warn)
        return self._vault

    def read_stdin(self, purpose: str) -> str:
        """One line from stdin; two options cannot both claim it."""
        if self._stdin_used_by is not None:
            raise UsageError(f"{purpose} and {self._stdin_used_by} cannot both read stdin")
        self._stdin_used_by = purpose
        line = sys.stdin.readline().strip()
        if not line:
            raise UsageError(f"{purpose}: nothing on stdin")
        return line

    def stdin_token(self, token_stdin: bool) -> str | None:
        """The token given with --token-stdin, checked and remembered as a secret to scrub."""
        if not token_stdin:
            return None
        from otpcli.credentials import check_token

        token = check_token(self.read_stdin("--token-stdin"), "--token-stdin")
        self.out.secrets.append(token)
        return token

    def trust_session(self, stdin_token: str | None) -> TrustSession:
        from otpcli.trust_auth import TrustSession

        return TrustSession(
            self.trust_client(),
            self.vault(),
            stdin_token=stdin_token,
            remember=self.out.secrets.append,
        )

    def verifik_token(self, token_stdin: bool) -> Credential:
        from otpcli import credentials

        stdin_token = self.stdin_token(token_stdin)
        vault = self.vault()
        try:
            found = credentials.verifik_token(vault, stdin_token)
        except AuthError:
            # A dry run shows the request even when not logged in (a bad token is still an
            # error: that is input to fix).
            if self.dry_run:
                return credentials.Credential("[token]", "none")
            raise
        self.out.secrets.append(found.secret)
        if found.source in ("keyring", "file"):
            expires = credentials.metadata(vault.profile, "verifik").get("expires_at")
            if isinstance(expires, int | float):
                days = (expires - time.time()) / 86400
                if days < TOKEN_WARN_DAYS:
                    self.out.warn(
                        f"the Verifik token expires in {max(days, 0):.1f} days;"
                        " run `otpcli login PHONE` to renew it"
                    )
        return found


_current: Runtime | None = None


def set_current(runtime: Runtime) -> None:
    global _current
    _current = runtime


def current() -> Runtime:
    global _current
    if _current is None:
        _current = Runtime()
    return _current


def reset() -> None:
    global _current
    _current = None
