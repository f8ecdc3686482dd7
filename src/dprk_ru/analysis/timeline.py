"""``timeline``: dated deployments followed month by month, with revenue to date.

A dated contingent earns, through the one formula (``core.formula``), pay for each month
deployed, its bonus in its first month, and deaths (``killed`` per twelve months) a twelfth
a month. Rounding follows ``estimate --year``: for each contingent and term, the amount
from January to the month is rounded half up to the cent, and a month's amount is the
difference from the month before. So a year's twelve rows sum to ``estimate --year`` to
the cent, and a month's amount does not depend on ``--from``. ``cumulative_usd`` is the
revenue to date: the running sum of every month from the first month any contingent is
deployed (``deployed_from``), whatever ``--from`` shows (``--from`` only hides earlier rows).

The timeline ends by default at the scenario's as-of month (its ``as_of``, else the shipped
data's ``sources.AS_OF``), never at the clock's; later months, asked for with ``--to``, are
marked ``projected``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ..core.dates import month_index, month_text
from ..core.formula import TERMS, period, results, terms_in_cents
from ..core.money import cents_to_usd
from ..errors import InputError, Named

if TYPE_CHECKING:
    from ..scenarios.contingent import Contingent
    from ..scenarios.scenario import Scenario

#: Columns of ``timeline``.
TIMELINE_COLUMNS: Final = (
    "month", "troops", "pay_total_usd", "bonus_total_usd", "total_usd", "cumulative_usd",
    "death_total_usd", "projected",
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


def year_to_month(c: Contingent, month: int) -> tuple[int, ...]:
    """A contingent's terms in cents from January of ``month``'s year to ``month``."""
    start, end = span(c)
    return terms_in_cents(c, period(start, end, month - month % 12, month))


def deployed_from(scenario: Scenario) -> int | None:
    """The first month any contingent of ``scenario`` is deployed (its earliest start), from
    which ``cumulative_usd`` counts; None when nothing is dated."""
    return min((span(c)[0] for c in scenario.contingents if c.start is not None), default=None)


def to_date(c: Contingent, month: int) -> int:
    """A dated contingent's revenue in cents from its start to ``month`` (included): each
    whole year's terms, and this year's from January, each rounded as ``estimate --year``
    rounds them (so it is the sum of the contingent's monthly rows)."""
    first = span(c)[0]
    if month < first:
        return 0
    years = range(first // 12, month // 12)
    return sum(sum(year_to_month(c, y * 12 + 11)) for y in years) + sum(year_to_month(c, month))


def timeline(
    scenario: Scenario, first: int | None = None, last: int | None = None
) -> list[dict[str, Any]]:
    """One record per month from ``first`` to ``last`` (month indexes, both included), with
    the revenue to date counted from the first month deployed (``deployed_from``), whatever
    ``first`` is.

    Args:
        scenario: contingents with dates (undated ones are refused).
        first: the first month shown; default the earliest start.
        last: the last month; default the scenario's as-of month. Months after that are
            marked ``projected``.
    """
    dated = [c for c in scenario.contingents if c.start is not None]
    undated = [c.name or str(i) for i, c in enumerate(scenario.contingents) if c.start is None]
    if undated:
        raise InputError(
            f"{scenario.name}: timeline needs dates; contingent(s) without start: "
            f"{', '.join(undated)}"
        )
    from .estimate import as_of_month

    as_of = as_of_month(scenario)
    first = min(span(c)[0] for c in dated) if first is None else first
    if last is None and first > as_of:
        raise InputError(
            Named("from"), f" {month_text(first)} is after {month_text(as_of)}, the month the "
            "data run to and the default ", Named("to"), ": give ", Named("to"),
            " for a projection",
        )  # fmt: skip
    last = as_of if last is None else last
    if first > last:
        raise InputError(
            Named("from"), f" {month_text(first)} is after ", Named("to"), f" {month_text(last)}"
        )
    if last - first + 1 > MAX_MONTHS:
        got = last - first + 1
        raise InputError(
            Named("from"), "/", Named("to"), f": at most {MAX_MONTHS} months, got {got}"
        )
    zero = (0,) * len(TERMS)
    # Each contingent's terms from January to the month before ``first``.
    before = [zero if first % 12 == 0 else year_to_month(c, first - 1) for c in dated]
    cumulative = sum(to_date(c, first - 1) for c in dated)
    rows = []
    for month in range(first, last + 1):
        if month % 12 == 0:
            before = [zero] * len(dated)
        month_cents = [0] * len(TERMS)
        troops = 0
        for i, c in enumerate(dated):
            if deployed(c, month):
                troops += c.troops
            now = year_to_month(c, month)
            for t in range(len(TERMS)):
                month_cents[t] += now[t] - before[i][t]
            before[i] = now
        cumulative += sum(month_cents)
        rows.append(
            {
                "month": month_text(month),
                "troops": troops,
                **results(tuple(month_cents)),
                "cumulative_usd": cents_to_usd(cumulative),
                "projected": month > as_of,
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
