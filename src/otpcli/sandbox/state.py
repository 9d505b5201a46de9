"""In-memory state of the sandbox: pending codes, issued tokens, delivered messages.

Every method here is synchronous and is called from the event loop thread, so a check
followed by an update (cooldown, then new code) cannot interleave with another request:
no asyncio lock is needed. The one slow step, bcrypt, runs on a worker thread and is
awaited only after the state has been updated.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import queue
import random
import secrets
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import bcrypt

Clock = Callable[[], float]
Provider = Literal["verifik", "trust"]
Channel = Literal["sms", "whatsapp"]
Kind = Literal["login", "validation", "trust"]

VERIFIK_OTP_TTL = 10 * 60.0
RESEND_COOLDOWN = 2 * 60.0
VERIFIK_TOKEN_TTL = 30 * 24 * 3600
ATENEA_TOKEN_TTL = 7200
TRUST_OTP_TTL = 10 * 60.0
MAX_MESSAGES = 100_000
# The lowest cost bcrypt allows: the hash only has to look like Verifik's, and at cost 4
# one hash still takes about 1 ms of CPU.
BCRYPT_ROUNDS = 4
# Any fixed ids will do: real responses carry the caller's client and project ids.
SANDBOX_CLIENT_ID = "5a0d5b0c0de0000000000001"
SANDBOX_PROJECT_ID = "5a0d5b0c0de0000000000002"
SANDBOX_PROJECT_FLOW_ID = "5a0d5b0c0de0000000000003"

_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def iso_ms(timestamp: float) -> str:
    """ISO-8601 UTC with milliseconds and a `Z`, as Verifik writes dates."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def object_id(timestamp: float) -> str:
    """A MongoDB-style id: 4 bytes of creation time, then random bytes."""
    return f"{int(timestamp) & 0xFFFFFFFF:08x}{secrets.token_hex(8)}"


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

    @property
    def e164(self) -> str:
        return self.country_code + self.phone


@dataclass(slots=True)
class TrustOtp:
    id: str
    phone: str
    nin: str
    code: str
    created_at: float
    expires_at: float
    verified: bool = False


@dataclass(frozen=True, slots=True)
class IssuedToken:
    value: str
    issuer: Literal["verifik", "atenea"]
    client_id: str
    created_at: int
    expires_at: int


