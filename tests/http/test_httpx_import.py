"""The one workaround of httpx (http/httpx_import.py): httpx without its command-line client."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_plain_httpx_still_imports_its_cli_and_pygments() -> None:
    """When this fails, httpx stopped importing `_main` on import: delete httpx_import.py."""
    assert run("import httpx, sys; print('httpx._main' in sys.modules)") == "True"


def test_loading_httpx_through_otpcli_leaves_the_cli_and_pygments_out() -> None:
    code = (
        "import sys\n"
        "from otpcli.http.httpx_import import load_httpx\n"
        "httpx = load_httpx()\n"
        "print(sorted(m for m in ('httpx._main', 'pygments', 'click') if m in sys.modules))\n"
        "print(httpx.Client is not None and callable(httpx.main))\n"
    )
    assert run(code).splitlines() == ["[]", "True"]


def test_the_cli_module_can_still_be_imported_on_purpose_afterwards() -> None:
    code = (
        "from otpcli.http.httpx_import import load_httpx\n"
        "load_httpx()\n"
        "import httpx._main\n"
        "print(callable(httpx._main.main))\n"
    )
    assert run(code) == "True"
