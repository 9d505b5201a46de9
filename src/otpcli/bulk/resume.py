"""`--resume RESULTS.ndjson`: which records an earlier run already finished.

Records are matched on their shown input and how many records before them showed the same,
never on line numbers, so editing comments or blank lines in the input is safe. Only keys
are kept (not whole lines), so a resume set is small next to the input.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field

from otpcli.bulk.records import input_key, shown_text
from otpcli.errors import UsageError
from otpcli.files import os_reason
from otpcli.i18n import _

ABANDONED = "abandoned"


@dataclass
class Finished:
    """Keys of the records an earlier run reported ok, and of those it abandoned in flight
    (a second Ctrl-C: they may have been sent, so they are not sent again by default)."""

    ok: set[int] = field(default_factory=set)
    abandoned: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.ok or self.abandoned)


def load(path: str, *, retry_abandoned: bool = False) -> Finished:
    """What `path`, an earlier run's NDJSON results, says is done.

    A file with no result line in it (the input file given by mistake, say) is refused:
    resuming from it would quietly send every record again.
    """
    _refuse_truncated_stdout(path)
    done = Finished()
    seen: Counter[str] = Counter()
    results = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as lines:
            for text in lines:
                try:
                    item = json.loads(text)
                except ValueError:
                    continue  # a line cut short by a killed run: its record is not known ok
                shown = item.get("input") if isinstance(item, dict) else None
                if not isinstance(shown, dict) or "ok" not in item:
                    continue
                results += 1
                key_text = shown_text(shown)
                key = input_key(key_text, seen[key_text])
                seen[key_text] += 1
                if item.get("dry_run"):
                    continue
                if item["ok"] is True:
                    done.ok.add(key)
                elif _abandoned(item) and not retry_abandoned:
                    done.abandoned.add(key)
    except OSError as exc:
        raise UsageError(
            _("cannot read --resume {file}: {reason}").format(file=path, reason=os_reason(exc)),
            code="unreadable_input",
        ) from None
    if not results:
        raise UsageError(
            _("--resume {file} holds no result lines of an earlier run").format(file=path),
            code="resume_has_no_results",
            hint=_("give the NDJSON that an earlier `--from` run wrote to stdout"),
        )
    return done


def _abandoned(item: dict[str, object]) -> bool:
    error = item.get("error")
    return isinstance(error, dict) and error.get("code") == ABANDONED


def _refuse_truncated_stdout(path: str) -> None:
    """`--resume out.ndjson > out.ndjson`: the shell emptied the file before otpcli started.

    Going on would send every record again, so it is refused; `>>` (append) is fine.
    """
    if os.name != "posix":
        return
    import fcntl

    try:
        out = os.fstat(sys.stdout.fileno())
        same = os.path.samestat(out, os.stat(path))
        appending = bool(fcntl.fcntl(sys.stdout.fileno(), fcntl.F_GETFL) & os.O_APPEND)
    except (OSError, ValueError, AttributeError):
        return
    if same and not appending:
        raise UsageError(
            _(
                "--resume {file} is also where stdout goes, and the shell emptied it before"
                " otpcli could read it"
            ).format(file=path),
            code="resume_is_output",
            hint=_("write each run's results to a new file, or append with >>"),
        )
