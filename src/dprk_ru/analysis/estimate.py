"""``estimate``: a contingent's or a scenario's revenue for a year, through the one formula.

A scenario's figure is the sum over its contingents of their terms, each rounded to the
cent (``core.formula``); a dated contingent counts the months of ``year`` it is deployed,
and its bonus if it starts in that year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Protocol

from ..core.dates import month_index, month_text
from ..core.formula import Estimate, Period, evaluate, period, results
from ..core.money import cents_to_usd
from ..core.params import COLUMNS, check_deployed

if TYPE_CHECKING:
    from ..scenarios.contingent import Contingent
    from ..scenarios.scenario import Scenario

#: Columns of a scenario estimate: the ``estimate`` columns with these two in front.
SCENARIO_COLUMNS: Final = ("scenario", "contingent", *COLUMNS)
#: Added after those when a scenario has dated contingents (``projected`` last: added later).
DATED_COLUMNS: Final = ("start", "end", "year", "projected")
#: Added last (later than the others): troops x months counted, summed in a ``total``.
TROOP_MONTHS: Final = "troop_months"
#: The scenario's or contingent's title (``scenarios.titles``), the last column of all.
TITLE: Final = "title"
#: Whether a figure counts months after the data's as-of month: none, some, or only those.
NOT_PROJECTED, PARTLY_PROJECTED, PROJECTED = "no", "partly", "yes"


class AsOf(Protocol):
    """What holds the data's as-of month: a ``Scenario``, or an ``UncertainContingent`` (which
    carries its scenario's)."""

    @property
    def as_of(self) -> str | None: ...


def as_of_month(scenario: AsOf | None = None) -> int:
    """The last month the data describe, as a month index: the scenario's own ``as_of``, else
    the shipped data's (``sources.AS_OF``). Later months are projections."""
    from ..scenarios.sources import AS_OF

    return month_index((scenario.as_of if scenario is not None else None) or AS_OF)


def default_year(scenario: AsOf | None = None) -> int:
    """The year dated contingents are counted in when no ``--year`` is given: the year of
    the data's as-of month (``as_of_month``), never the clock's, so no output changes on
    1 January. Every command that counts a year (estimate, compare, solve, simulate,
    sensitivity, report) asks here, through ``dated_year``."""
    return as_of_month(scenario) // 12


def projection(first: int, last: int, as_of: int) -> str:
    """Whether the months ``first`` to ``last`` (indexes, both included) run past ``as_of``:
    ``no``, ``partly`` or ``yes``."""
    if last <= as_of:
        return NOT_PROJECTED
    return PROJECTED if first > as_of else PARTLY_PROJECTED


def counted_months(c: Contingent, year: int) -> tuple[int, int] | None:
    """The first and last month of ``year`` a dated contingent is deployed (None: none)."""
    assert c.start is not None
    first = max(month_index(c.start), year * 12)
    last = year * 12 + 11 if c.end is None else min(month_index(c.end), year * 12 + 11)
    return (first, last) if first <= last else None


def estimate(contingent: Any = None, /, **params: Any) -> Estimate:
    """Estimate a contingent's yearly revenue to the state.

    Args:
        contingent: the contingent (a ``Contingent`` or ``Inputs``); if omitted, one is built
            (and validated) from ``params``.
        params: field values for a new contingent, e.g. ``troops=10_000``.

    >>> estimate(troops=10_000).total_usd
    Decimal('260000000')
    """
    if contingent is None:
        from ..scenarios.contingent import Contingent

        contingent = Contingent(**params)  # validated: a notebook gets the CLI's checks
        check_deployed(contingent)
    return evaluate(contingent)


class Dated(Protocol):
    """Anything with a contingent's dates: a ``Contingent`` or an ``UncertainContingent``."""

    @property
    def start(self) -> str | None: ...
    @property
    def end(self) -> str | None: ...


