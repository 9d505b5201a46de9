"""list and show: what happened to the codes sent ("the customer says no code arrived")."""

from __future__ import annotations

import time
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from otpcli.cli.groups import register as add
from otpcli.cli.options import CountryCode, PhoneArg
from otpcli.i18n import N_, _
from otpcli.inputs import Gateway
from otpcli.report.reporter import View
from otpcli.times import local, parse

if TYPE_CHECKING:
    from otpcli.application import App

HEADERS = (
    N_("Id"),
    N_("Phone"),
    N_("Status"),
    N_("Gateway"),
    N_("Type"),
    N_("Created"),
    N_("Expires"),
)


class Status(StrEnum):
    new = "new"
    sent = "sent"
    validated = "validated"
    failed = "failed"


def list_(
    app: App,
    phone: PhoneArg = None,
    status: Annotated[Status | None, typer.Option("--status", help=_("Only this status."))] = None,
    project: Annotated[
        str | None, typer.Option("--project", metavar="ID", help=_("Only this project's."))
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", metavar="TYPE", help=_("Only this validation type."))
    ] = None,
    gateway: Annotated[
        Gateway | None, typer.Option("--gateway", "-g", help=_("Only codes sent this way."))
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=1, max=100, help=_("Records a page."))
    ] = 20,
    page: Annotated[int, typer.Option("--page", metavar="N", min=1, help=_("Which page."))] = 1,
    every: Annotated[
        bool, typer.Option("--all", help=_("Every page, one after the other (from --page)."))
    ] = False,
    country_code: CountryCode = None,
) -> None:
    from otpcli.commands import common
    from otpcli.operations.fields import phone as parse_phone
    from otpcli.operations.fields import single
    from otpcli.operations.verifik_records import LIST, ListQuery

    number = None
    if phone is not None:
        number = parse_phone(single(phone), common.country_code(app, country_code))
    query = ListQuery(
        page,
        limit,
        status.value if status else None,
        project,  # only when asked: the profile's project would hide manual sends
        type_,
        gateway.value if gateway else None,
        number.country_code if number else None,
        number.national if number else None,
    )
    tokens = app.verifik_tokens(token_stdin=False)
    records: list[dict[str, Any]] = []
    while True:
        answer = app.call(LIST, query, tokens)
        found = answer["data"]
        records += found
        pagination = answer["pagination"]
        if app.reporter.quiet and not app.reporter.json_mode:  # ids as each page arrives
            for record in found:
                app.reporter.value(str(record.get("_id", "")))
        pages = pagination.get("pages")
        more = isinstance(pages, int) and query.page < pages
        if not every or not found or not more:
            break
        query = replace(query, page=query.page + 1)
    if every:
        pagination = {**pagination, "page": page, "pages": pagination.get("pages")}
    _show(app, records, pagination)


def _show(app: App, records: list[dict[str, Any]], pagination: dict[str, Any]) -> None:
    if app.reporter.quiet and not app.reporter.json_mode:
        return  # printed page by page
    if not records and not app.reporter.json_mode:
        app.reporter.status(_("no validations found"))
        return
    newest = sorted(records, key=lambda r: parse(r.get("createdAt")) or 0, reverse=True)
    rows = [_row(record) for record in newest]
    marks = ["red" if _unusable(record) else None for record in newest]
    total = pagination.get("total")
    title = (
        _("Validations ({shown} of {total})").format(shown=len(records), total=total)
        if total is not None
        else _("Validations")
    )
    headers = tuple(_(header) for header in HEADERS)
    body = {"data": records, "pagination": pagination}
    app.reporter.result(View(title, rows, body, headers=headers, marks=marks))


def _expired(record: dict[str, Any]) -> bool:
    expires = parse(record.get("expiresAt"))
    pending = record.get("status") in ("new", "sent")
    return pending and expires is not None and expires < time.time()


def _unusable(record: dict[str, Any]) -> bool:
    return _expired(record) or record.get("status") == "failed"


def _status(record: dict[str, Any]) -> str:
    """The status, and in words, not only in colour (NO_COLOR, a pipe), whether the customer
    could still have used the code."""
    status = str(record.get("status", ""))
    if _expired(record):
        return _("{status} (EXPIRED)").format(status=status)
    return _("FAILED") if status == "failed" else status


def _row(record: dict[str, Any]) -> tuple[Any, ...]:
    status = _status(record)
    return (
        record.get("_id"),
        f"{record.get('countryCode', '')}{record.get('phone', '')}",
        status,
        record.get("phoneGateway"),
        record.get("type"),
        local(record.get("createdAt")),
        local(record.get("expiresAt")),
    )


def show(
    app: App,
    record: Annotated[
        str,
        typer.Argument(help=_("The validation's id (24 hexadecimal characters)."), metavar="ID"),
    ],
) -> None:
    from otpcli.operations.verifik_records import SHOW, record_id

    body = app.call(SHOW, record_id(record), app.verifik_tokens(token_stdin=False))
    data = body["data"]
    rows = [
        (_("Id"), data.get("_id")),
        (_("Status"), _status(data)),
        (_("Phone"), f"{data.get('countryCode', '')}{data.get('phone', '')}"),
        (_("Gateway"), data.get("phoneGateway")),
        (_("Type"), data.get("type")),
        (_("Source"), data.get("source") or "project"),
        (_("Project"), data.get("project")),
        (_("Project flow"), data.get("projectFlow")),
        (_("Created"), local(data.get("createdAt"))),
        (_("Updated"), local(data.get("updatedAt"))),
        (_("Expires"), local(data.get("expiresAt"))),
    ]
    shown = [(name, value) for name, value in rows if value not in (None, "")]
    app.reporter.result(View(_("Validation"), shown, body, quiet=data.get("status")))


def register(app: typer.Typer) -> None:
    add(
        app,
        list_,
        "list",
        help=_(
            "The validations sent, newest first: to PHONE, or filtered by status, project, type."
        ),
    )
    add(
        app,
        show,
        help=_("One validation, every field: where a code went, when, and what became of it."),
    )
