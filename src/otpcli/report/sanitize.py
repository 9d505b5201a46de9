"""Provider text made safe for a terminal.

A provider message, an HTML title or a field value can hold escape sequences that move the
cursor, retitle the window, ring the bell or hide text (`ESC [ 2 J`, `ESC ] 0 ; title BEL`,
a right-to-left override). Before such text reaches a terminal every control character
other than newline and tab is shown escaped, so the user sees what came, and nothing acts
on it. `--json` output keeps the exact value: json.dumps escapes control characters itself.
"""

from __future__ import annotations

import re

# C0 controls except tab (09) and newline (0a), DEL, C1 controls, and the bidirectional
# overrides and isolates that reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), never acted on."""
    return _UNSAFE.sub(_escaped, text)