def dated_year(
    contingents: Iterable[Dated], year: int | None, as_of: AsOf | None = None
) -> int | None:
    """The year dated contingents are counted in: ``year``, else ``default_year(as_of)``;
    None when no contingent is dated (``--year`` then changes nothing)."""
    if not any(c.start is not None for c in contingents):
        return None
    return default_year(as_of) if year is None else year


def year_period(c: Dated, year: int) -> Period:
    """The part of ``year`` a dated contingent is deployed."""
    assert c.start is not None
    end = None if c.end is None else month_index(c.end)
    return period(month_index(c.start), end, year * 12, year * 12 + 11)


def troop_months(e: Estimate) -> Decimal:
    """A contingent's troops x the months counted (a dated one's in the year), without
    trailing fraction zeros (``6500`` for 1,000 x 6.5, not ``6500.0``)."""
    return whole(e.contingent.troops * e.months)


def whole(value: Decimal) -> Decimal:
    """``value`` without trailing fraction zeros, and never an exponent."""
    return value.quantize(1) if value == value.to_integral_value() else value.normalize()


def contingent_estimate(c: Contingent, year: int | None) -> Estimate:
    """A contingent's estimate: for a dated one, in ``year``; else its own year."""
    if c.start is None or year is None:
        return evaluate(c)
    return evaluate(c, year_period(c, year))


