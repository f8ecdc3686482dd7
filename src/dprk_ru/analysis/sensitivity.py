"""Sensitivity: which uncertain input moves the total most (a tornado).

Pure Python (percentiles come from ``Dist.ppf``), so ``sensitivity`` needs no numpy; its
totals are exact, from inputs rounded to their precision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from ..core.formula import evaluate
from ..core.money import cents_to_usd, usd
from ..core.params import PARAM_BY_NAME, PARAMS, Inputs
from ..inputs.distributions import UncertainContingent

#: Where values are clipped: each parameter's valid range (months down to 0: not deployed).
CLIP: Final = {p.name: (float(p.low), float(p.high)) for p in PARAMS}


def _decimal(field: str, value: float) -> Decimal | int:
    """A drawn value as a model input: clipped to its range, rounded to its precision."""
    p = PARAM_BY_NAME[field]
    lo, hi = CLIP[field]
    v = Decimal(repr(min(max(value, lo), hi)))
    if p.integer:
        return int(v.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    rounded = v.quantize(Decimal(1).scaleb(-p.places), rounding=ROUND_HALF_UP)
    return usd(rounded) if field.endswith("_usd") else rounded.normalize()


def _total_cents(points: Sequence[Mapping[str, Decimal | int]]) -> int:
    return sum(evaluate(Inputs(**pt)).total_cents for pt in points)  # type: ignore[arg-type,misc]


def sensitivity(contingents: Sequence[UncertainContingent]) -> list[dict[str, Any]]:
    """One row per uncertain parameter: the total with it at its 5th and 95th percentiles and
    everything else at its median, sorted by swing (largest first). Totals are exact, from
    inputs rounded to their precision."""
    medians = [{f: _decimal(f, d.ppf(0.5)) for f, d in c.dists.items()} for c in contingents]
    rows = []
    for i, c in enumerate(contingents):
        for p in PARAMS:
            dist = c.dists[p.name]
            if not dist.uncertain:
                continue
            lo, hi = _decimal(p.name, dist.ppf(0.05)), _decimal(p.name, dist.ppf(0.95))
            at = []
            for v in (lo, hi):
                points = [dict(m) for m in medians]
                points[i][p.name] = v
                at.append(_total_cents(points))
            label = p.name if len(contingents) == 1 else f"{c.name}.{p.name}"
            rows.append(
                {
                    "parameter": label,
                    "distribution": dist.text,
                    "low": lo,
                    "high": hi,
                    "total_at_low_usd": cents_to_usd(at[0]),
                    "total_at_high_usd": cents_to_usd(at[1]),
                    "swing_usd": cents_to_usd(abs(at[1] - at[0])),
                }
            )
    rows.sort(key=lambda r: r["swing_usd"], reverse=True)
    return rows


def median_total(contingents: Sequence[UncertainContingent]) -> Decimal:
    """The exact total with every parameter at its median."""
    return cents_to_usd(
        _total_cents(
            [{f: _decimal(f, d.ppf(0.5)) for f, d in c.dists.items()} for c in contingents]
        )
    )
