"""The checks that need no network, each made to fail on purpose: no keyring, a keyring
that hangs, a corrupt config, unknown keys, an expired token, a file store others can read."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from otpcli import credentials
from tests.conftest import TOKEN, MemoryKeyring, write_config
from tests.doctor.helpers import failed, rows


def test_no_keyring_backend_fails_with_the_three_ways_out(cli: Any) -> None:
    keyring.set_keyring(fail.Keyring())
    result = cli("doctor", "--offline", "--json")
    assert result.exit_code == 7
    check = rows(result)["keyring"]
    assert check["status"] == "fail"
    assert "no keyring backend is available" in check["detail"]
    assert "--insecure-storage" in check["remedy"] and "VERIFIK_TOKEN" in check["remedy"]
    # The credential rows do not ask the broken keyring again: they cannot tell.
    assert rows(result)["credentials verifik"]["status"] == "skipped"


def test_no_keyring_is_only_worth_a_look_with_the_file_store(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("OTPCLI_CREDENTIAL_STORE", "file")
    result = cli("doctor", "--offline", "--json")
    assert result.exit_code == 0
    check = rows(result)["keyring"]
    assert check["status"] == "warn" and "not needed" in check["detail"]


def test_no_keyring_after_a_login_with_insecure_storage_is_only_worth_a_look(
    cli: Any, tmp_path: Path
) -> None:
    """The README's way on a machine without a keyring: `login --insecure-storage` puts the
    token in the file store while credential_store stays keyring."""
    keyring.set_keyring(fail.Keyring())
    path = tmp_path / "data" / "credentials.json"
    path.parent.mkdir(mode=0o700)
    path.write_text(json.dumps({"default": {"verifik": TOKEN}}))
    path.chmod(0o600)
    result = cli("doctor", "--offline", "--json")
    assert result.exit_code == 0, result.stdout
    found = rows(result)
    assert found["keyring"]["status"] == "warn"
    assert "credential_store file" in found["keyring"]["remedy"]
    assert found["credentials verifik"]["detail"].startswith("from the file store")
    # Trust was never stored anywhere: not logged in, not "cannot tell".
    assert found["credentials trust"]["detail"].startswith("not logged in")


class SlowKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        time.sleep(5)


def test_a_keyring_that_hangs_fails_within_its_timeout(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(SlowKeyring())
    monkeypatch.setenv("OTPCLI_KEYRING_TIMEOUT", "0.3")
    began = time.monotonic()
    result = cli("doctor", "--offline", "--json")
    assert time.monotonic() - began < 2
    assert result.exit_code == 7
    assert "did not answer within 0.3 s" in rows(result)["keyring"]["detail"]


class RecordingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append(("get", service, username))
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append(("set", service, username))
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append(("delete", service, username))
        super().delete_password(service, username)


def test_the_keyring_round_trip_never_touches_a_real_entry(cli: Any) -> None:
    store = RecordingKeyring()
    store.entries[("otpcli", "default:verifik")] = TOKEN
    keyring.set_keyring(store)
    result = cli("doctor", "--offline", "--json")
    assert rows(result)["keyring"]["status"] == "ok"
    assert store.entries == {("otpcli", "default:verifik"): TOKEN}
    written = [user for call, _, user in store.calls if call in ("set", "delete")]
    assert len(written) == 2 and written[0] == written[1]
    assert written[0].startswith("doctor-probe/")  # "/" is in no profile name
    assert TOKEN not in result.everything


def test_a_corrupt_config_fails_and_names_file_and_line(cli: Any, tmp_path: Path) -> None:
    path = write_config(tmp_path, "[profiles.default]\nproject = \n")
    result = cli("doctor", "--json")  # not --offline: the network needs the profile's URLs
    assert result.exit_code == 7
    found = rows(result)
    assert found["config"]["status"] == "fail"
    assert str(path) in found["config"]["detail"] and "line 2" in found["config"]["detail"]
    assert found["profile"]["status"] == "skipped"
    assert found["network"]["status"] == "skipped"
    assert failed(result) == ["config"]


def test_an_unknown_key_fails_in_the_active_profile_and_warns_in_another(
    cli: Any, tmp_path: Path
) -> None:
    write_config(tmp_path, "[profiles.default]\nprojet = 'x'\n[profiles.qa]\ngatway = 'sms'\n")
    result = cli("doctor", "--offline", "--json")
    check = rows(result)["config"]
    assert check["status"] == "fail" and result.exit_code == 7
    assert "projet in [profiles.default]" in check["detail"]
    assert "gatway in [profiles.qa]" in check["detail"]
    assert "otpcli config unset" in check["remedy"]
    other = cli("doctor", "--offline", "--json", "--profile", "sandbox")
    assert rows(other)["config"]["status"] == "warn"


def test_a_profile_that_does_not_exist_fails(cli: Any) -> None:
    result = cli("doctor", "--offline", "--json", "--profile", "sanbox")
    check = rows(result)["profile"]
    assert check["status"] == "fail" and "no profile named 'sanbox'" in check["detail"]
    assert "did you mean 'sandbox'" in check["remedy"]


def test_plain_http_to_another_machine_is_worth_a_look(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTPCLI_TRUST_URL", "http://10.1.2.3:8080")
    result = cli("doctor", "--offline", "--json")
    check = rows(result)["profile"]
    assert check["status"] == "warn"
    assert "trust_url http://10.1.2.3:8080" in check["detail"]
    assert "allow_insecure_http" in check["remedy"]
    monkeypatch.setenv("OTPCLI_ALLOW_INSECURE_HTTP", "true")
    assert rows(cli("doctor", "--offline", "--json"))["profile"]["status"] == "ok"


def test_an_expired_token_fails_the_credentials_only(cli: Any, logged_in: Any) -> None:
    expired = time.time() - 2 * 86400
    credentials.save_metadata("default", "verifik", {"expires_at": expired, "store": "keyring"})
    result = cli("doctor", "--offline", "--json")
    assert result.exit_code == 3
    assert failed(result) == ["credentials verifik"]
    check = rows(result)["credentials verifik"]
    assert check["detail"].startswith("from the OS keyring; expired ")
    assert "otpcli login PHONE" in check["remedy"]
    assert TOKEN not in result.everything


def test_a_token_about_to_expire_is_worth_a_look(cli: Any, logged_in: Any) -> None:
    soon = time.time() + 86400
    credentials.save_metadata("default", "verifik", {"expires_at": soon, "store": "keyring"})
    check = rows(cli("doctor", "--offline", "--json"))["credentials verifik"]
    assert check["status"] == "warn" and "otpcli auth renew" in check["remedy"]


def test_a_broken_token_in_the_environment_fails(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIK_TOKEN", "two words")
    result = cli("doctor", "--offline", "--json")
    assert result.exit_code == 3
    assert (
        "VERIFIK_TOKEN does not hold a usable token"
        in rows(result)["credentials verifik"]["detail"]
    )


def test_stored_trust_credentials_are_described_without_their_secret(
    cli: Any, isolated: MemoryKeyring
) -> None:
    stored = {"client_id": "qa-client", "client_secret": "s3cr3t-client-secret"}
    isolated.set_password("otpcli", "default:trust", json.dumps(stored))
    result = cli("doctor", "--offline", "--json")
    check = rows(result)["credentials trust"]
    assert check["status"] == "ok" and "client qa-client in the OS keyring" in check["detail"]
    assert "s3cr3t-client-secret" not in result.everything


def test_the_file_store_in_use_with_loose_modes_is_worth_a_look(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OTPCLI_CREDENTIAL_STORE", "file")
    path = tmp_path / "data" / "credentials.json"
    path.parent.mkdir(mode=0o755)
    path.write_text(json.dumps({"default": {"verifik": TOKEN}}))
    os.chmod(path, 0o644)
    os.chmod(path.parent, 0o755)
    result = cli("doctor", "--offline", "--json")
    check = rows(result)["file store"]
    assert check["status"] == "warn"
    assert "in use (credential_store = file)" in check["detail"]
    assert "the file is 0644, not 0600" in check["detail"]
    assert f"chmod 600 {path}" in check["remedy"] and f"chmod 700 {path.parent}" in check["remedy"]
    assert rows(result)["credentials verifik"]["detail"].startswith("from the file store")
    assert "plain-text credential store" not in result.stderr  # the row says it, once
    os.chmod(path, 0o600)
    os.chmod(path.parent, 0o700)
    fixed = rows(cli("doctor", "--offline", "--json"))["file store"]
    assert fixed["status"] == "ok" and "(file 0600, directory 0700)" in fixed["detail"]


def test_a_damaged_file_store_fails(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "data" / "credentials.json"
    path.parent.mkdir()
    path.write_text("not json")
    result = cli("doctor", "--offline", "--json")
    check = rows(result)["file store"]
    assert check["status"] == "fail" and "move it aside" in check["remedy"]
    assert result.exit_code == 7
