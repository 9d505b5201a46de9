"""What each record of a bulk run comes to before it is sent: the operation's input, or the
line of a record that needs no request (a bad row, one done in an earlier run, a dry run, a
run already stopped). And the line of a record that failed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from otpcli.bulk import resume, stops
from otpcli.bulk.lines import Item, Result, Tally, abandoned, failed, internal, item, not_attempted
from otpcli.bulk.records import Record, shown_text
from otpcli.errors import OtpcliError
from otpcli.operations.base import PLACEHOLDER_TOKEN

if TYPE_CHECKING:
    from otpcli.application import App
    from otpcli.operations.base import Operation
    from otpcli.operations.fields import Fields

In = TypeVar("In")
UNCOUNTED: Item = {}  # a record the user's stop left unread: counted, given no line


class Outcomes(Generic[In]):
    def __init__(
        self,
        app: App,
        operation: Operation[In, Any],
        prepare: Callable[[Fields], In],
        done: resume.Finished,
        base_url: str,
        tally: Tally,
    ) -> None:
        self.app = app
        self.out = app.reporter
        self.operation = operation
        self.prepare = prepare
        self.done = done
        self.base_url = base_url
        self.tally = tally
        self._seen: Counter[str] = Counter()  # shown input -> records so far (resume keys)

    def not_attempted(self, record: Record, stopped: stops.Stop) -> Result:
        self.tally.not_attempted += 1
        if not stopped.reads_on:
            return "failed", UNCOUNTED
        return "failed", not_attempted(record, stopped.reason)

    def settle(self, record: Record, stopped: stops.Stop | None) -> Result | In:
        """The input to send for a record, or the result of one that needs no request (a
        bad row, one done in an earlier run, a dry run, a run stopped by a rule)."""
        if self.done:
            # Every record counts, as every record of the earlier run has its line there.
            key_text = shown_text(record.shown())
            key = record.key(self._seen[key_text])
            self._seen[key_text] += 1
            if record.problem is None and key in self.done.ok:
                return "skipped", item(record, ok=True, skipped=True)
            if record.problem is None and key in self.done.abandoned:
                return "skipped", abandoned(record, earlier=True)
        if stopped is not None:
            return self.not_attempted(record, stopped)
        if record.problem is not None:
            return self.failed(record, record.problem)
        try:
            given = self.prepare(record.fields)
        except OtpcliError as error:
            return self.failed(record, error)
        except Exception as exc:
            return self.failed(record, internal(exc))
        if self.app.dry_run:
            return "ok", item(record, ok=True, dry_run=True, request=self._shown(given))
        return given

    def _shown(self, given: In) -> dict[str, str]:
        from otpcli.env import TOKEN_VARIABLES
        from otpcli.report.trace import curl_command, full_url

        token = PLACEHOLDER_TOKEN if self.operation.auth else None
        request = self.operation.build(self.base_url, given, token)
        curl = curl_command(request, TOKEN_VARIABLES.get(self.operation.auth or ""))
        return {"method": request.method, "url": full_url(request), "curl": curl}

    def failed(self, record: Record, error: OtpcliError, **extra: Any) -> Result:
        return failed(record, error, self.out.secrets.message, **extra)
