"""GENERATED from ``core/params.PARAMS`` by ``python -m dprk_ru.core.codegen``: do not edit.

The pydantic fields of a contingent, each constrained by its row of the table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..core.params import PARAM_BY_NAME


def param_field(name: str) -> Any:
    """The constraints of a parameter, from its row: range, places, strict integers."""
    p = PARAM_BY_NAME[name]
    if p.integer:
        return Field(strict=True, ge=int(p.low), le=int(p.high))
    if p.low_open:
        return Field(gt=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)
    return Field(ge=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)


class ContingentFields(BaseModel):
    """The parameters of a contingent (soldiers' defaults)."""

    # defer_build: the schema is built on first validation, not at import (start-up).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    troops: Annotated[int, param_field("troops")] = 10000
    monthly_pay_usd: Annotated[Decimal, param_field("monthly_pay_usd")] = Decimal("2000")
    months: Annotated[Decimal, param_field("months")] = Decimal("12")
    bonus_usd: Annotated[Decimal, param_field("bonus_usd")] = Decimal("2000")
    rotations: Annotated[int, param_field("rotations")] = 1
    killed: Annotated[int, param_field("killed")] = 0
    death_payment_usd: Annotated[Decimal, param_field("death_payment_usd")] = Decimal("0")
    pay_share: Annotated[Decimal, param_field("pay_share")] = Decimal("1")
    bonus_share: Annotated[Decimal, param_field("bonus_share")] = Decimal("1")
    death_share: Annotated[Decimal, param_field("death_share")] = Decimal("1")

    @property
    def state_share(self) -> Decimal | None:
        """The value pay_share, bonus_share, death_share have in common, else None."""
        values = (self.pay_share, self.bonus_share, self.death_share)
        return values[0] if all(v == values[0] for v in values) else None
