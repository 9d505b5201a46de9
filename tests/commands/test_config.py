"""`otpcli config` and the settings it keeps: profiles and config.toml (validated keys,
precedence, a broken file left untouched), and the provider URLs the environment may set.
"""

from __future__ import annotations

import pytest
import respx

from tests.conftest import write_config

SENT = {"data": {"_id": "v1", "status": "sent"}}
LOGIN_SENT = {
    "data": {"_id": "674de8df", "status": "sent", "otp": "$2a$10$hash", "phoneGateway": "sms"}
}


def test_set_then_get_round_trips(cli) -> None:
    assert cli("config", "set", "project", "p-42").exit_code == 0
    assert cli("config", "get", "project").stdout == "p-42\n"


def test_country_code_is_normalised_when_set(cli) -> None:
    cli("config", "set", "country_code", "507")
    assert cli("config", "get", "country_code").stdout == "+507\n"


def test_profile_country_code_applies_to_national_numbers(
    cli, respx_mock: respx.MockRouter, logged_in, project
) -> None:
    cli("config", "set", "country_code", "+507")
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    assert cli("send", "62617737").exit_code == 0
    assert b'"countryCode":"+507"' in route.calls[0].request.content


def test_invalid_values_and_keys_are_exit_2(cli) -> None:
    for args in (
        ("config", "set", "colour", "blue"),
        ("config", "set", "verifik_url", "not a url"),
        ("config", "set", "country_code", "+12345"),
        ("config", "set", "gateway", "pigeon"),
        ("config", "set", "credential_store", "floppy"),
        ("config", "get", "colour"),
        ("config", "unset", "colour"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("error:"), args


def test_unset_falls_back_to_the_default(cli) -> None:
    cli("config", "set", "verifik_url", "http://127.0.0.1:1234")
    cli("config", "unset", "verifik_url")
    assert cli("config", "get", "verifik_url").stdout == "https://verifik.test\n"  # from env


def test_precedence_flag_over_env_over_profile_is_shown(cli, monkeypatch, respx_mock, logged_in):
    cli("config", "set", "project", "from-profile")
    cli("config", "set", "project_flow", "flow-profile")
    monkeypatch.setenv("OTPCLI_PROJECT", "from-env")
    shown = cli("config", "list", "--show-origin", "--json").json()
    assert shown["values"]["project"] == "from-env"
    assert shown["origins"]["project"] == "OTPCLI_PROJECT"
    assert shown["origins"]["project_flow"].endswith("[profiles.default]")
    route = respx_mock.post(url__regex=r".*/phone-validations").respond(200, json=SENT)
    cli("send", "+50762617737", "--project", "from-flag")
    assert b'"project":"from-flag"' in route.calls[0].request.content


def test_builtin_sandbox_profile_points_at_loopback(cli, monkeypatch) -> None:
    for var in ("OTPCLI_VERIFIK_URL", "OTPCLI_TRUST_URL", "OTPCLI_ATENEA_URL"):
        monkeypatch.delenv(var)
    shown = cli("config", "list", "--profile", "sandbox", "--json").json()["values"]
    assert shown["verifik_url"] == shown["trust_url"] == shown["atenea_url"]
    assert shown["verifik_url"] == "http://127.0.0.1:8787"


def test_profiles_keep_their_own_values(cli) -> None:
    cli("config", "set", "project", "a", "--profile", "staging")
    cli("config", "set", "project", "b")
    assert cli("config", "get", "project", "--profile", "staging").stdout == "a\n"
    assert cli("config", "get", "project").stdout == "b\n"


def test_unknown_profile_is_exit_2(cli) -> None:
    result = cli("config", "list", "--profile", "nope")
    assert result.exit_code == 2
    assert "no profile named 'nope'" in result.stderr


# config.toml and the data files ---------------------------------------------------------------


def test_a_malformed_file_names_file_and_line_and_is_never_overwritten(cli, tmp_path) -> None:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir()
    broken = '[profiles.default]\nproject = "ok"\ngateway = sms\n'
    path.write_text(broken)
    for args in (("config", "list"), ("config", "set", "project", "x"), ("auth", "status")):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert str(path) in result.stderr and "line 3" in result.stderr
    assert path.read_text() == broken


def test_a_bad_value_in_the_file_is_exit_2_naming_the_file(cli, tmp_path) -> None:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir()
    path.write_text('[profiles.default]\ngateway = "pigeon"\n')
    result = cli("config", "list")
    assert result.exit_code == 2
    assert str(path) in result.stderr


def test_an_unwritable_config_directory_is_exit_2(cli, monkeypatch) -> None:
    monkeypatch.setenv("OTPCLI_CONFIG_DIR", "/proc/otpcli-cannot-be-here")
    result = cli("config", "set", "project", "p")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write")


def test_files_of_the_wrong_shape_are_errors_not_crashes(cli, tmp_path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "state.json").write_text('{"profiles": []}')
    assert cli("auth", "logout").exit_code == 0
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text('profiles = "x"\n')
    result = cli("config", "set", "project", "p")
    assert result.exit_code == 2
    assert (tmp_path / "config" / "config.toml").read_text() == 'profiles = "x"\n'


def test_parallel_config_sets_keep_every_profile(tmp_path) -> None:
    """Twenty real processes, each adding a profile: the lock makes them take turns."""
    import os
    import subprocess
    import tomllib

    from tests.fixtures_sandbox import OTPCLI

    processes = [
        subprocess.Popen(
            [OTPCLI, "config", "set", "verifik_url", f"http://127.0.0.1:{9000 + i}", "-p", f"p{i}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=os.environ.copy(),  # the temporary config directory of this test
        )
        for i in range(20)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    saved = tomllib.loads((tmp_path / "config" / "config.toml").read_text())["profiles"]
    assert saved == {f"p{i}": {"verifik_url": f"http://127.0.0.1:{9000 + i}"} for i in range(20)}


def test_set_and_unset_keep_comments_and_tables_otpcli_does_not_know(cli, tmp_path) -> None:
    path = write_config(
        tmp_path,
        "# staging is shared with the QA team\n"
        "[profiles.staging]\n"
        'project = "p-1"  # ask Ana before changing\n'
        "\n"
        "[team]\n"
        'owner = "qa"\n',
    )
    assert cli("config", "set", "gateway", "sms", "--profile", "staging").exit_code == 0
    assert cli("config", "set", "project", "p-2", "--profile", "other").exit_code == 0
    assert cli("config", "unset", "project", "--profile", "other").exit_code == 0
    text = path.read_text()
    assert "# staging is shared with the QA team" in text
    assert "# ask Ana before changing" in text
    assert '[team]\nowner = "qa"' in text
    assert cli("config", "get", "gateway", "--profile", "staging").stdout == "sms\n"
    assert cli("config", "get", "project", "--profile", "staging").stdout == "p-1\n"


def test_config_set_writes_a_boolean_key_as_a_toml_boolean(cli, tmp_path) -> None:
    assert cli("config", "set", "allow_insecure_http", "1").exit_code == 0
    saved = (tmp_path / "config" / "config.toml").read_text()
    assert "allow_insecure_http = true\n" in saved  # not the string "true"
    assert cli("config", "get", "allow_insecure_http").stdout == "true\n"


@pytest.mark.parametrize("written", ["true", '"true"', "false", '"false"'])
def test_a_boolean_key_reads_as_a_boolean_or_as_the_string_earlier_versions_wrote(
    cli, tmp_path, written
) -> None:
    write_config(tmp_path, f"[profiles.default]\nallow_insecure_http = {written}\n")
    shown = cli("config", "get", "allow_insecure_http")
    assert shown.exit_code == 0
    assert shown.stdout == written.strip('"') + "\n"


def test_an_old_style_file_with_an_integer_and_a_yes_still_reads(cli, tmp_path) -> None:
    """What read before values were checked for their TOML type still reads: an integer
    for a string key is its decimal text, a boolean key takes the spellings it took."""
    write_config(tmp_path, '[profiles.default]\ncountry_code = 507\nallow_insecure_http = "yes"\n')
    assert cli("config", "get", "country_code").stdout == "+507\n"
    assert cli("config", "get", "allow_insecure_http").stdout == "true\n"
    listed = cli("config", "list", "-q")
    assert listed.exit_code == 0
    assert "country_code=+507\n" in listed.stdout
    assert "allow_insecure_http=true\n" in listed.stdout


@pytest.mark.parametrize(
    ("written", "read"),
    [('"YES"', "true"), ('"1"', "true"), ("1", "true"), ('"Off"', "false"), ("0", "false")],
)
def test_a_boolean_key_takes_the_spellings_earlier_versions_read(
    cli, tmp_path, written, read
) -> None:
    write_config(tmp_path, f"[profiles.default]\nallow_insecure_http = {written}\n")
    shown = cli("config", "get", "allow_insecure_http")
    assert (shown.exit_code, shown.stdout) == (0, read + "\n")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('allow_insecure_http = "maybe"', "the value must be true or false, without quotes"),
        ("allow_insecure_http = 2", "the value must be true or false, without quotes"),
        ("allow_insecure_http = 1.0", "the value must be true or false, without quotes"),
        ("country_code = 507.5", "the value must be a string, in quotes"),
        ("project = true", "the value must be a string, in quotes"),
        ('project = ["p-1"]', "the value must be a string, in quotes"),
        ("project = {a = 1}", "the value must be a string, in quotes"),
        ('project = {a = {b = [1, "x"]}}', "the value must be a string, in quotes"),
    ],
)
def test_a_value_of_the_wrong_toml_type_is_a_config_error_naming_it(
    cli, tmp_path, line, said
) -> None:
    write_config(tmp_path, f"[profiles.default]\n{line}\n")
    result = cli("config", "list")
    assert result.exit_code == 2
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"error: {line}: {said} (from ")
    assert len([ln for ln in rest if ln.startswith("error")]) == 0
    assert "otpcli config set" in result.stderr


def test_a_table_under_the_profile_is_quoted_as_one_inline_line(cli, tmp_path) -> None:
    write_config(tmp_path, "[profiles.default.project]\na = 1\n")
    result = cli("config", "get", "project")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: project = {a = 1}: the value must be a string, in quotes (from "
    )


def test_config_set_beside_an_unreadable_key_succeeds_without_an_error(cli, tmp_path) -> None:
    """`config set` writes, says so, exit 0: the other key stays for the commands that read
    it (and for `config set` or `unset` of that key to mend)."""
    path = write_config(tmp_path, "[profiles.default]\ngateway = {a = 1}\n")
    result = cli("config", "set", "project", "p")
    assert (result.exit_code, "error" in result.stderr) == (0, False)
    assert "project set in profile default" in result.stderr
    assert 'project = "p"' in path.read_text()
    insecure = cli("config", "set", "verifik_url", "http://example.com")
    assert (insecure.exit_code, "error" in insecure.stderr) == (0, False)
    assert "unencrypted" in insecure.stderr
    assert cli("config", "list").exit_code == 2
    assert cli("config", "set", "gateway", "sms").exit_code == 0
    assert cli("config", "get", "gateway").stdout == "sms\n"


# Provider URLs from the environment -----------------------------------------------------------


def test_env_url_override_must_be_a_url(cli, monkeypatch) -> None:
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", "ftp//nope")
    result = cli("login", "+50762617737")
    assert result.exit_code == 2
    assert "OTPCLI_VERIFIK_URL" in result.stderr


def test_a_malformed_url_is_a_usage_error(cli, monkeypatch) -> None:
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", "http://[::1")
    result = cli("login", "+50762617737")
    assert result.exit_code == 2
    assert "OTPCLI_VERIFIK_URL" in result.stderr


def test_env_urls_override_the_real_providers(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.setenv("OTPCLI_VERIFIK_URL", "http://127.0.0.1:9/base/")
    route = respx_mock.post("http://127.0.0.1:9/base/v2/projects/phone-login").respond(
        200, json=LOGIN_SENT
    )
    assert cli("login", "+50762617737").exit_code == 0
    assert route.called


def test_default_urls_are_the_real_providers(cli, respx_mock, monkeypatch) -> None:
    monkeypatch.delenv("OTPCLI_VERIFIK_URL")
    route = respx_mock.post("https://api.verifik.co/v2/projects/phone-login").respond(
        200, json=LOGIN_SENT
    )
    assert cli("login", "+50762617737").exit_code == 0
    assert route.called
