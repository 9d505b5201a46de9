"""Python and otpcli: versions, and where otpcli is installed."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

from otpcli import __version__
from otpcli.doctor.checks import Check, Status

DISTRIBUTION = "otpcli"


def _installed() -> tuple[str | None, bool]:
    """The version the installed distribution's metadata says, and whether it is an
    editable install (a clone, `pip install -e`)."""
    from importlib import metadata

    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None, False
    editable = False
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
        editable = bool(direct.get("dir_info", {}).get("editable"))
    except (ValueError, AttributeError):
        pass
    return dist.version, editable


def python_and_otpcli() -> Check:
    import otpcli

    package = Path(otpcli.__file__).resolve().parent
    version, editable = _installed()
    how = "editable install of" if editable else "installed at"
    detail = (
        f"Python {platform.python_version()} ({sys.executable}); otpcli {__version__},"
        f" {how} {package}"
    )
    if version is None:
        return Check(
            "python",
            Status.warn,
            detail + "; no installed otpcli distribution found (run from a source tree?)",
            "install it: `pipx install .` in a clone, or `pipx install otpcli-*.whl`",
        )
    if version != __version__:
        return Check(
            "python",
            Status.warn,
            detail + f"; the installed metadata says {version}",
            "reinstall otpcli (`pipx reinstall otpcli`, or `pip install -e .` in the clone)",
        )
    return Check("python", Status.ok, detail)
