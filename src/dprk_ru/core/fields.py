"""GENERATED from ``core/params.PARAMS`` by ``python -m dprk_ru.core.codegen``: do not edit.

``Values`` is what the formula reads; ``Inputs`` holds checked values without pydantic
(what the CLI builds from options already checked by ``Param.parse``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class Values(Protocol):
    """A value for every factor of the formula, and the kind of personnel."""

    @property
    def troops(self) -> int: ...

    @property
    def monthly_pay_usd(self) -> Decimal: ...

    @property
    def months(self) -> Decimal: ...

    @property
    def bonus_usd(self) -> Decimal: ...

    @property
    def rotations(self) -> int: ...

    @property
    def killed(self) -> int: ...

    @property
    def death_payment_usd(self) -> Decimal: ...

    @property
    def pay_share(self) -> Decimal: ...

    @property
    def bonus_share(self) -> Decimal: ...

    @property
    def death_share(self) -> Decimal: ...

    @property
    def personnel(self) -> str: ...


@dataclass(frozen=True)
class Inputs:
    """Checked values of one contingent (soldiers' defaults; ``params.inputs`` fills
    the defaults of another kind of personnel and expands shorthands)."""

    troops: int = 10000
    monthly_pay_usd: Decimal = Decimal("2000")
    months: Decimal = Decimal("12")
    bonus_usd: Decimal = Decimal("2000")
    rotations: int = 1
    killed: int = 0
    death_payment_usd: Decimal = Decimal("0")
    pay_share: Decimal = Decimal("1")
    bonus_share: Decimal = Decimal("1")
    death_share: Decimal = Decimal("1")
    personnel: str = "soldiers"

    @property
    def state_share(self) -> Decimal | None:
        """The value pay_share, bonus_share, death_share have in common, else None."""
        values = (self.pay_share, self.bonus_share, self.death_share)
        return values[0] if all(v == values[0] for v in values) else None
