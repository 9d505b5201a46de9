"""What a provider call sends and gets back, as plain values: no httpx types leak out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class ApiRequest:
    provider: str  # "verifik", "trust", "atenea" or "sandbox": names the provider in messages
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    json: Mapping[str, Any] | None = None
    form: Mapping[str, str] | None = None  # sent as multipart/form-data
    query: Mapping[str, str] | None = None
    # Fields that hold a code or a secret: traces redact them, dry-run's curl line reads
    # them from the shell instead of printing them.
    secret_fields: tuple[str, ...] = ()

    def secret_values(self) -> list[str]:
        """This request's own codes and secrets, to scrub from what the provider echoes."""
        found = [*(self.json or {}).items(), *(self.form or {}).items()]
        return [str(v) for k, v in found if k in self.secret_fields and v not in (None, "")]


@dataclass(frozen=True, slots=True)
class ApiResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes
    elapsed_ms: float


class Tracer(Protocol):
    """Where `--debug` traces go: the reporter, which redacts them."""

    def request(self, request: ApiRequest, attempt: int) -> None: ...

    def response(self, request: ApiRequest, response: ApiResponse) -> None: ...

    def note(self, text: str) -> None: ...
