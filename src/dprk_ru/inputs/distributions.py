"""Distributions written as text (``8000 to 14000``, ``pert(1,2,4)``), parsed, never evaluated.

This module needs no numpy: parsing and percentiles are plain Python, so that errors are
reported before any heavy import. ``analysis.simulate`` draws from these with numpy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from ..core.money import fmt_plain, from_units, half_up, usd
from ..core.numbers import dash_error, has_code, is_number, read, thousands_error
from ..errors import InputError

if TYPE_CHECKING:
    from ..core.params import Param

#: z of the 95th percentile: ``A to B`` puts A and B at the 5th and 95th percentiles.
#: (``statistics.NormalDist().inv_cdf(0.95)``, written out: ``statistics`` costs simulate's
#: start-up 4 ms; a test keeps the two equal.)
Z95: Final = 1.6448536269514715

FORMS: Final = (
    "a number, 'A to B' (5th to 95th percentile; lognormal if A > 0, else normal), "
    "uniform(A,B), normal(MEAN,SD), lognormal(MU,SIGMA), triangular(MIN,MODE,MAX), "
    "pert(MIN,MODE,MAX)"
)

_TO: Final = re.compile(r"\s*(\S.*?)\s+to\s+(\S.*?)\s*", re.ASCII | re.IGNORECASE)
_CALL: Final = re.compile(r"\s*([a-z]+)\s*\(([^()]*)\)\s*", re.ASCII | re.IGNORECASE)
#: The fix for a range written with a dash (``5000-20000``).
_DASH: Final = "write '{a} to {b}' for a 90% range"
_ARITY: Final = {"uniform": 2, "normal": 2, "lognormal": 2, "triangular": 3, "pert": 3}


@dataclass(frozen=True)
class Dist:
    """A distribution of one parameter.

    Args:
        kind: ``constant``, ``normal``, ``lognormal``, ``uniform``, ``triangular`` or ``pert``.
        args: its parameters (``constant``: value; ``normal``: mean, sd; ``lognormal``: mu,
            sigma in log space; ``uniform``: low, high; ``triangular``/``pert``: min, mode, max).
        text: what the user wrote.
        exact: a constant's exact value (the model computes with it, not with the float).
    """

    kind: str
    args: tuple[float, ...]
    text: str
    exact: Decimal | None = None

    @property
    def uncertain(self) -> bool:
        return self.kind != "constant"

    def ppf(self, q: float) -> float:
        """The ``q`` quantile (0 < q < 1)."""
        a = self.args
        if self.kind == "constant":
            return a[0]
        if self.kind == "normal":
            return a[0] + a[1] * _z(q)
        if self.kind == "lognormal":
            return math.exp(a[0] + a[1] * _z(q))
        if self.kind == "uniform":
            return a[0] + (a[1] - a[0]) * q
        if self.kind == "triangular":
            lo, mode, hi = a
            cut = (mode - lo) / (hi - lo)
            if q < cut:
                return lo + math.sqrt(q * (hi - lo) * (mode - lo))
            return hi - math.sqrt((1 - q) * (hi - lo) * (hi - mode))
        return _pert_ppf(a, q)

    def mean(self) -> float:
        """The distribution's mean."""
        a = self.args
        if self.kind in ("constant",):
            return a[0]
        if self.kind == "normal":
            return a[0]
        if self.kind == "lognormal":
            return math.exp(a[0] + a[1] ** 2 / 2)
        if self.kind == "uniform":
            return (a[0] + a[1]) / 2
        if self.kind == "triangular":
            return sum(a) / 3
        return (a[0] + 4 * a[1] + a[2]) / 6


