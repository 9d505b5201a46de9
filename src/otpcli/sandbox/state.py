"""In-memory state of the sandbox: pending codes, issued tokens, delivered messages.

Every method here is synchronous and is called from the event loop thread, so a check
followed by an update (cooldown, then new code) cannot interleave with another request:
no asyncio lock is needed. The one slow step, bcrypt, runs on a worker thread and is
awaited only after the state has been updated.
"""

from __future__ import annotations

import contextlib
import os
import random
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from otpcli.sandbox.codes import CodePool, PooledCode
from otpcli.sandbox.tokens import IssuedToken, TokenStore, object_id

Clock = Callable[[], float]
Provider = Literal["verifik", "trust"]
Channel = Literal["sms", "whatsapp"]
Kind = Literal["login", "validation", "manual", "trust"]

VERIFIK_OTP_TTL = 10 * 60.0
RESEND_COOLDOWN = 2 * 60.0
TRUST_OTP_TTL = 10 * 60.0
MAX_MESSAGES = 100_000
MAX_RECORDS = 100_000
# Any fixed ids will do: real responses carry the caller's project ids.
SANDBOX_PROJECT_ID = "5a0d5b0c0de0000000000002"
SANDBOX_PROJECT_FLOW_ID = "5a0d5b0c0de0000000000003"

