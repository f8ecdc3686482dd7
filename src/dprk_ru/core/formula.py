"""THE formula: what a contingent earns the state, term by term, in exact cents.

    total = troops x monthly pay x months x pay share            (pay)
          + troops x bonus x rotations x bonus share             (bonus)
          + killed x death payment x death share                 (death)

(``--state-share`` sets the three shares at once: it is an option, not a factor.)

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
from typing import Any, Final, Literal

from .money import cents_to_usd, fmt_human, normalized, usd
from .params import COLUMNS, PARAM_BY_NAME, Values, common


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

    def describe(self, v: Values, when: Period | None = None, year: int | None = None) -> str:
        """The term in words with the numbers put in (``10,000 soldiers x $2,000 a month x 12
        months``): the one wording of the formula, for tables, ``explain`` and briefs.
        ``year`` names a dated contingent's period (``v`` then has ``start``)."""
        start, end = getattr(v, "start", None), getattr(v, "end", None)
        if not self.counted(when) and self.accrues != "at_start":
            span = f" (deployed {start} to {end})" if end else f" (deployed from {start})"
            return f"not deployed in {year}{span if start else ''}" if year else "not deployed"
        if not self.counted(when):
            return f"no bonus in {year}: deployed from {start}" if year else "no bonus counted"
        words = []
        for f in self.factors:
            p = PARAM_BY_NAME[f]
            value = in_period(f, getattr(v, f), when)
            if p.omit is not None and value == p.omit:
                continue
            text = value_words(f, value).format(personnel=personnel_word(v.personnel))
            if f == "months" and when is not None and year:
                text += f" in {year}"
            words.append(text)
        if when is not None and self.accrues == "per_year":
            words.append(f"{when.months}/12 of a year")
        return " x ".join(words)

    def counted(self, when: Period | None) -> bool:
        """Whether a dated contingent's ``when`` counts this term at all (a bonus only in
        the period its deployment starts in; nothing in a period it is not deployed in)."""
        if when is None:
            return True
        return when.starts if self.accrues == "at_start" else bool(when.months)


def personnel_word(personnel: str) -> str:
    """What a count of this kind of personnel is called: ``soldiers``, ``workers``, else
    ``personnel`` (a total over kinds)."""
    return personnel if personnel in ("soldiers", "workers") else "personnel"


def value_words(name: str, value: Decimal | int) -> str:
    """A factor's value as its words say it (``$2,000 a month``, ``80% of pay to the
    state``); ``{personnel}`` is left in for the count's kind."""
    p = PARAM_BY_NAME[name]
    if p.money:
        text = f"${fmt_human(usd(Decimal(value)))}"
    elif p.unit == "fraction":
        text = f"{fmt_human(normalized(Decimal(value) * 100))}%"
    else:
        text = fmt_human(normalized(Decimal(value)) if isinstance(value, Decimal) else value)
    return p.words.replace("{}", text, 1)


#: The formula's terms, in column order. A new parameter is a factor of one of them.
TERMS: Final[tuple[Term, ...]] = (
    Term("pay", "pay_total_usd", "Pay",
         ("troops", "monthly_pay_usd", "months", "pay_share"), "monthly"),
    Term("bonus", "bonus_total_usd", "Bonuses",
         ("troops", "bonus_usd", "rotations", "bonus_share"), "at_start"),
    Term("death", "death_total_usd", "Death payments",
         ("killed", "death_payment_usd", "death_share"), "per_year"),
)  # fmt: skip
#: The result columns: each term's, and the total.
RESULT_COLUMNS: Final = (*(t.column for t in TERMS), "total_usd")


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


def terms_in_cents(v: Values, when: Period | None = None) -> tuple[int, ...]:
    """Each term in cents, rounded once, half up."""
    return tuple((2 * n + d) // (2 * d) for n, d in exact_terms(v, when))


@dataclass(frozen=True)
class Estimate:
    """What one contingent earns the state (in a year, or in a ``period``), in exact cents.

    Args:
        contingent: the inputs.
        cents: each term of ``TERMS`` in cents, the exact product rounded once, half up.
        period: for a dated contingent, the period counted (its months replace ``months``).
    """

    contingent: Values
    cents: tuple[int, ...]
    period: Period | None = None

    @property
    def total_cents(self) -> int:
        return sum(self.cents)

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
        money = results(self.cents)
        row: dict[str, Any] = {}
        for name in COLUMNS:
            p = PARAM_BY_NAME.get(name)
            if p is None:
                row[name] = money.get(name, c.personnel if name == "personnel" else None)
                continue
            if p.shorthand:  # the value its parameters share, empty where they differ
                value = common([getattr(c, t) for t in p.shorthand])
                row[name] = None if value is None else normalized(value)
            elif name == "months":
                row[name] = normalized(self.months)
            else:
                value = getattr(c, name)
                row[name] = usd(value) if p.money else value if p.integer else normalized(value)
        return row


def results(cents: tuple[int, ...]) -> dict[str, Any]:
    """Each term's column and ``total_usd`` for terms in cents, in dollars."""
    out: dict[str, Any] = {t.column: cents_to_usd(c) for t, c in zip(TERMS, cents, strict=True)}
    out["total_usd"] = cents_to_usd(sum(cents))
    return out


def evaluate(v: Values, when: Period | None = None) -> Estimate:
    """The formula for one contingent: its terms in exact cents (for a ``Period`` if given).

    >>> from dprk_ru.core.params import Inputs
    >>> evaluate(Inputs()).total_usd
    Decimal('260000000')
    """
    return Estimate(v, terms_in_cents(v, when), when)
