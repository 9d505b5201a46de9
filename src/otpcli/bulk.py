"""Bulk runs (`--from FILE`): many records, one NDJSON line each on stdout, in input order.

This module turns each command's flags and rows into requests (a `Job` making `Plan`s);
`bulk_runner` paces, orders and writes them. Requests reuse everything single commands use:
the request builders, the retry policy (`AsyncHttpClient`), `interpret()` and the checkers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from otpcli.bulk_runner import Job, Plan, Runner, RunOptions, Tokens
from otpcli.errors import UsageError
from otpcli.records import load_resume, open_source

if TYPE_CHECKING:
    from otpcli.inputs import Phone
    from otpcli.runtime import Runtime

__all__ = ["RunOptions", "trust_send", "verifik_send", "verifik_validate"]


def _value(fields: dict[str, str], column: str, default: str | None) -> str | None:
    # Per-row values override flags; an empty cell means "not given".
    return fields.get(column) or default


def _phone(fields: dict[str, str], default_cc: str | None) -> Phone:
    from otpcli.inputs import parse_phone

    raw = fields.get("phone")
    if not raw:
        raise UsageError("no phone on this row", code="missing_column")
    return parse_phone(raw, _value(fields, "country_code", default_cc))


def _gateway(value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value and value not in allowed:
        raise UsageError(
            f"invalid gateway {value!r}: expected one of {', '.join(allowed)}",
            code="invalid_gateway",
        )
    return value


def _warning(phone: Phone) -> str | None:
    return None if phone.valid else f"{phone.e164} is a possible but not a valid number"


def _default_country(rt: Runtime, flag: str | None) -> str | None:
    from otpcli.inputs import parse_country_code

    value = flag or rt.settings().get("country_code")
    # A bad flag is the whole run's problem: refused before anything is read or sent.
    return parse_country_code(value) if value else None


# Entry points, one per command ------------------------------------------------------------


def verifik_send(
    rt: Runtime,
    run: RunOptions,
    *,
    phone: str | None,
    project: str,
    project_flow: str,
    gateway: str | None,
    type_: str,
    force: bool,
    country_code: str | None,
    token_stdin: bool,
) -> int:
    from otpcli.providers.verifik import check_sent, send_request

    _check_usage(run, phone, stdin_users={"--token-stdin": token_stdin})
    base = rt.settings().url("verifik_url").rstrip("/")
    default_cc = _default_country(rt, country_code)

    def prepare(fields: dict[str, str]) -> Plan:
        number = _phone(fields, default_cc)
        chosen = _gateway(_value(fields, "gateway", gateway), ("sms", "whatsapp"))
        return Plan(
            lambda token: send_request(
                base,
                token,
                number,
                project=project,
                project_flow=project_flow,
                gateway=chosen,
                type_=type_,
                force=force,
            ),
            _warning(number),
        )

    job = Job("verifik", prepare, check_sent, "VERIFIK_TOKEN")
    return _run_verifik(rt, run, job, token_stdin)


def verifik_validate(
    rt: Runtime,
    run: RunOptions,
    *,
    phone: str | None,
    otp: str | None,
    project: str | None,
    project_flow: str | None,
    gateway: str | None,
    country_code: str | None,
    token_stdin: bool,
) -> int:
    from otpcli.commands import common
    from otpcli.inputs import parse_otp
    from otpcli.providers.verifik import check_validated, validate_request

    _check_usage(run, phone, stdin_users={"--token-stdin": token_stdin, "--otp -": otp == "-"})
    base = rt.settings().url("verifik_url").rstrip("/")
    default_cc = _default_country(rt, country_code)
    # A flag code is every row's default; without one, rows need an otp column (no prompt).
    default_otp = common.otp(rt, otp) if otp is not None else None

    def prepare(fields: dict[str, str]) -> Plan:
        number = _phone(fields, default_cc)
        raw = _value(fields, "otp", default_otp)
        if not raw:
            raise UsageError(
                "no otp on this row", code="missing_column", hint="add an otp column, or --otp"
            )
        code = parse_otp(raw)
        chosen = _gateway(_value(fields, "gateway", gateway), ("sms", "whatsapp", "none"))
        return Plan(
            lambda token: validate_request(
                base,
                token,
                number,
                code,
                project=project,
                project_flow=project_flow,
                gateway=chosen,
            ),
            _warning(number),
        )

    job = Job("verifik", prepare, check_validated, "VERIFIK_TOKEN")
    return _run_verifik(rt, run, job, token_stdin)


def _run_verifik(rt: Runtime, run: RunOptions, job: Job, token_stdin: bool) -> int:
    resume = load_resume(run.resume) if run.resume else set()
    tokens = Tokens(rt.verifik_token(token_stdin).secret)
    return Runner(rt, run, job, tokens, open_source(run.source), resume).run()


def trust_send(
    rt: Runtime,
    run: RunOptions,
    *,
    phone: str | None,
    nin: str | None,
    skip_nin_check: bool,
    country_code: str | None,
    token_stdin: bool,
) -> int:
    from otpcli.inputs import parse_rut
    from otpcli.providers.trust import check_created, create_request

    _check_usage(run, phone, stdin_users={"--token-stdin": token_stdin})
    settings = rt.settings()
    base = settings.url("trust_url").rstrip("/")
    default_cc = _default_country(rt, country_code)
    check = not skip_nin_check
    default_nin = parse_rut(nin, check=check) if nin else None

    def prepare(fields: dict[str, str]) -> Plan:
        number = _phone(fields, default_cc)
        raw = _value(fields, "nin", default_nin)
        if not raw:
            raise UsageError(
                "no nin (RUT) on this row", code="missing_column", hint="add a nin column, or --nin"
            )
        rut = parse_rut(raw, check=check)
        return Plan(lambda token: create_request(base, token, number.e164, rut), _warning(number))

    job = Job("trust", prepare, check_created, "TRUST_TOKEN")
    resume = load_resume(run.resume) if run.resume else set()
    stdin_token = rt.stdin_token(token_stdin)
    if rt.dry_run:
        tokens = Tokens("[token]")  # the dry run shows the Trust calls, not Atenea's
    else:
        session = rt.trust_session(stdin_token)
        tokens = Tokens(session.token(), session)
    return Runner(rt, run, job, tokens, open_source(run.source), resume).run()


def _check_usage(run: RunOptions, phone: str | None, *, stdin_users: dict[str, bool]) -> None:
    if phone is not None:
        raise UsageError(
            "PHONE and --from cannot be used together",
            code="conflicting_options",
            hint="put the phone in the file, or drop --from",
        )
    if run.source == "-":
        for option, used in stdin_users.items():
            if used:
                raise UsageError(
                    f"--from - and {option} cannot both read stdin", code="conflicting_options"
                )
    if run.rate is not None and not (run.rate > 0 and run.rate != float("inf")):  # NaN too
        raise UsageError("--rate must be more than 0 requests per second", code="invalid_input")
