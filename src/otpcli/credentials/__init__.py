"""Where tokens and client secrets live: environment, OS keyring (bounded), opt-in file.

Lookup order, first found wins: --token-stdin > environment > the profile's stored entry.
Only non-secret metadata (expiry, masked phone, which store) goes to the state file.

- `vault`: Credential, Vault and the lookup chain (`verifik_token`, `from_environment`).
- `keyring_store`: the OS keyring, every call bounded, and which keyring backend is called.
- `secret_service`: otpcli's Secret Service backend, in place of python-keyring's.
- `file_store`: the opt-in 0600 file.
- `state`: state.json, the metadata beside the secrets.

Importing this package imports neither keyring nor secretstorage nor jeepney: the calls that
need them import them, so `--help` and a token from the environment stay fast.
"""

from otpcli.credentials.file_store import FileStore
from otpcli.credentials.keyring_store import (
    DEFAULT_KEYRING_TIMEOUT,
    REMEDIES,
    SERVICE,
    KeyringStore,
    KeyringUnavailable,
    keyring_timeout,
)
from otpcli.credentials.state import (
    jwt_expiry,
    load_state,
    metadata,
    save_metadata,
    token_expiry,
)
from otpcli.credentials.vault import (
    Credential,
    Vault,
    check_token,
    from_environment,
    verifik_token,
)

__all__ = [
    "DEFAULT_KEYRING_TIMEOUT",
    "REMEDIES",
    "SERVICE",
    "Credential",
    "FileStore",
    "KeyringStore",
    "KeyringUnavailable",
    "Vault",
    "check_token",
    "from_environment",
    "jwt_expiry",
    "keyring_timeout",
    "load_state",
    "metadata",
    "save_metadata",
    "token_expiry",
    "verifik_token",
]