@dataclass(frozen=True)
class ScenarioEstimate:
    """A scenario's estimate: one per contingent, and exact totals (sums of their cents)."""

    scenario: Scenario
    parts: tuple[Estimate, ...]
    year: int | None = None  # the year dated contingents were counted in, if any

    def _projection(self, contingents: tuple[Contingent, ...]) -> str:
        """How far these contingents' months counted in ``year`` run past the as-of month;
        with none deployed in it, how far the year does."""
        assert self.year is not None
        spans = [s for c in contingents if c.start and (s := counted_months(c, self.year))]
        first = min((s[0] for s in spans), default=self.year * 12)
        last = max((s[1] for s in spans), default=self.year * 12 + 11)
        return projection(first, last, as_of_month(self.scenario))

    @property
    def projected(self) -> str | None:
        """``no``, ``partly`` or ``yes``: whether the figure counts months after the as-of
        month (None when nothing is dated)."""
        return None if self.year is None else self._projection(self.scenario.contingents)

    @property
    def troops(self) -> int:
        """The troops deployed: with a year counted, the most deployed at once in one of its
        months (a dated contingent in the months it is deployed, an undated one in all), not
        everyone who passed through; without one, every contingent's (each deployed for its
        year)."""
        everyone = sum(c.troops for c in self.scenario.contingents if c.start is None)
        if self.year is None:
            return everyone
        spans = [(c.troops, counted_months(c, self.year)) for c in self.dated]
        months = range(self.year * 12, self.year * 12 + 12)
        return everyone + max(sum(n for n, s in spans if s and s[0] <= m <= s[1]) for m in months)

    @property
    def troop_months(self) -> Decimal:
        """The sum over the months counted of the troops deployed in each: each contingent's
        troops x its months counted (``months`` for an undated one)."""
        return whole(sum((troop_months(e) for e in self.parts), Decimal(0)))

    @property
    def dated(self) -> tuple[Contingent, ...]:
        """The contingents with dates."""
        return tuple(c for c in self.scenario.contingents if c.start is not None)

    @property
    def undated(self) -> tuple[str, ...]:
        """The names of the contingents without dates (counted for their own year, whatever
        the year)."""
        return tuple(
            c.name or f"contingent-{i + 1}"
            for i, c in enumerate(self.scenario.contingents)
            if c.start is None
        )

    @property
    def first_start(self) -> str | None:
        """The first month any contingent is deployed (None: nothing is dated)."""
        return min((c.start for c in self.dated if c.start), key=month_index, default=None)

    @property
    def last_end(self) -> str | None:
        """The last month any dated contingent is deployed; None when nothing is dated or a
        contingent is still deployed (no ``end``)."""
        ends = [c.end for c in self.dated]
        if not ends or any(e is None for e in ends):
            return None
        return max((e for e in ends if e), key=month_index)

    @property
    def before_first(self) -> bool:
        """Whether the year counted ends before the first month deployed."""
        first = self.first_start
        return self.year is not None and first is not None and self.year < month_index(first) // 12

    @property
    def none_deployed(self) -> bool:
        """Whether the scenario is dated and none of its dated contingents is deployed in
        the year counted (their totals are 0)."""
        return self.year is not None and not any(counted_months(c, self.year) for c in self.dated)

    @property
    def personnel(self) -> str:
        """The kind of personnel of the contingents counted: ``soldiers``, ``workers``, or
        ``mixed`` where kinds mix."""
        kinds = {c.personnel for c in self.scenario.contingents}
        return kinds.pop() if len(kinds) == 1 else "mixed"

    @property
    def cents(self) -> tuple[int, ...]:
        """Each term of ``TERMS``, summed over the contingents, in cents."""
        return tuple(sum(col) for col in zip(*(e.cents for e in self.parts), strict=True))

    @property
    def total_cents(self) -> int:
        return sum(e.total_cents for e in self.parts)

    @property
    def total_usd(self) -> Decimal:
        return cents_to_usd(self.total_cents)

    def records(self) -> list[dict[str, Any]]:
        """One record per contingent, then (with more than one) a ``total`` record.

        A dated contingent's record also says, for the table view, whether its bonus was
        counted in the year (``bonus_counted``, not a column)."""
        name = self.scenario.name
        rows: list[dict[str, Any]] = []
        for i, (c, e) in enumerate(zip(self.scenario.contingents, self.parts, strict=True)):
            label = c.name or f"contingent-{i + 1}"
            row = {"scenario": name, "contingent": label, **e.record()}
            if self.year is not None:
                row.update(start=c.start or "", end=c.end or "", year=self.year if c.start else "",
                           projected=self._projection((c,)) if c.start else "",
                           as_of=month_text(as_of_month(self.scenario)))  # fmt: skip
            if e.period is not None:
                row["bonus_counted"] = e.period.starts
            row[TROOP_MONTHS] = troop_months(e)
            row[TITLE] = c.title or ""
            rows.append(row)
        if len(self.parts) > 1:
            rows.append(
                {
                    "scenario": name,
                    "contingent": "total",
                    "troops": self.troops,
                    **results(self.cents),
                    "personnel": self.personnel,
                    TROOP_MONTHS: self.troop_months,
                    TITLE: "Total",
                    **(
                        {
                            "year": self.year,
                            "projected": self.projected,
                            "as_of": month_text(as_of_month(self.scenario)),
                        }
                        if self.year is not None
                        else {}
                    ),
                }
            )
        return rows

    @property
    def columns(self) -> tuple[str, ...]:
        """The record columns: with dated contingents, ``start``, ``end``, ``year`` and
        ``projected`` after; ``troop_months``, then ``title`` (the contingent's, for
        people; added last so that columns counted by number stay where they were)."""
        dated = DATED_COLUMNS if self.year is not None else ()
        return SCENARIO_COLUMNS + dated + (TROOP_MONTHS, TITLE)


def counted_year(scenario: Scenario, year: int | None) -> int | None:
    """The year a scenario's dated contingents are counted in: ``year``, or
    ``default_year`` (the data's as-of year, never the clock's); None when no contingent is
    dated."""
    return dated_year(scenario.contingents, year, scenario)


def estimate_scenario(scenario: Scenario, year: int | None = None) -> ScenarioEstimate:
    """Estimate each contingent of ``scenario``; a dated contingent counts the months it is
    deployed in ``year`` (default: ``default_year``, the data's as-of year) and its bonus if
    it starts then."""
    counted = counted_year(scenario, year)
    parts = tuple(contingent_estimate(c, counted) for c in scenario.contingents)
    return ScenarioEstimate(scenario, parts, counted)
