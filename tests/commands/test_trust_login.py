"""`otpcli trust-login`: the client credentials exchanged at Atenea.

Its dry run is in tests/cli/test_dry_run.py; Atenea's errors in tests/providers/.
"""

from __future__ import annotations

import json

import respx

from tests.conftest import ATENEA


def test_trust_login_exchanges_client_credentials_at_atenea(
    cli, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.post(f"{ATENEA}/oauth/token/").respond(
        200,
        json={
            "access_token": "atk-0123456789",
            "token_type": "Bearer",
            "expires_in": 7200,
            "created_at": 1_900_000_000,
        },
    )
    result = cli("trust-login", "--client-id", "cid", "--secret-stdin", stdin="s3cr3t-value\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls[0].request.content) == {
        "client_id": "cid",
        "client_secret": "s3cr3t-value",
        "grant_type": "client_credentials",
    }
