"""Turning parameter option text into values (shared by every command)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..core.money import fmt_human
from ..core.numbers import read
from ..core.params import PARAM_BY_NAME, PARAMS
from ..errors import InputError


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
            values[p.name] = p.typed(p.parse(text))
    return values


def parse_count(text: str, where: str, low: int, high: int | None = None) -> int:
    """A whole number such as ``--samples``' from ``low`` to ``high``, in the grammar of
    ``core.numbers`` (``+5`` is 5; Python's ``int`` would also take ``1_000`` and ``١٠``)."""
    allowed = (
        f"a whole number from {fmt_human(low)} to {fmt_human(high)}"
        if high is not None
        else f"a whole number of at least {fmt_human(low)}"
    )
    value = int(read(text, where, allowed, integer=True).value)
    if value < low or (high is not None and value > high):
        raise InputError(f"{where}: expected {allowed}, got {text!r}")
    return value
