"""The file store (--insecure-storage, credential_store = "file"): concurrent saves lose no
entry, and a data directory that already exists keeps its permissions.

The rest of the credential tests are in tests/credentials/ and tests/keyring_real/.
"""

from __future__ import annotations

from tests.conftest import TOKEN


def _store_entry(args: tuple[str, str]) -> None:
    import os

    from otpcli.credentials import FileStore

    data_dir, profile = args
    os.environ["OTPCLI_DATA_DIR"] = data_dir
    FileStore(warn=lambda _: None).set(profile, "verifik", f"token-of-{profile}")


def test_concurrent_saves_to_the_file_store_lose_no_entry(tmp_path) -> None:
    import json
    from concurrent.futures import ProcessPoolExecutor

    profiles = [f"p{i}" for i in range(16)]
    with ProcessPoolExecutor(8) as pool:
        list(pool.map(_store_entry, [(str(tmp_path / "data"), p) for p in profiles]))
    stored = json.loads((tmp_path / "data" / "credentials.json").read_text())
    assert sorted(stored) == sorted(profiles)


def test_an_existing_data_directory_keeps_its_permissions(cli, respx_mock, tmp_path, monkeypatch):
    import stat

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("OTPCLI_DATA_DIR", str(shared))
    respx_mock.post(url__regex=r".*/confirm").respond(
        200, json={"data": {"accessToken": TOKEN, "tokenType": "bearer"}}
    )
    assert cli("confirm", "+50762617737", "--otp", "123456", "--insecure-storage").exit_code == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "credentials.json").stat().st_mode) == 0o600
