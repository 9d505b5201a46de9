"""Real bash, zsh and fish complete from the scripts in completions/.

Each shell runs with a PATH whose first directory holds fake `otpcli`, `python` and
`python3` that record every call: completing commands, options and choices must record
nothing; only profile names may ask `otpcli __complete-profiles`.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from otpcli.completion.generate import PROFILES_COMMAND

COMPLETIONS = Path(__file__).resolve().parents[2] / "completions"
PROFILES = ["default", "sandbox", "staging"]

# (command line typed before TAB, the candidates expected)
CASES = [
    ("otpcli se", ["send"]),
    ("otpcli send --gat", ["--gateway"]),
    ("otpcli send --gateway ", ["sms", "whatsapp"]),
    ("otpcli --json send -g w", ["whatsapp"]),
    ("otpcli send --json --gateway=", ["sms", "whatsapp"]),
    ("otpcli validate +50762617737 --gateway ", ["sms", "whatsapp", "none"]),
    ("otpcli au", ["auth"]),
    ("otpcli auth ", ["logout", "renew", "revoke-all", "status", "token"]),
    ("otpcli -p x auth token --provider ", ["trust", "verifik"]),
    ("otpcli completion ", ["bash", "fish", "zsh"]),
    ("otpcli send --no-i", ["--no-input"]),  # global options after the command too
    ("otpcli send --country-code ", []),  # free text: nothing to offer, nothing started
]
PROFILE_CASE = ("otpcli send --profile ", PROFILES)


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """A directory with fake otpcli/python/python3 that log each call to calls.log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("otpcli", "python", "python3"):
        script = bin_dir / name
        script.write_text(
            "#!/bin/sh\n"
            f'echo "{name} $*" >> "{log}"\n'
            'if [ "$1" = __complete-profiles ]; then printf "%s\\n" '
            + " ".join(PROFILES)
            + "; fi\n"
        )
        script.chmod(0o755)
    return bin_dir


def _calls(fake_bin: Path) -> list[str]:
    log = fake_bin.parent / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def _shell_env(fake_bin: Path) -> dict[str, str]:
    home = fake_bin.parent / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": f"{fake_bin}:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "dumb",
        "LANG": "C.UTF-8",
    }


def _check(fake_bin: Path, line: str, got: list[str], expected: list[str]) -> None:
    assert sorted(got) == sorted(expected), f"{line!r}: {got}"
    assert _calls(fake_bin) == [], f"{line!r} started a program: {_calls(fake_bin)}"


def _check_profiles(fake_bin: Path, got: list[str]) -> None:
    assert sorted(got) == PROFILES
    assert _calls(fake_bin) == [f"otpcli {PROFILES_COMMAND}"]


# -- bash: call the completion function the way bash does, with COMP_WORDS & co. ------------

