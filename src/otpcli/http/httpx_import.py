"""httpx without its command-line client: the one workaround of httpx's behaviour.

httpx's `__init__` imports its own CLI module (`httpx._main`) whenever click, rich and
pygments are installed, and typer and uvicorn bring all three: a third of the time
`import httpx` takes, for a client otpcli never runs (encode/httpx#3547, "Do CLI import
in __main__, not __init__", open). Marking the module unimportable for that one import
makes httpx define its fallback `main` instead. Delete this module once httpx stops
importing `_main` from `__init__`: `tests/http/test_httpx_import.py` fails then.
"""

from __future__ import annotations

import sys
from types import ModuleType

_CLI = "httpx._main"


def load_httpx() -> ModuleType:
    """The httpx module, imported (the first time) without its command-line client."""
    if "httpx" not in sys.modules and _CLI not in sys.modules:
        sys.modules[_CLI] = None  # type: ignore[assignment]  # the import system's "absent"
        try:
            import httpx
        finally:
            del sys.modules[_CLI]  # a later, explicit import of the CLI still works
        return httpx
    import httpx

    return httpx
