"""THE formula: what a contingent earns the state, term by term, in exact cents.

    total = troops x monthly pay x months x state share          (pay)
          + troops x bonus x rotations x state share             (bonus)
          + killed x death payment x state share                 (death)

Each term is the exact product of its factors (decimal inputs, so an exact rational
number), rounded once, half up, to the cent; the total is the sum of the rounded terms,
so the components always add up to the total. Every command computes through
``evaluate`` (or through a fast path that a property test shows equal to it).

A dated contingent counts a ``Period``: the months it is deployed in it replace ``months``,
its bonus falls in the period it starts in, and deaths (``killed`` per twelve months
deployed) accrue a twelfth a month. A scenario's figure is the sum of its contingents'
rounded terms: the one rounding rule every command follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal, Protocol

from .money import cents_to_usd, plain, usd


class Values(Protocol):
    """What the formula reads: a value for every parameter of ``params.PARAMS``."""

    @property
    def troops(self) -> int: ...
    @property
    def monthly_pay_usd(self) -> Decimal: ...
    @property
    def months(self) -> Decimal: ...
    @property
    def bonus_usd(self) -> Decimal: ...
    @property
    def state_share(self) -> Decimal: ...
    @property
    def rotations(self) -> int: ...
    @property
    def killed(self) -> int: ...
    @property
    def death_payment_usd(self) -> Decimal: ...


@dataclass(frozen=True)
class Term:
    """One term of the formula: the product of some parameters.

    Args:
        name: short name (``pay``).
        column: its result column (``pay_total_usd``).
        label: a human label ("Pay").
        factors: the parameters it multiplies, by field name.
        accrues: for a dated contingent, ``monthly`` (``months`` becomes the months deployed
            in the period), ``at_start`` (counted in the period the deployment starts in) or
            ``per_year`` (scaled by months deployed / 12).
    """

    name: str
    column: str
    label: str
    factors: tuple[str, ...]
    accrues: Literal["monthly", "at_start", "per_year"]


#: The formula's terms, in column order. A new parameter is a factor of one of them.
TERMS: Final[tuple[Term, ...]] = (
    Term("pay", "pay_total_usd", "Pay",
         ("troops", "monthly_pay_usd", "months", "state_share"), "monthly"),
    Term("bonus", "bonus_total_usd", "Bonuses",
         ("troops", "bonus_usd", "rotations", "state_share"), "at_start"),
    Term("death", "death_total_usd", "Death payments",
         ("killed", "death_payment_usd", "state_share"), "per_year"),
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    """The part of a dated contingent's deployment that a figure counts.

    Args:
        months: months it is deployed within the period.
        starts: whether its deployment starts within the period (its bonus falls there).
    """

    months: int
    starts: bool


def period(start: int, end: int | None, first: int, last: int) -> Period:
    """The period from month ``first`` to ``last`` (month indexes, both included) of a
    deployment from ``start`` to ``end`` (None: still deployed)."""
    lo, hi = max(start, first), last if end is None else min(end, last)
    return Period(max(0, hi - lo + 1), first <= start <= last)


def in_period(factor: str, value: Any, when: Period | None) -> Any:
    """A factor's value in ``when``: the months deployed in the period replace ``months``."""
    return when.months if when is not None and factor == "months" else value


def accrual(term: Term, when: Period | None) -> tuple[int, int]:
    """The part of ``term`` a dated contingent counts in ``when``, as a fraction: its bonus
    only in the period it starts in, its deaths months / 12 (1 without a period)."""
    if when is not None and term.accrues == "at_start":
        return (1 if when.starts else 0), 1
    if when is not None and term.accrues == "per_year":
        return when.months, 12
    return 1, 1


def exact_terms(v: Values, when: Period | None = None) -> tuple[tuple[int, int], ...]:
    """Each term of ``TERMS`` as an exact fraction of cents, ``(numerator, denominator)``."""
    out = []
    for term in TERMS:
        num, den = accrual(term, when)
        num *= 100
        for f in term.factors:
            a, b = in_period(f, getattr(v, f), when).as_integer_ratio()
            num *= a
            den *= b
        out.append((num, den))
    return tuple(out)


def term_cents(v: Values, when: Period | None = None) -> tuple[int, ...]:
    """Each term in cents, rounded once, half up."""
    return tuple((2 * n + d) // (2 * d) for n, d in exact_terms(v, when))


@dataclass(frozen=True)
class Estimate:
    """What one contingent earns the state (in a year, or in a ``period``), in exact cents.

    Args:
        contingent: the inputs.
        pay_total_cents: troops x monthly pay x months x state share, rounded half up.
        bonus_total_cents: troops x bonus x rotations x state share, rounded likewise.
        death_total_cents: killed x death payment x state share, rounded likewise.
        period: for a dated contingent, the period counted (its months replace ``months``).
    """

    contingent: Values
    pay_total_cents: int
    bonus_total_cents: int
    death_total_cents: int = 0
    period: Period | None = None

    @property
    def cents(self) -> tuple[int, ...]:
        """The terms' cents, in ``TERMS`` order."""
        return (self.pay_total_cents, self.bonus_total_cents, self.death_total_cents)

    @property
    def total_cents(self) -> int:
        return self.pay_total_cents + self.bonus_total_cents + self.death_total_cents

    @property
    def death_total_usd(self) -> Decimal:
        return cents_to_usd(self.death_total_cents)

    @property
    def pay_total_usd(self) -> Decimal:
        return cents_to_usd(self.pay_total_cents)

    @property
    def bonus_total_usd(self) -> Decimal:
        return cents_to_usd(self.bonus_total_cents)

    @property
    def total_usd(self) -> Decimal:
        return cents_to_usd(self.total_cents)

    @property
    def months(self) -> Decimal:
        """The months counted: the period's for a dated contingent, else its own."""
        return self.contingent.months if self.period is None else Decimal(self.period.months)

    def record(self) -> dict[str, Any]:
        """The estimate as one record with the ``COLUMNS`` keys; money as Decimal."""
        c = self.contingent
        return {
            "troops": c.troops,
            "monthly_pay_usd": usd(c.monthly_pay_usd),
            "months": plain(self.months),
            "bonus_usd": usd(c.bonus_usd),
            "state_share": plain(c.state_share),
            "pay_total_usd": self.pay_total_usd,
            "bonus_total_usd": self.bonus_total_usd,
            "total_usd": self.total_usd,
            "rotations": c.rotations,
            "killed": c.killed,
            "death_payment_usd": usd(c.death_payment_usd),
            "death_total_usd": self.death_total_usd,
        }


def evaluate(v: Values, when: Period | None = None) -> Estimate:
    """The formula for one contingent: its terms in exact cents (for a ``Period`` if given).

    >>> from dprk_ru.core.params import Inputs
    >>> evaluate(Inputs()).total_usd
    Decimal('260000000')
    """
    pay, bonus, death = term_cents(v, when)
    return Estimate(v, pay, bonus, death, when)
