"""The application object: what one run knows, built once from its options and handed to
the command. Settings are resolved once and never change; the HTTP client, the credential
stores and the tokens are opened when first needed."""

from __future__ import annotations

import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from otpcli import env, token_sources
from otpcli.errors import Finished, UsageError
from otpcli.i18n import _
from otpcli.operations.base import PLACEHOLDER_TOKEN
from otpcli.report.reporter import Reporter

if TYPE_CHECKING:
    from collections.abc import Callable

    from otpcli.cli.options import BulkOptions, GlobalOptions
    from otpcli.config import Settings
    from otpcli.credentials import Vault
    from otpcli.http.client import HttpClient
    from otpcli.operations.base import Operation, TokenSource
    from otpcli.operations.fields import Fields

In = TypeVar("In")
Out = TypeVar("Out")

_URL_KEYS = {"verifik": "verifik_url", "trust": "trust_url", "atenea": "atenea_url"}


def insecure_http(key: str, url: str) -> str:
    return _(
        "{key} {url} is plain http to another machine: tokens and codes would cross the"
        " network unencrypted (`otpcli config set allow_insecure_http true` makes this a"
        " choice and quiets this warning)"
    ).format(key=key, url=url)


class App:
    def __init__(self, options: GlobalOptions, reporter: Reporter | None = None) -> None:
        self.options = options
        self.reporter = reporter or Reporter(
            json_mode=options.json, quiet=options.quiet, debug=options.debug
        )
        self._stdin_claimed_by: str | None = None
        self._warned_urls: set[str] = set()
        self._vault: Vault | None = None
        self._creates_profile = False
        self._http: HttpClient | None = None

    # ------------------------------------------------------------------ what the run is

    @property
    def dry_run(self) -> bool:
        return self.options.dry_run

    @property
    def interactive(self) -> bool:
        return not self.options.no_input and sys.stdin.isatty()

    @cached_property
    def settings(self) -> Settings:
        from otpcli import config

        name = config.profile_name(self.options.profile)
        settings = config.load(name, new_ok=self._creates_profile)
        if settings.new:
            said = _(
                "profile {name!r} is new: it is saved once credentials are stored under it"
            ).format(name=name)
            close = config.similar_profile(name)
            if close is not None:
                self.reporter.warn(
                    _("{warning} (did you mean {close!r}?)").format(warning=said, close=close),
                    code="new_profile",
                )
            else:
                self.reporter.info(said)
        return settings

    def may_create_profile(self) -> None:
        """A login names the profile it logs in to: one that does not exist yet is read as
        the defaults and the environment, and saved by `keep_profile` once credentials are
        stored under it. Called before anything reads the settings."""
        self._creates_profile = True

    def keep_profile(self) -> None:
        """Save a new profile to config.toml (an empty table): credentials are now stored
        under its name, and every later command must find it."""
        if self.settings.new:
            from otpcli.config_edit import add_profile

            add_profile(self.settings.profile)

    def url(self, provider: str) -> str:
        key = _URL_KEYS[provider]
        url = self.settings.url(key).rstrip("/")
        if key not in self._warned_urls and self._insecure(url):
            self._warned_urls.add(key)
            self.reporter.warn(insecure_http(key, url), code="insecure_http")
        return url

    def _insecure(self, url: str) -> bool:
        from otpcli.config import unencrypted

        allowed = self.settings.get("allow_insecure_http") == "true"
        return not allowed and not self.dry_run and unencrypted(url)

    @property
    def http(self) -> HttpClient:
        if self._http is None:
            from otpcli.http.client import HttpClient

            tracer = self.reporter if self.options.debug else None
            self._http = HttpClient(timeout=self.options.seconds, tracer=tracer)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    # ------------------------------------------------------------------ input

    def read_stdin(self, purpose: str) -> str:
        """One line from stdin; two options cannot both claim it."""
        if self._stdin_claimed_by is not None:
            raise UsageError(
                _("{option} and {other} cannot both read stdin").format(
                    option=purpose, other=self._stdin_claimed_by
                )
            )
        self._stdin_claimed_by = purpose
        line = sys.stdin.readline().strip()
        if not line:
            raise UsageError(_("{option}: nothing on stdin").format(option=purpose))
        return line

    def stdin_token(self, token_stdin: bool) -> str | None:
        """The token given with --token-stdin, checked and remembered as a secret."""
        if not token_stdin:
            return None
        from otpcli.credentials import check_token

        token = check_token(self.read_stdin("--token-stdin"), "--token-stdin")
        self.reporter.secrets.add(token)
        return token

    # ------------------------------------------------------------------ credentials

    def vault(self, prefer_file: bool = False) -> Vault:
        """The profile's credential stores, preferring the file store when asked to or when
        the profile's credential_store says so."""
        prefer_file = prefer_file or self.settings.get("credential_store") == "file"
        return self._open_vault(self.settings.profile, prefer_file)

    def vault_without_settings(self) -> Vault:
        """The profile's credential stores, its keys not read: `auth logout` looks in every
        store whatever credential_store says, and works on a config.toml holding a key this
        version does not know."""
        from otpcli import config

        profile = config.existing_profile(config.profile_name(self.options.profile))
        return self._open_vault(profile, prefer_file=False)

    def _open_vault(self, profile: str, prefer_file: bool) -> Vault:
        """One Vault per run: a second would bring a second FileStore, which would say the
        plain-text warning again. Asked later to prefer the file store, it turns to it."""
        from otpcli.credentials import Vault

        if self._vault is None:
            self._vault = Vault(profile, prefer_file=prefer_file, warn=self._insecure_storage)
        elif prefer_file:
            self._vault.prefer_file = True
        return self._vault

    def _insecure_storage(self, message: str) -> None:
        self.reporter.warn(message, code="insecure_storage")

    def verifik_tokens(self, token_stdin: bool) -> TokenSource:
        return token_sources.verifik(self, token_stdin)

    def trust_tokens(self, token_stdin: bool) -> TokenSource:
        return token_sources.trust(self, token_stdin)

    def tokens(self, operation: Operation[Any, Any], token_stdin: bool) -> TokenSource | None:
        """The token source the operation names."""
        if operation.auth == "verifik":
            return self.verifik_tokens(token_stdin)
        if operation.auth == "trust":
            return self.trust_tokens(token_stdin)
        return None

    # ------------------------------------------------------------------ provider calls

    def perform(
        self,
        operation: Operation[In, Out],
        prepare: Callable[[Fields], In],
        argument: str | None,
        bulk: BulkOptions,
        token_stdin: bool,
        *,
        needs: tuple[str, ...] = (),
    ) -> tuple[In, Out]:
        """A command's one record (its argument: a PHONE, or the ID `operation.column`
        names), or every record of --from, through `operation`: `prepare` makes the input of
        each the same way. A bulk run ends the command here; `needs` names the columns its
        rows must have because no flag gives them (a header without one is refused)."""
        if bulk.source is not None:
            tokens = self.tokens(operation, token_stdin)
            raise Finished(self.call_many(operation, prepare, bulk, tokens, needs))
        from otpcli.operations.fields import single

        given = prepare(single(argument, operation.column))
        return given, self.call(operation, given, self.tokens(operation, token_stdin))

    def call(
        self,
        operation: Operation[In, Out],
        given: In,
        tokens: TokenSource | None = None,
        *,
        base_url: str | None = None,
    ) -> Out:
        """One record through `operation`: warned about, shown (--dry-run) or sent."""
        from otpcli.operations.base import perform, run_sync
        from otpcli.operations.fields import warning

        said = warning(given)
        if said is not None:
            self.reporter.warn(
                _("{warning}; sending anyway").format(warning=said), code="phone_not_valid"
            )
        base = base_url or self.url(operation.provider)
        if self.dry_run:
            token = PLACEHOLDER_TOKEN if operation.auth else None
            shown = operation.build(base, given, token)
            self.reporter.dry_run(shown, env.TOKEN_VARIABLES.get(operation.auth or ""))
            raise Finished(0)
        return run_sync(perform(operation, given, base, tokens), self.http.send)

    def call_many(
        self,
        operation: Operation[In, Out],
        prepare: Callable[[Fields], In],
        options: BulkOptions,
        tokens: TokenSource | None,
        needs: tuple[str, ...] = (),
    ) -> int:
        """Every record of `--from` through `operation`; the run's exit code."""
        from otpcli.bulk.runner import run

        return run(self, operation, prepare, options, tokens, needs)
