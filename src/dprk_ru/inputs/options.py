"""Turning parameter option text into values (shared by every command)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..core.money import fmt_human, leading_zero, leading_zero_error
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
    """A whole number such as ``--samples``' from ``low`` to ``high``: ASCII digits only, as
    every number here (Python's ``int`` would take ``1_000``, ``+5`` and ``١٠``)."""
    s = text.strip()
    allowed = (
        f"a whole number from {fmt_human(low)} to {fmt_human(high)}"
        if high is not None
        else f"a whole number of at least {fmt_human(low)}"
    )
    if s.isascii() and s.isdigit() and leading_zero(s):
        raise InputError(leading_zero_error(where, text))
    if not (s.isascii() and s.isdigit()) or int(s) < low or (high is not None and int(s) > high):
        raise InputError(f"{where}: expected {allowed}, got {text!r}")
    return int(s)
