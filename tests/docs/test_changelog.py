"""One version, said in one place: the package's __version__, which the build reads, and
which the changelog's newest release names."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from otpcli import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_the_build_reads_the_version_from_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in config["project"]
    assert "version" in config["project"]["dynamic"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "otpcli.__version__"}


def test_the_changelog_names_this_version_as_its_newest_release() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", text, re.MULTILINE)
    assert releases[0] == __version__
    assert releases[-1] == "0.1.0"
    assert "## [Unreleased]" in text