BASH_DRIVER = r"""
source "$1"
line=$2
read -ra COMP_WORDS <<<"$3"
[[ $line == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
spec=$(complete -p otpcli)
func=${spec#*-F }
func=${func%% *}
"$func" otpcli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


def _bash_words(line: str) -> str:
    """The words bash makes of the line: "=" is in COMP_WORDBREAKS, so it is a word of its own."""
    words = []
    for word in line.split():
        if "=" in word and word.startswith("-"):
            name, _, value = word.partition("=")
            words += [name, "="] + ([value] if value else [])
        else:
            words.append(word)
    return " ".join(words)


def _bash_complete(fake_bin: Path, line: str) -> list[str]:
    bash = shutil.which("bash")
    assert bash, "bash is required"
    script, words = str(COMPLETIONS / "otpcli.bash"), _bash_words(line)
    out = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", BASH_DRIVER, "bash", script, line, words],
        capture_output=True,
        text=True,
        env=_shell_env(fake_bin),
        timeout=30,
        check=True,
    )
    return [w for w in out.stdout.splitlines() if w]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_bash_completes(fake_bin: Path, line: str, expected: list[str]) -> None:
    _check(fake_bin, line, _bash_complete(fake_bin, line), expected)


def test_bash_completes_profiles_by_asking_otpcli(fake_bin: Path) -> None:
    _check_profiles(fake_bin, _bash_complete(fake_bin, PROFILE_CASE[0]))


def test_bash_completes_files_for_from(fake_bin: Path, tmp_path: Path) -> None:
    (tmp_path / "phones.csv").write_text("phone\n")
    got = _bash_complete(fake_bin, f"otpcli send --from {tmp_path}/pho")
    assert got == [f"{tmp_path}/phones.csv"]
    assert _calls(fake_bin) == []


# -- zsh: a real interactive zsh on a pty, compinit, TAB; compadd is wrapped to print hits ----

ZSH_SETUP = r"""
PROMPT='' RPROMPT='' PS2=''
fpath=(%(dir)s $fpath)
autoload -U compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
bindkey '^I' complete-word
compadd() {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
    local -a __hits
    builtin compadd -A __hits "$@"
    local h
    for h in $__hits; do print -r -- "<hit>$h</hit>"; done
    builtin compadd "$@"
}
__capture_done() { print -r -- '<done>'; }
comppostfuncs=(__capture_done)
print -r -- '<ready>'
"""


def _zsh_complete(fake_bin: Path, line: str) -> list[str]:
    zsh = shutil.which("zsh")
    if zsh is None:
        pytest.skip("zsh is not installed (apt-get install zsh): zsh completion not tested")
    setup = fake_bin.parent / "setup.zsh"
    setup.write_text(ZSH_SETUP % {"dir": COMPLETIONS})
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(zsh, ["zsh", "-f", "-i"], _shell_env(fake_bin))
    buffer = b""

    def read_until(marker: bytes, timeout: float = 20.0) -> None:
        nonlocal buffer
        deadline = time.monotonic() + timeout
        while marker not in buffer and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    buffer += os.read(fd, 65536)
                except OSError:
                    break
        assert marker in buffer, f"zsh did not answer {marker!r}: {buffer[-2000:]!r}"

    try:
        os.write(fd, f"source {setup}\n".encode())
        read_until(b"<ready>")
        buffer = b""
        os.write(fd, line.encode() + b"\t")
        read_until(b"<done>")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return [h.decode() for h in re.findall(rb"<hit>(.*?)</hit>", buffer)]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_zsh_completes(fake_bin: Path, line: str, expected: list[str]) -> None:
    _check(fake_bin, line, _zsh_complete(fake_bin, line), expected)


def test_zsh_completes_profiles_by_asking_otpcli(fake_bin: Path) -> None:
    _check_profiles(fake_bin, _zsh_complete(fake_bin, PROFILE_CASE[0]))


# -- fish: `complete -C` asks fish's own completion engine ---------------------------------


def _fish_complete(fake_bin: Path, line: str) -> list[str]:
    fish = shutil.which("fish")
    if fish is None:
        pytest.skip("fish is not installed (apt-get install fish): fish completion not tested")
    env = _shell_env(fake_bin) | {"OTPCLI_LINE": line}
    out = subprocess.run(
        [fish, "--no-config", "-c", 'source $OTPCLI_SCRIPT; complete -C "$OTPCLI_LINE"'],
        capture_output=True,
        text=True,
        env=env | {"OTPCLI_SCRIPT": str(COMPLETIONS / "otpcli.fish")},
        timeout=30,
        check=True,
    )
    # "--gateway=whatsapp\tDeliver by ..." -> the value, as the other shells report it
    got = [w.split("\t")[0] for w in out.stdout.splitlines() if w]
    return [w.split("=", 1)[1] if w.startswith("-") and "=" in w else w for w in got]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_fish_completes(fake_bin: Path, line: str, expected: list[str]) -> None:
    _check(fake_bin, line, _fish_complete(fake_bin, line), expected)


def test_fish_completes_profiles_by_asking_otpcli(fake_bin: Path) -> None:
    _check_profiles(fake_bin, _fish_complete(fake_bin, PROFILE_CASE[0]))
