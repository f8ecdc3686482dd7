"""The validated contingent: a pydantic model whose constraints come from ``core.params``.

Kept apart from ``model`` so that commands which do not validate files (``sweep``) start
without importing pydantic.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..core.dates import month_index
from ..core.params import (
    BONUS,
    DEATH_PAYMENT,
    KILLED,
    MONTHLY_PAY,
    MONTHS,
    PARAM_BY_NAME,
    ROTATIONS,
    STATE_SHARE,
    TROOPS,
    Param,
)


def _field(p: Param) -> Any:
    if p.low_open:
        return Field(gt=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)
    return Field(ge=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)


Troops = Annotated[int, Field(strict=True, ge=int(TROOPS.low), le=int(TROOPS.high))]
Money = Annotated[Decimal, _field(MONTHLY_PAY)]
Months = Annotated[Decimal, _field(MONTHS)]
Bonus = Annotated[Decimal, _field(BONUS)]
Share = Annotated[Decimal, _field(STATE_SHARE)]
Rotations = Annotated[int, Field(strict=True, ge=int(ROTATIONS.low), le=int(ROTATIONS.high))]
Killed = Annotated[int, Field(strict=True, ge=int(KILLED.low), le=int(KILLED.high))]
DeathPayment = Annotated[Decimal, _field(DEATH_PAYMENT)]


#: Fields of a dated contingent, beside the parameters.
DATED_FIELDS = ("start", "end")


class Contingent(BaseModel):
    """A group of soldiers deployed together, on the same terms.

    Args:
        name: optional label, used in scenarios.
        troops: soldiers deployed.
        monthly_pay_usd: pay per soldier per month, USD, to the cent.
        months: months deployed in the year, 0 < months <= 12.
        bonus_usd: enlistment bonus per soldier, paid once a year, USD.
        state_share: the share of pay and bonuses that reaches the state, 0..1.
        rotations: times a year the contingent is replaced, each new soldier paid the bonus.
        killed: soldiers killed in the year.
        death_payment_usd: compensation per soldier killed, USD.
        start: first month deployed, ``YYYY-MM`` (a dated contingent).
        end: last month deployed, inclusive; None while still deployed.
        assumed: the fields whose values no source states (our assumptions).
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
    rotations: Rotations = int(ROTATIONS.default)
    killed: Killed = int(KILLED.default)
    death_payment_usd: DeathPayment = DEATH_PAYMENT.default
    start: str | None = Field(default=None, max_length=7)
    end: str | None = Field(default=None, max_length=7)
    assumed: tuple[str, ...] = Field(default=(), max_length=20)
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("assumed")
    @classmethod
    def _assumed_are_fields(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = (*PARAM_BY_NAME, *DATED_FIELDS)
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"not fields: {', '.join(unknown)}; known: {', '.join(known)}")
        return value

    @field_validator("start", "end")
    @classmethod
    def _is_month(cls, value: str | None) -> str | None:
        if value is not None:
            month_index(value)  # ValueError with the expected form
        return value

    @model_validator(mode="after")
    def _dates_consistent(self) -> Contingent:
        if self.start is None and self.end is not None:
            raise ValueError("a contingent with an end must also give its start")
        if self.start is not None and "months" in self.model_fields_set:
            raise ValueError(
                "a contingent with dates (start/end) must not also give months: its months "
                "are counted from the dates"
            )
        if self.start and self.end and month_index(self.end) < month_index(self.start):
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def dated(self) -> bool:
        """Whether it carries dates (and so is followed month by month)."""
        return self.start is not None

    def replace(self, **changes: Any) -> Contingent:
        """A validated copy with some fields changed."""
        return type(self).model_validate({**self.model_dump(exclude_unset=True), **changes})


def validation_message(error: Any, where: Any) -> str:
    """One line for a pydantic ``ValidationError``: each failing field named by ``where(loc)``,
    with what pydantic says and, for a model parameter, its allowed values."""
    parts = []
    for e in error.errors(include_url=False):
        loc = tuple(e.get("loc", ()))
        msg = str(e.get("msg", "invalid value")).removeprefix("Value error, ")
        param = PARAM_BY_NAME.get(str(loc[-1])) if loc else None
        if param is not None and e.get("type") != "extra_forbidden":
            msg = f"{msg} (allowed: {param.allowed()})"
        if e.get("type") == "extra_forbidden":
            msg = "unknown field"
        parts.append(f"{where(loc)}: {msg}" if loc else msg)
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
