"""The validated contingent: a pydantic model whose constraints come from ``model.PARAMS``.

Kept apart from ``model`` so that commands which do not validate files (``sweep``) start
without importing pydantic.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .model import BONUS, MONTHLY_PAY, MONTHS, PARAM_BY_NAME, STATE_SHARE, TROOPS, Param


def _field(p: Param) -> Any:
    if p.low_open:
        return Field(gt=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)
    return Field(ge=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)


Troops = Annotated[int, Field(strict=True, ge=int(TROOPS.low), le=int(TROOPS.high))]
Money = Annotated[Decimal, _field(MONTHLY_PAY)]
Months = Annotated[Decimal, _field(MONTHS)]
Bonus = Annotated[Decimal, _field(BONUS)]
Share = Annotated[Decimal, _field(STATE_SHARE)]


class Contingent(BaseModel):
    """A group of soldiers deployed together, on the same terms.

    Args:
        name: optional label, used in scenarios.
        troops: soldiers deployed.
        monthly_pay_usd: pay per soldier per month, USD, to the cent.
        months: months deployed in the year, 0 < months <= 12.
        bonus_usd: enlistment bonus per soldier, paid once a year, USD.
        state_share: the share of pay and bonuses that reaches the state, 0..1.
        assumed: the parameters whose values no source states (our assumptions).
        note: where the numbers come from, in words.
    """

    # defer_build: the schema is built on first validation, not at import (start-up time).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    troops: Troops = int(TROOPS.default)
    monthly_pay_usd: Money = MONTHLY_PAY.default
    months: Months = MONTHS.default
    bonus_usd: Bonus = BONUS.default
    state_share: Share = STATE_SHARE.default
    assumed: tuple[str, ...] = Field(default=(), max_length=len(PARAM_BY_NAME))
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("assumed")
    @classmethod
    def _assumed_are_parameters(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [v for v in value if v not in PARAM_BY_NAME]
        if unknown:
            raise ValueError(
                f"not parameters: {', '.join(unknown)}; known: {', '.join(PARAM_BY_NAME)}"
            )
        return value

    def replace(self, **changes: Any) -> Contingent:
        """A validated copy with some fields changed."""
        return type(self).model_validate({**self.model_dump(exclude_unset=True), **changes})


def validation_message(error: Any, where: Any) -> str:
    """One line for a pydantic ``ValidationError``: each failing field named by ``where(loc)``,
    with what pydantic says and, for a model parameter, its allowed values."""
    parts = []
    for e in error.errors(include_url=False):
        loc = tuple(e.get("loc", ()))
        name = where(loc)
        msg = str(e.get("msg", "invalid value"))
        param = PARAM_BY_NAME.get(str(loc[-1])) if loc else None
        if param is not None and e.get("type") != "extra_forbidden":
            msg = f"{msg} (allowed: {param.allowed()})"
        if e.get("type") == "extra_forbidden":
            msg = "unknown field"
        parts.append(f"{name}: {msg}")
    return "; ".join(parts)


def loc_path(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a field path: ``contingents[1].troops``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "value"
