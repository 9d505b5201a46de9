"""otpcli's Secret Service backend and python-keyring's own read each other's entries.

Users have tokens that python-keyring's backend stored; otpcli's must find and replace them,
and what otpcli stores must stay readable by keyring and by `secret-tool lookup`.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from otpcli.credentials.secret_service import SecretServiceBackend

pytestmark = pytest.mark.keyring_real

SERVICE = "otpcli"


@dataclass
class Both:
    """python-keyring's own backend and otpcli's, on one throwaway username."""

    user: str
    theirs: KeyringBackend
    ours: SecretServiceBackend
    secret_tool: str

    def items(self) -> list[dict[str, str]]:
        """Every item for (otpcli, user) as secret-tool shows it: label and attribute.*."""
        done = subprocess.run(
            [self.secret_tool, "search", "--all", "service", SERVICE, "username", self.user],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        items: list[dict[str, str]] = []
        for line in (done.stdout + done.stderr).splitlines():
            if line.startswith("["):
                items.append({})
            elif " = " in line and items:
                key, value = line.split(" = ", 1)
                if key == "label" or key.startswith("attribute."):
                    items[-1][key] = value
        return items


@pytest.fixture
def both(
    keyring_username: str,
    secret_tool: str,
    secret_service_keyring: KeyringBackend,
    otpcli_backend: SecretServiceBackend,
) -> Both:
    return Both(keyring_username, secret_service_keyring, otpcli_backend, secret_tool)


def test_otpcli_reads_and_replaces_what_python_keyring_stored(both: Both) -> None:
    both.theirs.set_password(SERVICE, both.user, "from-keyring")
    assert both.ours.get_password(SERVICE, both.user) == "from-keyring"
    both.ours.set_password(SERVICE, both.user, "from-otpcli")
    assert both.theirs.get_password(SERVICE, both.user) == "from-otpcli"
    assert len(both.items()) == 1  # replaced, not added


def test_python_keyring_and_secret_tool_read_what_otpcli_stored(both: Both) -> None:
    both.ours.set_password(SERVICE, both.user, "from-otpcli-ü")
    assert both.theirs.get_password(SERVICE, both.user) == "from-otpcli-ü"
    lookup = subprocess.run(
        [both.secret_tool, "lookup", "service", SERVICE, "username", both.user],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert lookup.stdout == "from-otpcli-ü"
    both.theirs.set_password(SERVICE, both.user, "from-keyring")
    assert len(both.items()) == 1
    both.theirs.delete_password(SERVICE, both.user)
    assert both.ours.get_password(SERVICE, both.user) is None
    with pytest.raises(PasswordDeleteError):
        both.ours.delete_password(SERVICE, both.user)


def test_both_store_the_same_attributes_and_label(both: Both) -> None:
    both.theirs.set_password(SERVICE, both.user, "one")
    [theirs] = both.items()
    both.ours.delete_password(SERVICE, both.user)
    both.ours.set_password(SERVICE, both.user, "two")
    [ours] = both.items()
    assert ours == theirs
    assert theirs["label"] == f"Password for '{both.user}' on '{SERVICE}'"
    assert theirs["attribute.service"] == SERVICE
