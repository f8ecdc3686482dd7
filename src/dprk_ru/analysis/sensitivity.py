"""Sensitivity: which uncertain input moves the total most (a tornado).

Pure Python (percentiles come from ``Dist.ppf``), so ``sensitivity`` needs no numpy. Every
total is ``core.formula.evaluate``'s, for the year counted when contingents are dated, from
inputs clipped to their range and rounded half up to their precision (a constant keeps its
exact value): the total at the medians is what ``estimate`` gives for those inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from ..core.formula import Period, evaluate
from ..core.money import cents_to_usd
from ..core.params import FACTORS, PARAM_BY_NAME, PARAMS, Inputs
from ..errors import InputError, Named
from ..inputs.distributions import UncertainContingent, input_at, quantities
from .estimate import dated_year, year_period

#: Where values are clipped: each parameter's valid range (months down to 0: not deployed).
#: The range a draw is clipped to: what the option accepts (months above 0: its first step).
CLIP: Final = {p.name: (float(p.lowest), float(p.high)) for p in PARAMS}
#: The columns of ``sensitivity`` (``year`` follows when contingents are dated).
SENSITIVITY_COLUMNS: Final = (
    "parameter", "low", "high", "total_at_low_usd", "total_at_high_usd", "swing_usd",
)  # fmt: skip

Point = dict[str, Decimal | int | str]


def _periods(contingents: Sequence[UncertainContingent], year: int | None) -> list[Period | None]:
    # Each uncertain contingent carries its scenario's as-of month, the default year's source.
    counted = dated_year(contingents, year, contingents[0] if contingents else None)
    return [
        None if c.start is None or counted is None else year_period(c, counted) for c in contingents
    ]


def _cents(point: Point, when: Period | None) -> int:
    # Killed at most troops x rotations (the medians are checked; a percentile of troops or
    # rotations below what the killed need caps the killed, as simulate caps a draw).
    most = int(point["troops"]) * int(point["rotations"])
    if int(point["killed"]) > most:
        point = {**point, "killed": most}
    return evaluate(Inputs(**point), when).total_cents  # type: ignore[arg-type]


def _total_cents(points: Sequence[Point], periods: Sequence[Period | None]) -> int:
    return sum(_cents(pt, when) for pt, when in zip(points, periods, strict=True))


def _medians(contingents: Sequence[UncertainContingent]) -> list[Point]:
    return [
        {**{p.name: input_at(p, c.dists[p.name], 0.5) for p in FACTORS}, "personnel": c.personnel}
        for c in contingents
    ]


def sensitivity(
    contingents: Sequence[UncertainContingent], year: int | None = None
) -> list[dict[str, Any]]:
    """One row per uncertain parameter: the total with it at its 5th and 95th percentiles and
    everything else at its median, sorted by swing (largest first).

    Args:
        contingents: the contingents; at least one parameter must be a distribution.
        year: the year dated contingents are counted in (default: ``default_year()``); rows
            then carry it as ``year``.
    """
    if not any(d.uncertain for c in contingents for d in c.dists.values()):
        raise InputError(
            "sensitivity needs at least one parameter given as a distribution, e.g. ",
            Named("troops"), " '8000 to 14000' (or troops = \"8000 to 14000\" in a ",
            Named("scenario"), " file)", argument="troops",
        )  # fmt: skip
    # Each uncertain contingent carries its scenario's as-of month, the default year's source.
    counted = dated_year(contingents, year, contingents[0] if contingents else None)
    periods = _periods(contingents, year)
    medians = _medians(contingents)
    # Each contingent's total at the medians, once: a quantity moves only its holders'.
    base = [_cents(m, when) for m, when in zip(medians, periods, strict=True)]
    whole = sum(base)
    rows = []
    for q in quantities(contingents):
        p = PARAM_BY_NAME[q.holders[0][1]]
        lo, hi = input_at(p, q.dist, 0.05), input_at(p, q.dist, 0.95)
        held = sorted({i for i, _ in q.holders})
        totals = []
        for v in (lo, hi):
            points = {i: dict(medians[i]) for i in held}
            for i, field in q.holders:  # one quantity: the same value wherever it applies
                points[i][field] = v
            moved = sum(_cents(points[i], periods[i]) - base[i] for i in held)
            totals.append(whole + moved)
        row: dict[str, Any] = {
            "parameter": q.name,
            "distribution": q.dist.text,
            "low": lo,
            "high": hi,
            "total_at_low_usd": cents_to_usd(totals[0]),
            "total_at_high_usd": cents_to_usd(totals[1]),
            "swing_usd": cents_to_usd(abs(totals[1] - totals[0])),
        }
        if counted is not None:
            row["year"] = counted
        rows.append(row)
    rows.sort(key=lambda r: r["swing_usd"], reverse=True)
    return rows


def sensitivity_columns(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The columns of ``rows``: ``SENSITIVITY_COLUMNS``, and ``year`` when they count one."""
    return SENSITIVITY_COLUMNS + (("year",) if rows and "year" in rows[0] else ())


def median_total(contingents: Sequence[UncertainContingent], year: int | None = None) -> Decimal:
    """The exact total with every parameter at its median (for ``year``, as ``sensitivity``)."""
    return cents_to_usd(_total_cents(_medians(contingents), _periods(contingents, year)))
