"""``solve``: the smallest value of one parameter that makes a scenario reach a target total.

The answer is a value at the parameter's step (``Param.step`` in the parameter table: a
soldier, a cent, 0.01 of a month, 0.0001 of the share, a whole rotation or death) whose total,
computed by ``estimate.estimate_scenario`` (the one formula, each contingent's terms rounded
to the cent), reaches the target, while one step less misses it.

The model is linear in each parameter: the exact (unrounded) total is ``A x + B``, with ``A``
and ``B`` read from the formula's exact terms (``core.formula.exact_terms``). Each of the
``k`` terms that depend on ``x`` is rounded half up, by less than half a cent, and no term
falls as ``x`` grows; so the rounded total is non-decreasing in ``x`` and within ``k/2``
cents of the line. The answer therefore lies in a short interval of steps around the closed
form ``(target - B) / A``, which is bisected: a handful of evaluations for ordinary inputs,
and never more than about ``log2`` of the parameter's number of steps (under 30).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ..core.formula import exact_terms, terms_in_cents
from ..core.money import cents_to_usd, fmt_human, fmt_plain, half_up
from ..core.numbers import read
from ..core.params import (
    FACTORS,
    MONTHS,
    PARAM_BY_FLAG,
    PARAM_BY_NAME,
    PARAMS,
    Inputs,
    Param,
    check_deployed,
    deployed,
    expand,
)
from ..errors import InfeasibleError, InputError, Named
from ..scenarios.scenario import DEPLOYED_FIELDS, Scenario
from ..scenarios.selection import Selection, contingent_id, targets
from ..scenarios.sources import REFERENCES
from .estimate import ScenarioEstimate, counted_year, estimate_scenario, year_period

#: The largest target, in USD: above any total the allowed values reach in a plausible
#: scenario, and small enough that every amount stays an exact integer of cents.
TARGET_CAP_USD: Final = 10**15


def _target_error(text: str) -> InputError:
    return InputError(
        Named("target"),
        f": expected an amount in USD from 0 to 10^15 ({TARGET_CAP_USD:,}), to the "
        f"cent (2600000000, 2.6B, 260M), or a reference ({', '.join(REFERENCES)}), "
        f"got {text[:60]!r}",
    )


def target_cents(amount: Decimal) -> int:
    """A target in USD as whole cents; InputError naming ``--target`` if it is negative, not
    to the cent, or above the cap."""
    if not amount.is_finite() or amount < 0 or amount > TARGET_CAP_USD:
        raise _target_error(str(amount))
    cents = Fraction(amount) * 100
    if cents.denominator != 1:
        raise _target_error(str(amount))
    return int(cents)


def parse_target(text: str) -> tuple[Decimal, str | None]:
    """A target in USD: an amount written as a figure of ``core.numbers`` (``2600000000``,
    ``2.6B``, ``'$260M'``, ``2,600,000,000``) or a reference key; returns the amount and the
    reference key it came from, if any. Raises InputError naming ``--target`` and the cap.
    """
    s = text.strip()
    if s in REFERENCES:
        return REFERENCES[s].value, s
    bad = _target_error(text)
    amount = read(s, Named("target"), "", money=True, figure=True, message=bad.words)
    if amount.code is not None or amount.value < 0 or amount.value > TARGET_CAP_USD:
        raise _target_error(text)
    cents = Fraction(amount.value) * 100
    if cents.denominator != 1:
        raise _target_error(text)
    return cents_to_usd(int(cents)), None


@dataclass(frozen=True)
class Solution:
    """The solved value, and the scenario's estimate with it.

    Args:
        parameter: the field name of the parameter solved for (``monthly_pay_usd``).
        value: the smallest value, at the parameter's step, whose total reaches the target.
        target_usd: the target.
        estimate: the scenario's estimate with ``value`` set on every contingent.
    """

    parameter: str
    value: Decimal
    target_usd: Decimal
    estimate: ScenarioEstimate


def solvable(flag: str) -> Param:
    """The parameter named by ``--for`` (``monthly-pay``); InputError naming ``--for`` and
    listing the parameters otherwise."""
    param = PARAM_BY_FLAG.get(flag)
    if param is None:
        flags = ", ".join(p.flag for p in PARAMS)
        raise InputError(Named("for"), f": expected one of {flags}, got {flag!r}")
    return param


def exact_line(
    scenario: Scenario, param: Param, year: int | None, at: Collection[int] | None = None
) -> tuple[Fraction, Fraction, int]:
    """The scenario's exact total in cents as ``slope * x + intercept`` in the value ``x`` of
    ``param`` (set on every contingent), and ``k``, the number of rounded terms that depend
    on ``x``. Terms that do not are counted at their rounded cents, so the rounded total is
    within ``k/2`` cents of the line.

    Args:
        scenario: the scenario.
        param: the parameter.
        year: the year dated contingents are counted in (None: none is dated).
        at: the contingents ``x`` is set on (default every one).
    """
    slope, intercept, k = Fraction(0), Fraction(0), 0
    for i, c in enumerate(scenario.contingents):
        when = year_period(c, year) if c.start is not None and year is not None else None
        if at is not None and i not in at:
            intercept += sum(terms_in_cents(c, when))
            continue
        base = {p.name: getattr(c, p.name) for p in FACTORS}
        at0, at1 = (
            exact_terms(
                Inputs(
                    **{**base, **expand({param.name: param.typed(Decimal(x))})},
                    personnel=c.personnel,
                ),
                when,
            )
            for x in (0, 1)
        )
        for (n0, d0), (n1, d1) in zip(at0, at1, strict=True):
            rise = Fraction(n1, d1) - Fraction(n0, d0)
            if rise == 0:
                intercept += half_up(n0, d0)
            else:
                slope, intercept, k = slope + rise, intercept + Fraction(n0, d0), k + 1
    return slope, intercept, k


def solve(
    scenario: Scenario,
    parameter: str,
    target_usd: Decimal,
    year: int | None = None,
    select: Selection | None = None,
) -> Solution:
    """The smallest value of ``parameter`` at its step, set on the contingents it is for
    (every one, or those ``select`` chooses; a head count beside several contingents needs
    a choice), whose total reaches ``target_usd``; one step less misses it (or it is the
    lowest allowed value).

    Args:
        scenario: the scenario (a one-contingent scenario for plain options).
        parameter: its field name (``monthly_pay_usd``) or ``--for`` name (``monthly-pay``).
        target_usd: the total to reach, in USD, to the cent, at most 10^15.
        year: the year dated contingents are counted in (default: the data's as-of year).
        select: the contingents chosen with ``--contingent`` or ``--personnel``.

    Killed are at most troops x rotations: solving for troops or rotations, the answer is at
    least what the killed of each contingent it is set on need; solving for killed, at most
    the smallest troops x rotations among them.

    Raises:
        InputError: an unknown parameter, a bad target, or ``months`` on dated contingents.
        DeployedError: a contingent whose value is not solved for has more killed than were
            ever deployed.
        InfeasibleError: no allowed value reaches the target (within what the killed
            allow); says what it would take.
    """
    param = PARAM_BY_NAME.get(parameter) or solvable(parameter)
    target = target_cents(target_usd)
    at = targets(scenario.name, scenario.contingents, (param.name,), select, solved=param.name)
    dated = [
        c.name or f"contingent-{i + 1}"
        for i, c in enumerate(scenario.contingents)
        if c.start and i in at
    ]
    if param is MONTHS and dated:
        raise InputError(
            Named("for"), f" months: the months of dated contingents ({', '.join(dated[:3])}"
            f"{', ...' if len(dated) > 3 else ''}) come from their start and end dates",
        )  # fmt: skip
    year = counted_year(scenario, year)
    step = Fraction(param.step)
    first, last = int(Fraction(param.lowest) / step), int(Fraction(param.high) / step)
    why = ""
    # Killed are at most troops x rotations (``check_deployed``): the contingents the value
    # is not set on are checked as given, and the value's own range narrowed to it.
    for i, c in enumerate(scenario.contingents):
        if param.name not in DEPLOYED_FIELDS or i not in at:
            check_deployed(c, scenario=scenario.name, contingent=contingent_id(c, i))
    if param.name in DEPLOYED_FIELDS:
        first, last, why = _deployed_range(scenario, param, at, first, last)
    results: dict[int, ScenarioEstimate] = {}

    def total(n: int) -> int:
        if n not in results:
            changed = scenario.override_at({param.name: param.typed(_value(param, n))}, at)
            results[n] = estimate_scenario(changed, year)
        return results[n].total_cents

    slope, intercept, k = exact_line(scenario, param, year, at)
    per_step = slope * step
    if per_step == 0:
        if total(first) < target:
            stays = fmt_human(cents_to_usd(total(first)))
            raise InfeasibleError(
                "no value of ", Named(param.name), f" reaches ${fmt_human(target_usd)}: the "
                f"total does not depend on it with the other values given (it stays ${stays})",
            )  # fmt: skip
        return Solution(param.name, _value(param, first), target_usd, results[first])
    # Below ``lo + 1`` steps the line is more than k/2 cents short: the total misses.
    # From ``hi`` steps on it is at least k/2 cents over: the total reaches.
    lo = max(_ceil((target - intercept - Fraction(k, 2)) / per_step), first) - 1
    hi = max(_ceil((target - intercept + Fraction(k, 2)) / per_step), first)
    if hi > last:
        hi = last
        if lo >= last or total(last) < target:
            needed = max(_ceil((target - intercept) / per_step), last + 1)
            if param.name == "killed" and last < int(param.high):
                raise InfeasibleError(
                    Named("killed"), f" would have to be {fmt_human(needed)} to reach "
                    f"${fmt_human(target_usd)}, more than the {fmt_human(last)} ever deployed "
                    f"({why})",
                )  # fmt: skip
            value = fmt_plain(_value(param, needed).normalize())
            raise InfeasibleError(
                Named(param.name), f" would have to be {value} to reach "
                f"${fmt_human(target_usd)}, above its maximum of {fmt_human(param.high)}",
            )  # fmt: skip
    hi = _bisect(lo, hi, lambda n: total(n) >= target)
    total(hi)
    return Solution(param.name, _value(param, hi), target_usd, results[hi])


def _deployed_range(
    scenario: Scenario, param: Param, at: Collection[int], first: int, last: int
) -> tuple[int, int, str]:
    """``first`` and ``last`` (in steps of ``param``, one of troops, rotations and killed)
    narrowed so that every contingent at ``at`` keeps its killed at most its troops x
    rotations, and in words what bounds them; InfeasibleError if no rotations are enough."""
    chosen = [(contingent_id(c, i), c) for i, c in enumerate(scenario.contingents) if i in at]
    if param.name == "killed":
        name, c = min(chosen, key=lambda nc: deployed(nc[1]))
        where = f"{name}: " if len(scenario.contingents) > 1 else ""
        why = f"{where}troops {fmt_human(c.troops)} x rotations {c.rotations}"
        return first, min(last, deployed(c)), why
    other = "rotations" if param.name == "troops" else "troops"
    for name, c in chosen:
        per = getattr(c, other)
        need = -(-c.killed // per) if per else (0 if c.killed == 0 else last + 1)
        if need > last:
            where = f"{name}: " if len(scenario.contingents) > 1 else ""
            raise InfeasibleError(
                "no ", Named(param.name), f" up to {fmt_human(param.high)} deploys the "
                f"{fmt_human(c.killed)} killed ({where}{other} {fmt_human(per)}): killed are "
                "at most troops x rotations", argument=param.name,
            )  # fmt: skip
        first = max(first, need)
    return first, last, ""


def _bisect(lo: int, hi: int, reaches: Callable[[int], bool]) -> int:
    """The first ``n`` in ``(lo, hi]`` that ``reaches``, given that ``lo`` misses and ``hi``
    reaches and ``reaches`` is monotone: ``log2(hi - lo)`` calls."""
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if reaches(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _value(param: Param, n: int) -> Decimal:
    """The value ``n`` steps from zero, exact (``Decimal`` of at most a dozen digits)."""
    return Decimal(n) * param.step


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)
