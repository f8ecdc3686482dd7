"""Turning option text into validated contingents (shared by every command)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .model import PARAM_BY_NAME, PARAMS

if TYPE_CHECKING:
    from .contingent import Contingent


def option_name(loc: tuple[Any, ...]) -> str:
    """The CLI option for a field location (``monthly_pay_usd`` -> ``--monthly-pay``)."""
    param = PARAM_BY_NAME.get(str(loc[-1])) if loc else None
    return param.option if param else "--" + "-".join(str(p) for p in loc).replace("_", "-")


def parse_options(given: Mapping[str, str | None]) -> dict[str, Decimal | int]:
    """Parse the parameter options that were given (by field name) into values."""
    values: dict[str, Decimal | int] = {}
    for p in PARAMS:
        text = given.get(p.name)
        if text is not None:
            value = p.parse(text)
            values[p.name] = int(value) if p.integer else value
    return values


def contingent(values: Mapping[str, Any], base: Contingent | None = None) -> Contingent:
    """A validated contingent from field values, on top of ``base``; errors name the options."""
    from pydantic import ValidationError

    from .contingent import Contingent, validation_message

    try:
        if base is None:
            return Contingent(**values)
        return base.replace(**values)
    except ValidationError as e:
        raise InputError(validation_message(e, option_name)) from None


def scenario_from_options(ref: str | None, given: Mapping[str, str | None]) -> Any:
    """The scenario named by ``--scenario`` with the given options set on every contingent,
    or, without ``--scenario``, a one-contingent scenario built from the options."""
    from .scenario import Scenario, load_scenario

    values = parse_options(given)
    if ref is None:
        return Scenario(name="options", contingents=(contingent(values),))
    scenario = load_scenario(ref)
    return scenario.override(values) if values else scenario
