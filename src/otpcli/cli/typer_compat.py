"""Option values coerced without pydantic: a workaround of typer's behaviour (its one
sibling, `typer_i18n`, translates typer's own words).

typer (0.24 and later) coerces every option value, defaults included, through a pydantic
`TypeAdapter` it builds on first use (`typer/_coercion.py`, `build_runtime_param`): for a
command like `send` that imports pydantic and builds 14 validators, about 45 ms of every
run, to turn strings into strings, numbers and enum members. otpcli's options are all of
those simple kinds, so each parameter is given, before parsing, a coercer that does the
same checks directly; any other kind keeps typer's own. typer's start-up cost is tracked
upstream in fastapi/typer#744. `tests/cli/test_typer_compat.py` fails when typer stops
importing pydantic to coerce a plain `str` option: delete this module then.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from typer import BadParameter
from typer._coercion import RuntimeParam  # the documented-in-code coercion contract

from otpcli.i18n import N_, _

_NUMBER_NAMES = {int: N_("integer"), float: N_("float")}


@dataclass(frozen=True)
class DirectParam(RuntimeParam):
    """str, int, float (with min/max), bool and Enum values, checked as click would."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.annotation
        if isinstance(kind, type) and issubclass(kind, Enum):
            return _choice(kind, value, ctx, param)
        if kind in _NUMBER_NAMES:
            return _number(kind, value, self.parameter_info, ctx, param)
        if kind is bool and isinstance(value, bool):
            return value
        return value if isinstance(value, str) else str(value)


def supported(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return True
    return annotation in (str, int, float, bool)


def _choice(kind: type[Enum], value: Any, ctx: Any, param: Any) -> Enum:
    if isinstance(value, kind):
        return value
    for member in kind:
        if member.value == value:
            return member
    shown = ", ".join(repr(m.value) for m in kind)
    raise BadParameter(
        _("{value!r} is not one of {choices}.").format(value=value, choices=shown),
        ctx=ctx,
        param=param,
    )


def _number(kind: type[Any], value: Any, info: Any, ctx: Any, param: Any) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise BadParameter(
            _("{value!r} is not a valid {kind}.").format(value=value, kind=_(_NUMBER_NAMES[kind])),
            ctx=ctx,
            param=param,
        ) from None
    low, high = info.min, info.max
    # Written so that NaN is outside any bound (as pydantic has it), and allowed without one.
    if (low is not None and not number >= low) or (high is not None and not number <= high):
        bounds = "".join(
            (
                f"{low:g}<=" if low is not None else "",
                "x",
                f"<={high:g}" if high is not None else "",
            )
        )
        raise BadParameter(
            _("{value!r} is not in the range {bounds}.").format(value=value, bounds=bounds),
            ctx=ctx,
            param=param,
        )
    return number


def install(command: Any, help_names: list[str] | None = None) -> None:
    """Give every parameter of `command` and its built subcommands the direct coercer it can
    use, the help option too (made once per command and kept: it is made here, with the
    names every context of the tree inherits from the root, `help_names` for a command built
    apart from it), whose text is also translated here (click's own is English only: see
    `typer_i18n`)."""
    from otpcli.cli.typer_i18n import HELP_OPTION

    names = help_names or command.context_settings.get("help_option_names", ["--help"])
    shown = _(HELP_OPTION)
    stack = [command]
    while stack:
        current = stack.pop()
        ctx = current.context_class(current, help_option_names=names)
        helper = current.get_help_option(ctx)
        if helper is not None:
            helper.help = shown
        for param in [*current.params, *([helper] if helper is not None else [])]:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and supported(descriptor.annotation):
                param._runtime_param = DirectParam(
                    parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
                )
        children = getattr(current, "commands", {})
        # A lazy mapping (cli.lazy) installs what it builds, as it builds it.
        stack.extend(getattr(children, "built", children).values())
