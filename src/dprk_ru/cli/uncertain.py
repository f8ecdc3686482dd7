"""What ``simulate`` and ``sensitivity`` (and ``report``) share: their option parsing
(``--correlate``, ``--percentiles``), the uncertain contingents the options choose, and the
words and labels of their notes and charts."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..core.numbers import read
from ..core.params import PARAM_BY_NAME, PARAMS
from ..errors import InputError
from ..scenarios.selection import Selection
from .boundary import naming, year_notes

#: ``--correlate`` names: option names (with ``-`` or ``_``) and column names.
CORRELATE_NAMES: Final = {
    **{p.name: p.name for p in PARAMS},
    **{p.option.removeprefix("--"): p.name for p in PARAMS},
    **{p.option.removeprefix("--").replace("-", "_"): p.name for p in PARAMS},
}


def parse_correlations(specs: Sequence[str]) -> dict[tuple[str, str], float]:
    """``troops:monthly_pay=0.6`` -> {("monthly_pay_usd", "troops"): 0.6}; a scenario file's
    distribution as ``CONTINGENT.FIELD`` (``first-wave.troops``); InputError if bad."""
    out: dict[tuple[str, str], float] = {}
    names = ", ".join(sorted({k for k in CORRELATE_NAMES if "_" not in k or k in PARAM_BY_NAME}))

    def name(text: str) -> str | None:
        where, dot, field = text.strip().rpartition(".")
        known = CORRELATE_NAMES.get(field)
        return None if known is None or (dot and not where) else f"{where}{dot}{known}"

    for spec in specs:
        pair, eq, value = spec.partition("=")
        left, colon, right = pair.partition(":")
        a, b = name(left), name(right)
        bad = (
            f"--correlate: expected NAME:NAME=RHO with RHO in -1..1 and NAME one of {names} "
            f"(CONTINGENT.NAME for a scenario file's distribution), got {spec!r}"
        )
        # The grammar of every number (float() would take ٠.٥, 1_0 and 1e-1).
        rho = float(read(value, "--correlate", "", message=bad).value) if eq else math.nan
        if a is None or b is None or not colon or not (-1 <= rho <= 1):
            raise InputError(bad)
        if a == b:
            raise InputError(f"--correlate: {spec!r} pairs a parameter with itself")
        out[(a, b) if a < b else (b, a)] = rho
    return out


def parse_percentiles(text: str) -> list[float]:
    """``5,25,50,75,95`` -> [5.0, 25.0, ...]; InputError unless each is in 0..100."""
    bad = f"--percentiles: expected numbers from 0 to 100 separated by commas, got {text!r}"
    out = []
    for part in text.split(","):
        p = read(part, "--percentiles", "", message=bad).value
        if not 0 <= p <= 100:
            raise InputError(bad)
        out.append(float(p))
    return out


def uncertain_contingents(
    scenario: str | None, given: Mapping[str, str | None], select: Selection, medians: bool = False
) -> tuple[str | None, Any]:
    """The scenario's name (None without one) and its uncertain contingents; ``medians``:
    refuse more killed than ever deployed at the medians (sensitivity), else only where all
    three are constant (simulate caps its draws)."""
    from ..scenarios.selection import check_scoped
    from ..scenarios.uncertain import uncertain_from_options, uncertain_from_scenario

    if scenario is None:
        check_scoped(select)
        return None, uncertain_from_options(given, medians)
    with naming("--scenario"):
        return uncertain_from_scenario(scenario, given, select, medians)


def median_year_notes(
    year: int | None,
    scenario: str | None,
    params: Mapping[str, str | None],
    contingents: Any,
    select: Selection,
) -> None:
    """What --year counted, said as estimate says it (only when it is given)."""
    if year is None:
        return
    from ..analysis.estimate import estimate_scenario
    from ..scenarios.medians import point_scenario

    # Unchecked at the medians: simulate caps its draws (sensitivity checked them already).
    point = point_scenario(scenario, params, contingents, select, check=False)
    year_notes(year, [estimate_scenario(point, year)])


def chart_credit(
    scenario: str | None, params: Mapping[str, str | None], contingents: Any, select: Selection
) -> str:
    """The chart's credit line: the sources behind the inputs used."""
    from ..analysis.explain import credit
    from ..scenarios.medians import point_scenario

    point = point_scenario(scenario, params, contingents, select, check=False) if scenario else None
    return credit([k for k, v in params.items() if v is not None], [point] if point else None)


def shown_name(scenario: str | None, name: str | None) -> str:
    """The scenario as a chart names it: its title, else its name."""
    if not scenario or not name:
        return name or ""
    from ..render.charts import title_of
    from ..scenarios.loading import load_scenario

    try:
        return title_of(load_scenario(scenario)) or name
    except Exception:  # noqa: BLE001 - checked already; a chart falls back to the name
        return name


def contingent_titles(scenario: str | None) -> dict[str, str]:
    """A scenario's contingents' titles by id, for a chart's labels."""
    if not scenario:
        return {}
    from ..render.charts import title_of
    from ..scenarios.loading import load_scenario

    try:
        chosen = load_scenario(scenario)
    except Exception:  # noqa: BLE001 - checked already; a chart falls back to the ids
        return {}
    return {c.name: title_of(c) for c in chosen.contingents if c.name}


def applied_to(
    name: str | None, contingents: Any, params: Mapping[str, str | None], select: Selection
) -> str:
    """Which contingents the options given changed, in words, for the table view."""
    from ..scenarios.selection import applied

    return applied(name or "", contingents, [k for k, v in params.items() if v is not None], select)
