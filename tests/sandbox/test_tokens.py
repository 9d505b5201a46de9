"""The tokens the sandbox issues: Verifik JWTs signed with PyJWT, opaque Atenea tokens."""

from __future__ import annotations

import jwt

from otpcli.sandbox.tokens import SANDBOX_CLIENT_ID, TokenStore
from tests.sandbox.helpers import START, FakeClock


def test_verifik_tokens_are_hs256_jwts_with_verifik_s_claims() -> None:
    clock = FakeClock()
    token = TokenStore(clock).issue_verifik("+50762617737")
    assert jwt.get_unverified_header(token.value) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(token.value, options={"verify_signature": False})
    assert claims["phone"] == "+50762617737"
    assert claims["client"] == SANDBOX_CLIENT_ID
    assert (claims["iat"], claims["expiresAt"]) == (int(START), int(START) + 30 * 86400)
    assert "exp" not in claims
    assert (token.created_at, token.expires_at) == (int(START), int(START) + 30 * 86400)


def test_a_store_checks_the_signature_of_its_own_tokens() -> None:
    clock = FakeClock()
    store, other = TokenStore(clock), TokenStore(clock)
    token = store.issue_verifik("+50762617737")
    assert store.claims(token.value) is not None
    assert other.claims(token.value) is None
    assert other.valid(token.value) is None
    forged = token.value[:-2] + ("AA" if not token.value.endswith("AA") else "BB")
    assert store.claims(forged) is None


def test_tokens_are_valid_until_they_expire_on_the_sandbox_clock() -> None:
    clock = FakeClock()
    store = TokenStore(clock)
    verifik = store.issue_verifik("+50762617737")
    atenea = store.issue_atenea("qa")
    clock.advance(7199)
    assert store.valid(verifik.value) == verifik
    assert store.valid(atenea.value) == atenea
    clock.advance(1)
    assert store.valid(atenea.value) is None
    clock.advance(30 * 86400)
    assert store.valid(verifik.value) is None
    assert store.valid(None) is None