def _z(q: float) -> float:
    """The standard normal's ``q`` quantile."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(q)


def pert_shape(args: tuple[float, ...]) -> tuple[float, float]:
    """The beta shape parameters of a PERT(min, mode, max) (lambda = 4)."""
    lo, mode, hi = args
    return 1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo)


def _pert_ppf(args: tuple[float, ...], q: float) -> float:
    # PERT is min + (max - min) * Beta(alpha, beta): invert the regularized incomplete beta
    # function by Newton's method inside a bisection bracket (no scipy needed).
    alpha, beta = pert_shape(args)
    return args[0] + beta_ppf(alpha, beta, q) * (args[2] - args[0])


def beta_ppf(alpha: float, beta: float, q: float) -> float:
    """The ``q`` quantile (0 < q < 1) of Beta(alpha, beta), alpha, beta >= 1, to about 1e-14:
    Newton's method on ``betainc`` kept inside a bisection bracket."""
    log_norm = math.lgamma(alpha + beta) - math.lgamma(alpha) - math.lgamma(beta)
    lo, hi = 0.0, 1.0
    x = alpha / (alpha + beta)  # the mean: a start inside the bulk
    for _ in range(100):
        err = betainc(alpha, beta, x) - q
        if err == 0:
            return x
        if err < 0:
            lo = x
        else:
            hi = x
        pdf = math.exp(log_norm + (alpha - 1) * math.log(x) + (beta - 1) * math.log1p(-x))
        step = err / pdf if pdf > 0 else math.inf
        if abs(step) <= 1e-15 * x:  # converged (x > 0 here: betainc(0) - q < 0)
            return x - step
        new = x - step
        if not lo < new < hi:  # Newton left the bracket: bisect instead
            new = (lo + hi) / 2
        if hi - lo <= 1e-16:
            return new
        x = new
    return x


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b) (Numerical Recipes' ``betai``:
    Lentz's continued fraction, on the side of x where it converges fast)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of ``betainc`` by the modified Lentz method."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) <= 2.3e-16:  # the machine epsilon
            break
    return h


def parse_dist(
    text: str, where: str, money: bool = False, rates: Mapping[str, Decimal] | None = None
) -> Dist:
    """Parse a number or a distribution; InputError naming ``where`` and the accepted forms.

    Each number is one of the grammar of ``core.numbers`` (no leading zeros: ``000`` is
    what the shell leaves of an unquoted ``$2000``, and with ``money`` the error says so).
    With ``money``, amounts may start with ``$`` or carry a currency code (``150000 RUB to
    200000 RUB``), converted at ``rates`` (default: the rates in force); the parameters of
    ``lognormal(MU,SIGMA)`` are in log space, no amounts.
    """

    def fail(why: str, misread: bool = False) -> InputError:
        # 1,000 splits a call's arguments or an 'A to B' in the wrong places: say why.
        hint = thousands_error(where, text) if misread else None
        hint = hint or (dash_error(where, text, _DASH) if misread else None)
        return InputError(hint or f"{where}: {why}; expected {FORMS}")

    def number(part: str, amount: bool = money) -> tuple[float, Decimal]:
        cannot = f"{where}: cannot read {part.strip()!r} in {text.strip()!r}; expected {FORMS}"
        read_ = read(part, where, "", money=amount, message=cannot)
        if read_.code is not None:
            from ..core.currency import convert

            value = convert(read_, rates, where)
        else:
            value = read_.value
        return float(value) + 0.0, value  # + 0.0: -0 is 0

    if len(text) > 200:
        raise fail("value too long")
    if is_number(text):
        value, exact = number(text)
        return Dist("constant", (value,), _echo(text, exact), exact)
    if m := _TO.fullmatch(text):
        ends = m.group(1), m.group(2)
        coded = [e for e in ends if has_code(e)]
        if len(coded) == 1:  # "1500 to 2500 RUB": the code belongs to both ends
            code = coded[0].split()[-1]
            a_, b_ = (e if has_code(e) else f"{e.strip()} {code}" for e in ends)
            raise InputError(
                f"{where}: {text.strip()!r} gives a currency code on one end only; write "
                f"'{a_} to {b_}'"
            )
        (a, _), (b, _) = number(ends[0]), number(ends[1])
        if not a < b:
            raise fail(f"in {text.strip()!r}, A must be less than B")
        if a > 0:
            mu = (math.log(a) + math.log(b)) / 2
            return Dist("lognormal", (mu, (math.log(b) - math.log(a)) / (2 * Z95)), text.strip())
        return Dist("normal", ((a + b) / 2, (b - a) / (2 * Z95)), text.strip())
    if m := _CALL.fullmatch(text):
        kind = m.group(1).lower()
        if kind not in _ARITY:
            raise fail(f"unknown distribution {m.group(1)!r}")
        parts = [p.strip() for p in m.group(2).split(",")]
        if len(parts) != _ARITY[kind] or not all(is_number(p) for p in parts):
            raise fail(f"{kind} takes {_ARITY[kind]} numbers", misread=True)
        args = tuple(number(p, money and kind != "lognormal")[0] for p in parts)
        _check(kind, args, fail)
        dist = Dist(kind, args, text.strip())
        _check_finite(dist, fail)
        return dist
    raise fail(f"cannot read {text!r}", misread=True)


def _check_finite(dist: Dist, fail: Callable[[str], InputError]) -> None:
    """Refuse a distribution whose 5th, 50th or 95th percentile is beyond a float (such as
    lognormal(0,1000)): ``sensitivity`` moves each input between them."""
    a = dist.args
    try:
        if dist.kind in ("uniform", "pert"):  # MIN + (MAX - MIN) * a fraction: no quantile needed
            finite = math.isfinite(a[-1] - a[0])
        else:
            finite = all(math.isfinite(dist.ppf(q)) for q in (0.05, 0.5, 0.95))
    except OverflowError:
        finite = False
    if not finite:
        raise fail(f"{dist.text!r} has percentiles too large to compute (5th to 95th)")


def _check(kind: str, a: tuple[float, ...], fail: Callable[[str], InputError]) -> None:
    problem = None
    if kind == "uniform" and not a[0] < a[1]:
        problem = "uniform(A,B) needs A < B"
    elif kind == "normal" and not a[1] > 0:
        problem = "normal(MEAN,SD) needs SD > 0"
    elif kind == "lognormal" and not a[1] > 0:
        problem = "lognormal(MU,SIGMA) needs SIGMA > 0"
    elif kind == "lognormal" and abs(a[0]) > 50:
        problem = "lognormal(MU,SIGMA) takes MU in log space, |MU| <= 50"
    elif kind in ("triangular", "pert") and not (a[0] <= a[1] <= a[2] and a[0] < a[2]):
        problem = f"{kind}(MIN,MODE,MAX) needs MIN <= MODE <= MAX and MIN < MAX"
    if problem:
        raise fail(problem)


@dataclass(frozen=True)
class UncertainContingent:
    """A contingent whose parameters are distributions (a plain number is a constant).

    Args:
        name: its label.
        dists: a distribution for every parameter, by field name.
        start: first month deployed, ``YYYY-MM`` (a dated contingent), as in ``Contingent``.
        end: last month deployed, inclusive; None while still deployed.
        as_of: its scenario's as-of month (None: the shipped data's), which sets the year
            a dated contingent is counted in by default, as ``estimate`` counts it.
        personnel: ``soldiers`` or ``workers``.
        from_file: the fields whose distributions its scenario file wrote (its own, not an
            option's).

    ``dists`` holds the formula's factors (``params.FACTORS``); parameters set by one
    shorthand hold the same ``Dist`` object, which is one uncertain quantity: drawn once a
    sample, and one row of ``sensitivity`` (see ``quantities``).
    """

    name: str
    dists: Mapping[str, Dist]
    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    personnel: str = "soldiers"
    from_file: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quantity:
    """One uncertain quantity: one ``Dist``, drawn once a sample, and every contingent field
    it sets.

    Args:
        name: an option's field (``monthly_pay_usd``; a shorthand's name, ``state_share``,
            where it sets all of the shorthand's parameters), or ``contingent.field`` for a
            distribution written in a scenario file.
        dist: the distribution.
        holders: (contingent index, field) for each field it sets.
    """

    name: str
    dist: Dist
    holders: tuple[tuple[int, str], ...]


def quantities(contingents: Sequence[UncertainContingent]) -> list[Quantity]:
    """The uncertain quantities of ``contingents``, each once, in order of first use: a
    distribution given as an option is one quantity for every contingent it reaches; one
    written in a scenario file belongs to its contingent."""
    from ..core.params import SHORTHANDS

    holders: dict[int, list[tuple[int, str]]] = {}
    dists: dict[int, Dist] = {}
    for i, c in enumerate(contingents):
        for field, dist in c.dists.items():
            if dist.uncertain:
                holders.setdefault(id(dist), []).append((i, field))
                dists[id(dist)] = dist
    out = []
    for key, held in holders.items():
        fields = list(dict.fromkeys(f for _, f in held))
        # A shorthand's draw that sets several of its parameters is the shorthand's.
        base = next(
            (
                s
                for s, p in SHORTHANDS.items()
                if len(fields) > 1 and set(fields) <= set(p.shorthand)
            ),
            fields[0],
        )
        own = any(f in contingents[i].from_file for i, f in held)
        name = f"{contingents[held[0][0]].name}.{base}" if own else base
        out.append(Quantity(name, dists[key], tuple(held)))
    return out


def parse_param(text: str, where: str, field: str) -> Dist:
    """A parameter value: a plain number, checked as ``estimate`` checks it, or a distribution."""
    from ..core.params import PARAM_BY_NAME

    param = PARAM_BY_NAME[field]
    if is_number(text):
        value = param.parse(text, where, dash=_DASH)
        return Dist("constant", (float(value),), _echo(text, value), value)
    return parse_dist(text, where, param.money)


def _echo(text: str, value: Decimal) -> str:
    """A constant as it is shown: an amount with a currency code as the user wrote it, any
    other number plain (``'$2000'``, ``+2000`` and ``2000.`` are ``2000``; -0 is 0)."""
    return text.strip() if has_code(text) else fmt_plain(value)


def constant(value: Decimal | int) -> Dist:
    """A fixed value."""
    return Dist("constant", (float(value),), fmt_plain(value), Decimal(value))


def as_input(param: Param, value: Fraction) -> Decimal | int:
    """A value as a model input of ``param``: clipped to its range and rounded half up to its
    places, exactly (no Decimal context)."""
    lo, hi = Fraction(param.low), Fraction(param.high)
    scaled = min(max(value, lo), hi) * 10**param.places
    units = half_up(scaled.numerator, scaled.denominator)
    if param.integer:
        return units
    exact = from_units(units, param.places)
    return usd(exact) if param.money else exact.normalize()


def input_at(param: Param, dist: Dist, q: float) -> Decimal | int:
    """The ``q`` quantile of ``dist`` as a model input of ``param`` (``as_input``); a
    constant gives its exact value. ``sensitivity`` and a brief's medians take inputs so."""
    if dist.exact is not None:
        return as_input(param, Fraction(dist.exact))
    x = min(max(dist.ppf(q), float(param.lowest)), float(param.high))  # as simulate clips
    return as_input(param, Fraction(repr(x)))  # the float as written (1664.25), not its binary
