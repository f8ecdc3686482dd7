"""Goal seek: the value of one parameter that makes a scenario reach a target total.

The model is linear in each parameter, so the answer has a closed form: with the exact
(unrounded) total written as ``A x + B`` in the parameter ``x``, ``x = (target - B) / A``,
rounded up to the parameter's precision so that the target is reached (troops to a whole
soldier, money to the cent, months to 0.01, the state share to 0.0001).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import Final

from ..core.money import fmt_human
from ..core.params import PARAM_BY_NAME, Param
from ..errors import InfeasibleError, InputError
from ..scenarios.scenario import Scenario
from ..scenarios.sources import REFERENCES
from .estimate import ScenarioEstimate, estimate_scenario

#: Solved values are rounded up to these steps.
PRECISION: Final = {
    "troops": Decimal(1),
    "monthly_pay_usd": Decimal("0.01"),
    "months": Decimal("0.01"),
    "bonus_usd": Decimal("0.01"),
    "state_share": Decimal("0.0001"),
}
#: ``--for`` names: the option names without dashes.
SOLVABLE: Final = {p.option.removeprefix("--"): p.name for p in PARAM_BY_NAME.values()}

_AMOUNT: Final = re.compile(r"\$?([0-9]+(?:\.[0-9]+)?|\.[0-9]+)([kKmMbB]?)", re.ASCII)
_SUFFIX: Final = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9}


def parse_target(text: str) -> tuple[Decimal, str | None]:
    """A target in USD: a plain amount (``2600000000``, ``2.6B``, ``260M``) or a reference key.

    Returns the amount and the reference key it came from, if any.
    """
    s = text.strip()
    if s in REFERENCES:
        return REFERENCES[s].value, s
    m = _AMOUNT.fullmatch(s.replace(",", "") if re.fullmatch(r"[0-9,.$]+", s) else s)
    if m is None:
        raise InputError(
            f"--target: expected an amount in USD (2600000000, 2.6B, 260M) or a reference "
            f"({', '.join(REFERENCES)}), got {text!r}"
        )
    value = Decimal(m.group(1)) * _SUFFIX[m.group(2).lower()]
    if value != value.quantize(Decimal("0.01")) or value > Decimal(10) ** 15:
        raise InputError(f"--target: at most 2 decimal places and at most 10^15 USD, got {text!r}")
    return value, None


@dataclass(frozen=True)
class Solution:
    """The solved value, and the scenario's estimate with it."""

    parameter: str
    value: Decimal
    target_usd: Decimal
    estimate: ScenarioEstimate


def _exact_total(scenario: Scenario) -> Fraction:
    total = Fraction(0)
    for c in scenario.contingents:
        pay = Fraction(c.troops) * Fraction(c.monthly_pay_usd) * Fraction(c.months)
        total += (pay + Fraction(c.troops) * Fraction(c.bonus_usd)) * Fraction(c.state_share)
    return total


def solve(scenario: Scenario, parameter: str, target_usd: Decimal) -> Solution:
    """The smallest value (at the parameter's precision) of ``parameter``, set on every
    contingent, that makes the scenario's total reach ``target_usd``.

    Raises:
        InfeasibleError: no allowed value reaches the target; says what it would take.
    """
    param = PARAM_BY_NAME[parameter]
    step = PRECISION[parameter]
    # Two valid points of the exact (unrounded) line: months must stay above 0.
    x0, x1 = (1, 2) if param.low_open else (0, 1)
    t0, t1 = (
        _exact_total(scenario.override({parameter: _typed(param, Decimal(x))})) for x in (x0, x1)
    )
    slope = t1 - t0
    intercept = t0 - slope * x0
    target = Fraction(target_usd)
    option = param.option
    if slope == 0:
        if intercept >= target:
            value = param.low if not param.low_open else step
        else:
            raise InfeasibleError(
                f"no value of {option} reaches ${fmt_human(target_usd)}: the total does not "
                f"depend on it (it stays ${fmt_human(_usd(intercept))}; other parameters are zero)"
            )
    else:
        needed = (target - intercept) / slope
        value = _round_up(needed, step)
        low = param.low + (step if param.low_open else 0)
        value = max(value, low)
        if value > param.high:
            raise InfeasibleError(
                f"{option} would have to be {fmt_human(_round_up(needed, step).normalize())} "
                f"to reach ${fmt_human(target_usd)}, above its maximum of {fmt_human(param.high)}"
            )
    # The model rounds each component to the cent: nudge by a step if that rounding matters.
    result = estimate_scenario(scenario.override({parameter: _typed(param, value)}))
    while result.total_cents < target_usd * 100 and value + step <= param.high:
        value += step
        result = estimate_scenario(scenario.override({parameter: _typed(param, value)}))
    if result.total_cents < target_usd * 100:
        raise InfeasibleError(f"{option} cannot reach ${fmt_human(target_usd)} within its range")
    return Solution(parameter, value, target_usd, result)


def _typed(param: Param, value: Decimal) -> Decimal | int:
    return int(value) if param.integer else value


def _round_up(value: Fraction, step: Decimal) -> Decimal:
    units = Fraction(value) / Fraction(step)
    n = -((-units.numerator) // units.denominator)  # ceiling
    return (Decimal(n) * step).quantize(step, rounding=ROUND_CEILING)


def _usd(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))
