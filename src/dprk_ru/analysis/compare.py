"""``compare``: scenarios side by side, measured against reference revenue streams."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ..core.dates import month_text
from ..core.formula import results
from ..core.money import from_units, half_up, signed_usd
from ..scenarios.sources import Figure
from .estimate import TITLE, TROOP_MONTHS, ScenarioEstimate, as_of_month

#: Ratios are rounded half up to this many decimal places (then printed without trailing zeros).
RATIO_PLACES: Final = 4


#: The most scenarios one ``compare`` takes (README, Limits): each is loaded and estimated,
#: and a scenario file may hold 1,000 contingents.
MAX_SCENARIOS: Final = 200


def ratio_column(ref: Figure) -> str:
    """``vs_china_exports_2016`` for the reference ``china-exports-2016`` (the stem of a
    range's ``_low`` and ``_high`` columns and of a ``_period`` column)."""
    return "vs_" + ref.key.replace("-", "_")


def ratio_columns(ref: Figure) -> tuple[str, ...]:
    """A reference's columns, side by side: ``vs_<key>`` for a point, ``vs_<key>_low`` and
    ``vs_<key>_high`` for a range (never a midpoint), then ``vs_<key>_period`` when the
    figure covers a stated span (its ratios are not annualised)."""
    stem = ratio_column(ref)
    ratios = (f"{stem}_low", f"{stem}_high") if ref.high is not None else (stem,)
    return ratios + ((f"{stem}_period",) if ref.period else ())


def ratio(amount_cents: int, ref: Figure, value: Decimal | None = None) -> Decimal | None:
    """``amount / reference`` (or ``/ value``, one end of a range), rounded half up to
    ``RATIO_PLACES``; None for a zero reference."""
    of = ref.value if value is None else value
    if of == 0:
        return None
    exact = Fraction(amount_cents) / (Fraction(of) * 100) * 10**RATIO_PLACES
    units = half_up(exact.numerator, exact.denominator)  # exact: no Decimal context rounding
    return from_units(units, RATIO_PLACES).normalize()


def ratios(amount_cents: int, ref: Figure) -> dict[str, Any]:
    """The cells of ``ratio_columns(ref)``: the ratio to each end, and the period."""
    values = (ref.value, ref.high) if ref.high is not None else (ref.value,)
    cols = ratio_columns(ref)
    out: dict[str, Any] = {
        c: ratio(amount_cents, ref, v) for c, v in zip(cols[: len(values)], values, strict=True)
    }
    if ref.period:
        out[cols[-1]] = ref.period
    return out


def compare_columns(refs: Sequence[Figure], dated: bool = False) -> tuple[str, ...]:
    """The columns of ``compare`` for these references (and ``year`` and ``projected`` when a
    scenario is dated: its dated contingents count the months deployed in that year, which
    may run past the data's as-of month); ``troop_months`` last. ``troops`` is the most
    deployed at once (``ScenarioEstimate.troops``), ``troop_months`` their sum over the
    months."""
    base = ("scenario", "troops", "pay_total_usd", "bonus_total_usd", "total_usd", "delta_usd")
    return (
        base
        + tuple(c for r in refs for c in ratio_columns(r))
        + (("year", "projected") if dated else ())
        + ("death_total_usd", "personnel")  # added later: after the others
        + (TROOP_MONTHS,)  # added later still
        + (TITLE,)  # the scenario's title, for people: the last of all
    )


def labels(names: Sequence[str], given: Sequence[str]) -> list[str]:
    """Names that tell scenarios apart: a name that two scenarios share gets what was given
    for it beside it (``shoigu-2025 (mine.toml)``: the file name, or the whole path if two
    files share that too); a built-in given by its name keeps it bare. The same scenario
    given twice is numbered (``kursk-2024 #2``).

    Args:
        names: the scenarios' names.
        given: what the user wrote for each (a built-in name, a published id, a path).
    """
    from pathlib import PurePath

    def count(items: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in items:
            out[item] = out.get(item, 0) + 1
        return out

    twice = count(names)
    out = list(names)
    for short in (True, False):
        for i, (name, ref) in enumerate(zip(names, given, strict=True)):
            if twice[name] > 1 and ref != name:
                out[i] = f"{name} ({PurePath(ref).name if short else ref})"
        if all(n == 1 for n in count(out).values()):
            return out
    seen: dict[str, int] = {}
    for i, label in enumerate(out):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            out[i] = f"{label} #{seen[label]}"
    return out


def compare(
    estimates: Sequence[ScenarioEstimate],
    refs: Sequence[Figure],
    names: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """One record per scenario: totals, the difference from the first, and ratios to ``refs``.

    Args:
        estimates: the scenarios' estimates; the first is the baseline of ``delta_usd``.
        refs: reference figures, one ratio column each (two for a range, and its period).
        names: what to call each scenario (``labels``); default their names.
    """
    if not estimates:
        return []
    base = estimates[0].total_cents
    rows = []
    for i, e in enumerate(estimates):
        row: dict[str, Any] = {
            "scenario": e.scenario.name if names is None else names[i],
            "troops": e.troops,
            **results(e.cents),
            "delta_usd": signed_usd(e.total_cents - base),
            "personnel": e.personnel,
            TROOP_MONTHS: e.troop_months,
            # A title tells scenarios apart as their labels do (``... (mine.toml)``, ``#2``).
            TITLE: (e.scenario.title or "")
            + (names[i][len(e.scenario.name) :] if e.scenario.title and names else ""),
        }
        for r in refs:
            row.update(ratios(e.total_cents, r))
        if e.year is not None:
            row.update(year=e.year, projected=e.projected,
                       as_of=month_text(as_of_month(e.scenario)))  # fmt: skip
        rows.append(row)
    return rows