_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def iso_ms(timestamp: float) -> str:
    """ISO-8601 UTC with milliseconds and a `Z`, as Verifik writes dates."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def short_id() -> str:
    # The modulo bias is irrelevant for a display id and saves four urandom calls.
    return "".join(_ID_ALPHABET[byte % len(_ID_ALPHABET)] for byte in os.urandom(5))


@dataclass(frozen=True, slots=True)
class Message:
    """A code the sandbox "delivered"; `phone` is the whole E.164 number."""

    timestamp: float
    provider: Provider
    channel: Channel
    phone: str
    code: str
    kind: Kind

    @property
    def time(self) -> str:
        return iso_ms(self.timestamp)

    def as_json(self) -> dict[str, str]:
        return {
            "time": self.time,
            "provider": self.provider,
            "channel": self.channel,
            "phone": self.phone,
            "code": self.code,
            "kind": self.kind,
        }


@dataclass(slots=True)
class VerifikOtp:
    id: str
    kind: Literal["login", "validation"]
    country_code: str
    phone: str
    code: str
    type: str
    gateway: Channel
    project: str
    project_flow: str
    created_at: float
    expires_at: float
    validated: bool = False
    #: "manual" for `POST /v2/phone-validations/manual`, else "".
    source: str = ""
    ip_address: str = "127.0.0.1"
    language: str = "en"
    title: str = ""
    whatsapp_template: str = ""
    #: The bcrypt hash the send answered with; "" until the send has it.
    otp_hash: str = ""
    updated_at: float | None = None

    @property
    def e164(self) -> str:
        return self.country_code + self.phone

    @property
    def status(self) -> Literal["sent", "validated"]:
        return "validated" if self.validated else "sent"


@dataclass(slots=True)
class TrustOtp:
    id: str
    phone: str
    nin: str
    code: str
    created_at: float
    expires_at: float
    verified: bool = False
    channel: Channel = "sms"


class SandboxState:
    """Everything the sandbox remembers; lost when the process ends, like a test card."""

    def __init__(
        self,
        *,
        seed: int | None = None,
        now: Clock = time.time,
        code_pool: int = 32,
        on_message: Callable[[Message], None] | None = None,
    ) -> None:
        self.now = now
        self.on_message = on_message
        # Separate generators per purpose: Trust codes and faults must not shift Verifik's
        # code sequence (or each other's) when calls are mixed.
        verifik_rng = random.Random(None if seed is None else f"{seed}:verifik")
        self._trust_rng = random.Random(None if seed is None else f"{seed}:trust")
        self.codes = CodePool(verifik_rng, size=code_pool)
        # Keyed by (countryCode, national number): a new send replaces the pending code.
        self._logins: dict[tuple[str, str], VerifikOtp] = {}
        self._validations: dict[tuple[str, str], VerifikOtp] = {}
        # Every Verifik send by id, oldest first, for the list and lookup calls; bounded
        # like the messages so that a long load test cannot grow the sandbox without limit.
        self.records: OrderedDict[str, VerifikOtp] = OrderedDict()
        self.trust: dict[str, TrustOtp] = {}
        self.tokens = TokenStore(now)
        # Bounded so that a long load test cannot grow the sandbox without limit.
        self.messages: deque[Message] = deque(maxlen=MAX_MESSAGES)

    # Verifik codes -------------------------------------------------------------------

    def _store(self, kind: Literal["login", "validation"]) -> dict[tuple[str, str], VerifikOtp]:
        return self._logins if kind == "login" else self._validations

    def recently_sent(
        self, kind: Literal["login", "validation"], country_code: str, phone: str
    ) -> bool:
        """True while an unused code sent less than two minutes ago is pending."""
        otp = self._store(kind).get((country_code, phone))
        return (
            otp is not None and not otp.validated and self.now() - otp.created_at < RESEND_COOLDOWN
        )

    def start_verifik(
        self,
        kind: Literal["login", "validation"],
        *,
        country_code: str,
        phone: str,
        type: str,
        gateway: Channel,
        project: str,
        project_flow: str,
        source: str = "",
        ip_address: str = "127.0.0.1",
        language: str = "en",
        title: str = "",
        whatsapp_template: str = "",
    ) -> tuple[VerifikOtp, PooledCode]:
        """Create a code (replacing any pending one) and deliver it; its hash comes too."""
        now = self.now()
        pooled = self.codes.take()
        code = pooled.code
        otp = VerifikOtp(
            id=object_id(now),
            kind=kind,
            country_code=country_code,
            phone=phone,
            code=code,
            type=type,
            gateway=gateway,
            project=project,
            project_flow=project_flow,
            created_at=now,
            expires_at=now + VERIFIK_OTP_TTL,
            source=source,
            ip_address=ip_address,
            language=language,
            title=title,
            whatsapp_template=whatsapp_template,
        )
        self._store(kind)[(country_code, phone)] = otp
        self.records[otp.id] = otp
        while len(self.records) > MAX_RECORDS:
            self.records.popitem(last=False)
        message_kind: Kind = "manual" if source == "manual" else kind
        self.deliver("verifik", gateway, otp.e164, code, message_kind)
        return otp, pooled

    def find_verifik(
        self, kind: Literal["login", "validation"], country_code: str, phone: str
    ) -> VerifikOtp | None:
        return self._store(kind).get((country_code, phone))

    def mark_validated(self, otp: VerifikOtp) -> None:
        otp.validated = True
        otp.updated_at = self.now()

    def expired(self, expires_at: float) -> bool:
        return self.now() >= expires_at

    # Trust codes ---------------------------------------------------------------------

    def start_trust(self, phone: str, nin: str, channel: Channel = "sms") -> TrustOtp:
        now = self.now()
        # Four digits like the docs' examples; never a leading zero, so a client that
        # reads the code as a number gets it back intact.
        code = str(self._trust_rng.randint(1000, 9999))
        otp = TrustOtp(
            id=str(uuid.uuid4()),
            phone=phone,
            nin=nin,
            code=code,
            created_at=now,
            expires_at=now + TRUST_OTP_TTL,
            channel=channel,
        )
        self.trust[otp.id] = otp
        self.deliver("trust", channel, phone, code, "trust")
        return otp

    # Tokens --------------------------------------------------------------------------

    def issue_verifik_token(self, otp: VerifikOtp) -> IssuedToken:
        """A 30-day JWT for the phone whose login code `otp` was."""
        return self.tokens.issue_verifik(otp.e164)

    def issue_atenea_token(self, client_id: str) -> IssuedToken:
        return self.tokens.issue_atenea(client_id)

    def valid_token(self, value: str | None) -> IssuedToken | None:
        """The token if this sandbox issued it and it has not expired."""
        return self.tokens.valid(value)

    # Messages ------------------------------------------------------------------------

    def deliver(
        self, provider: Provider, channel: Channel, phone: str, code: str, kind: Kind
    ) -> None:
        message = Message(self.now(), provider, channel, phone, code, kind)
        self.messages.append(message)
        if self.on_message is not None:
            # A broken console (closed pipe, say) must not fail the provider call.
            with contextlib.suppress(Exception):
                self.on_message(message)

    def messages_to(self, phone_digits: str | None) -> list[Message]:
        if not phone_digits:
            return list(self.messages)
        return [m for m in self.messages if m.phone.lstrip("+") == phone_digits]

    def clear_messages(self) -> int:
        count = len(self.messages)
        self.messages.clear()
        return count

    def close(self) -> None:
        self.codes.close()