class _Hasher:
    """A daemon thread that bcrypt-hashes codes away from the event loop.

    bcrypt releases the GIL, so hashing here runs in parallel with request handling. A
    daemon thread (rather than an executor) never delays interpreter exit with a backlog.
    """

    def __init__(self, name: str, *, background: bool) -> None:
        self._name = name
        self._background = background
        # A None future is the signal to stop.
        self._queue: queue.SimpleQueue[tuple[bytes, Future[str] | None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, code: str) -> Future[str]:
        future: Future[str] = Future()
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                    self._thread.start()
        self._queue.put((code.encode(), future))
        return future

    def stop(self, timeout: float = 2.0) -> None:
        """Cancel what is queued and wait for the thread to end.

        bcrypt is Rust: a daemon thread still hashing when the interpreter finalizes is
        unwound by pthread_exit through Rust frames, which aborts the process.
        """
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._queue.put((b"", None))
        thread.join(timeout)

    def _run(self) -> None:
        if self._background and sys.platform == "linux":
            # Linux keeps a nice value per thread: hashing ahead then uses only idle CPU and
            # never slows the requests, or a client running on the same machine.
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        while True:
            code, future = self._queue.get()
            if future is None:
                self._cancel_queued()
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                hashed = bcrypt.hashpw(code, bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
            except BaseException as exc:  # the awaiting request reports it as a 500
                future.set_exception(exc)
            else:
                future.set_result(hashed)

    def _cancel_queued(self) -> None:
        while True:
            try:
                _, future = self._queue.get_nowait()
            except queue.Empty:
                return
            if future is not None:
                future.cancel()


# Two threads: one fills the pool ahead of time, the other serves requests that find
# their code's hash not yet started (right after start-up, or when a burst outlasts the
# pool), so such a burst gets two cores' worth of hashing.
_AHEAD = _Hasher("otpcli-sandbox-bcrypt-ahead", background=True)
_URGENT = _Hasher("otpcli-sandbox-bcrypt-urgent", background=False)


def stop_hashing() -> None:
    """End both hashing threads: call before the process exits."""
    _AHEAD.stop()
    _URGENT.stop()


@dataclass(frozen=True, slots=True)
class PooledCode:
    code: str
    future: Future[str]

    async def hashed(self) -> str:
        ahead = self.future
        if ahead.done():
            return ahead.result()
        if ahead.cancel():
            return await asyncio.wrap_future(_URGENT.submit(self.code))
        # The ahead thread is on it, but at idle priority it may be starved under load:
        # race it with the urgent thread (any salt gives a valid hash of the same code).
        urgent = _URGENT.submit(self.code)
        done, _ = await asyncio.wait(
            (asyncio.wrap_future(ahead), asyncio.wrap_future(urgent)),
            return_when=asyncio.FIRST_COMPLETED,
        )
        urgent.cancel()
        return done.pop().result()


class CodePool:
    """Six-digit codes drawn ahead of time, each with its bcrypt hash computed in advance.

    Hashing costs about 1 ms of CPU, more than the rest of a request, so a burst of sends
    would otherwise be CPU-bound. The pool is filled while the sandbox is idle and drained
    during a burst; when empty, a code is drawn and hashed on demand. Codes are drawn from
    one seeded generator and handed out first-in first-out, so request N always gets the
    Nth code of the seed whatever the timing.
    """

    def __init__(self, rng: random.Random, *, size: int, refill_after: float = 0.25) -> None:
        self._rng = rng
        self._size = size
        self._refill_after = refill_after
        self._ready: deque[PooledCode] = deque()
        self._refill: asyncio.TimerHandle | None = None
        self._refill_loop: asyncio.AbstractEventLoop | None = None
        self._last_take = 0.0

    def __len__(self) -> int:
        return len(self._ready)

    def _add(self) -> None:
        code = str(self._rng.randint(100000, 999999))
        self._ready.append(PooledCode(code, _AHEAD.submit(code)))

    def fill(self, size: int | None = None) -> None:
        """Draw codes until the pool holds `size` (default: its normal size)."""
        target = self._size if size is None else size
        while len(self._ready) < target:
            self._add()

    def take(self) -> PooledCode:
        if not self._ready:
            self._add()
        if self._size > 0:
            self._last_take = time.monotonic()
            try:
                loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            # A timer left on another (closed) loop would never fire: tests run each
            # client on its own loop.
            if loop is not None and (self._refill is None or self._refill_loop is not loop):
                self._refill_loop = loop
                self._refill = loop.call_later(self._refill_after, self._refill_when_idle)
        return self._ready.popleft()

    def _refill_when_idle(self) -> None:
        # Refill only once requests stop arriving, so that hashing never competes with a
        # burst for CPU. One timer re-armed when it expires costs less than one per request.
        quiet_for = time.monotonic() - self._last_take
        if quiet_for < self._refill_after and self._refill_loop is not None:
            delay = self._refill_after - quiet_for
            self._refill = self._refill_loop.call_later(delay, self._refill_when_idle)
            return
        self._refill = None
        self.fill()

    def close(self) -> None:
        if self._refill is not None:
            self._refill.cancel()
            self._refill = None
        while self._ready:
            self._ready.popleft().future.cancel()


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
        self.trust: dict[str, TrustOtp] = {}
        self.tokens: dict[str, IssuedToken] = {}
        # Bounded so that a long load test cannot grow the sandbox without limit.
        self.messages: deque[Message] = deque(maxlen=MAX_MESSAGES)
        self._jwt_key = secrets.token_bytes(32)

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
        )
        self._store(kind)[(country_code, phone)] = otp
        self.deliver("verifik", gateway, otp.e164, code, kind)
        return otp, pooled

    def find_verifik(
        self, kind: Literal["login", "validation"], country_code: str, phone: str
    ) -> VerifikOtp | None:
        return self._store(kind).get((country_code, phone))

    def expired(self, expires_at: float) -> bool:
        return self.now() >= expires_at

    # Trust codes ---------------------------------------------------------------------

    def start_trust(self, phone: str, nin: str) -> TrustOtp:
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
        )
        self.trust[otp.id] = otp
        self.deliver("trust", "sms", phone, code, "trust")
        return otp

    # Tokens --------------------------------------------------------------------------

    def issue_verifik_token(self, otp: VerifikOtp) -> IssuedToken:
        """A 30-day HS256 JWT shaped like Verifik's: `iat` and `expiresAt`, no `exp`."""
        now = int(self.now())
        claims = {
            "_id": object_id(now),
            "client": SANDBOX_CLIENT_ID,
            "phone": otp.e164,
            "sandbox": True,
            "iat": now,
            "expiresAt": now + VERIFIK_TOKEN_TTL,
        }
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")))
        payload = _b64url(json.dumps(claims, separators=(",", ":")))
        signing_input = f"{header}.{payload}".encode()
        signature = hmac.new(self._jwt_key, signing_input, hashlib.sha256).digest()
        token = IssuedToken(
            value=f"{header}.{payload}.{_b64url(signature)}",
            issuer="verifik",
            client_id=SANDBOX_CLIENT_ID,
            created_at=now,
            expires_at=now + VERIFIK_TOKEN_TTL,
        )
        self.tokens[token.value] = token
        return token

    def issue_atenea_token(self, client_id: str) -> IssuedToken:
        now = int(self.now())
        token = IssuedToken(
            value=secrets.token_urlsafe(32),
            issuer="atenea",
            client_id=client_id,
            created_at=now,
            expires_at=now + ATENEA_TOKEN_TTL,
        )
        self.tokens[token.value] = token
        return token

    def valid_token(self, value: str) -> IssuedToken | None:
        """The token if this sandbox issued it and it has not expired."""
        token = self.tokens.get(value)
        if token is None or self.now() >= token.expires_at:
            return None
        return token

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


def _b64url(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
