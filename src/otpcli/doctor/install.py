"""Python and otpcli: versions, and where otpcli is installed."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

from otpcli import __version__
from otpcli.doctor.checks import Check, Status
from otpcli.i18n import _

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
    said = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "version": __version__,
        "package": package,
    }
    detail = (
        _("Python {python} ({executable}); otpcli {version}, editable install of {package}")
        if editable
        else _("Python {python} ({executable}); otpcli {version}, installed at {package}")
    ).format(**said)
    if version is None:
        return Check(
            "python",
            Status.warn,
            _("{detail}; no installed otpcli distribution found (run from a source tree?)").format(
                detail=detail
            ),
            _("install it: `pipx install .` in a clone, or `pipx install otpcli-*.whl`"),
        )
    if version != __version__:
        return Check(
            "python",
            Status.warn,
            _("{detail}; the installed metadata says {version}").format(
                detail=detail, version=version
            ),
            _("reinstall otpcli (`pipx reinstall otpcli`, or `pip install -e .` in the clone)"),
        )
    return Check("python", Status.ok, detail)
