"""Dated deployments followed month by month, with revenue to date.

A dated contingent earns ``troops x monthly_pay_usd x state_share`` in each month it is
deployed (``start`` to ``end``, both included), its bonus, ``troops x bonus_usd x rotations
x state_share``, in its first month, and death payments for ``killed`` per twelve months,
one twelfth a month. Money is exact: the running totals are kept exact, the
cumulative figures are rounded half up to the cent, and each month's amounts are the
differences of rounded cumulatives, so the rows always sum to the cumulative and twelve
months give what ``estimate`` gives, to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from .dates import month_index, month_text
from .errors import InputError
from .model import Estimate, cents_to_usd, exact_cents, half_up

if TYPE_CHECKING:
    from .contingent import Contingent
    from .scenario import Scenario

#: Columns of ``timeline``.
TIMELINE_COLUMNS: Final = (
    "month", "troops", "pay_total_usd", "bonus_total_usd", "total_usd", "cumulative_usd",
    "death_total_usd",
)  # fmt: skip
#: Longest timeline (months).
MAX_MONTHS: Final = 1200


def span(c: Contingent) -> tuple[int, int | None]:
    """First and last month (inclusive; None: still deployed) of a dated contingent."""
    assert c.start is not None
    return month_index(c.start), None if c.end is None else month_index(c.end)


def deployed(c: Contingent, month: int) -> bool:
    first, last = span(c)
    return first <= month and (last is None or month <= last)


def months_in_year(c: Contingent, year: int) -> int:
    """How many months of ``year`` a dated contingent is deployed."""
    return sum(deployed(c, year * 12 + m) for m in range(12))


def annual_estimate(c: Contingent, year: int) -> Estimate:
    """A dated contingent's revenue in ``year``: pay for its months deployed in that year, its
    bonus (x rotations) if it starts in that year, and death payments for ``killed`` per
    twelve months deployed, spread evenly over the deployed months."""
    from .contingent import Contingent as Model

    n = months_in_year(c, year)
    starts = span(c)[0] // 12 == year
    pay = exact_cents(c.troops, c.monthly_pay_usd, n, c.state_share)
    bonus = exact_cents(c.troops, c.bonus_usd, c.rotations, c.state_share) if starts else 0
    death = exact_cents(c.killed, c.death_payment_usd, c.state_share, Fraction(n, 12))
    shown = Model.model_construct(**{**dict(c), "months": Decimal(n)})
    return Estimate(shown, pay, bonus, death)


def _round_half_up(value: Fraction) -> int:
    return half_up(value.numerator, value.denominator)


def timeline(
    scenario: Scenario, first: int | None = None, last: int | None = None
) -> list[dict[str, Any]]:
    """One record per month from ``first`` to ``last`` (month indexes, both included).

    Args:
        scenario: contingents with dates (undated ones are refused).
        first: the first month; default the earliest start.
        last: the last month; default the current month.
    """
    from .dates import this_month

    dated = [c for c in scenario.contingents if c.dated]
    undated = [c.name or str(i) for i, c in enumerate(scenario.contingents) if not c.dated]
    if undated:
        raise InputError(
            f"{scenario.name}: timeline needs dates; contingent(s) without start: "
            f"{', '.join(undated)}"
        )
    first = min(span(c)[0] for c in dated) if first is None else first
    last = this_month() if last is None else last
    if first > last:
        raise InputError(f"--from {month_text(first)} is after --to {month_text(last)}")
    if last - first + 1 > MAX_MONTHS:
        raise InputError(f"--from/--to: at most {MAX_MONTHS} months, got {last - first + 1}")
    pay_exact, bonus_exact, death_exact = Fraction(0), Fraction(0), Fraction(0)
    pay_cents, bonus_cents, death_cents = 0, 0, 0
    rows = []
    for month in range(first, last + 1):
        troops = 0
        for c in dated:
            if not deployed(c, month):
                continue
            troops += c.troops
            share = Fraction(c.state_share)
            pay_exact += c.troops * Fraction(c.monthly_pay_usd) * share * 100
            if span(c)[0] == month:
                bonus_exact += c.troops * Fraction(c.bonus_usd) * c.rotations * share * 100
            death_exact += c.killed * Fraction(c.death_payment_usd) * share * 100 / 12
        pay_now, bonus_now = _round_half_up(pay_exact), _round_half_up(bonus_exact)
        death_now = _round_half_up(death_exact)
        pay, bonus, death = pay_now - pay_cents, bonus_now - bonus_cents, death_now - death_cents
        pay_cents, bonus_cents, death_cents = pay_now, bonus_now, death_now
        rows.append(
            {
                "month": month_text(month),
                "troops": troops,
                "pay_total_usd": cents_to_usd(pay),
                "bonus_total_usd": cents_to_usd(bonus),
                "total_usd": cents_to_usd(pay + bonus + death),
                "cumulative_usd": cents_to_usd(pay_cents + bonus_cents + death_cents),
                "death_total_usd": cents_to_usd(death),
            }
        )
    return rows


def starts(scenario: Scenario) -> dict[str, str]:
    """Each deployment start month with the contingents starting then (for charts)."""
    out: dict[str, list[str]] = {}
    for i, c in enumerate(scenario.contingents):
        if c.start:
            out.setdefault(c.start, []).append(c.name or f"contingent-{i + 1}")
    return {m: ", ".join(names) for m, names in sorted(out.items())}


def dated_names(contingents: Sequence[Contingent]) -> list[str]:
    return [c.name or "" for c in contingents if c.dated]
