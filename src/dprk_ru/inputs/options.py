"""Turning parameter option text into values (shared by every command)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..core.params import PARAM_BY_NAME, PARAMS


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
