"""Helpers the commands share: reading phones and codes the same way everywhere."""

from __future__ import annotations

from otpcli.errors import UsageError
from otpcli.inputs import Phone, parse_otp, parse_phone
from otpcli.runtime import Runtime


def phone(rt: Runtime, raw: str | None, country_code: str | None) -> Phone:
    if raw is None:
        raise UsageError("missing PHONE argument", code="missing_argument")
    default_cc = country_code or rt.settings().get("country_code")
    parsed = parse_phone(raw, default_cc)
    if not parsed.valid:
        rt.out.warn(f"{parsed.e164} is a possible but not a valid number; sending anyway")
    return parsed


def otp(rt: Runtime, raw: str | None, prompt: str = "Code") -> str:
    code = _read_otp(rt, raw, prompt)
    rt.out.codes.append(code)
    return code


def _read_otp(rt: Runtime, raw: str | None, prompt: str) -> str:
    if raw == "-":
        return parse_otp(rt.read_stdin("--otp -"))
    if raw is not None:
        return parse_otp(raw)
    if not rt.interactive:
        raise UsageError(
            "missing --otp",
            code="missing_argument",
            hint="pass --otp CODE, or --otp - to read stdin",
        )
    import typer

    from otpcli.errors import UsageError as InvalidCode

    for attempt in range(3):  # a typo at the prompt deserves another go, not an exit
        try:
            return parse_otp(typer.prompt(prompt, hide_input=True))
        except InvalidCode as exc:
            if attempt == 2:
                raise
            rt.out.warn(exc.message)
    raise AssertionError("unreachable")
