"""Monte Carlo simulation of the model, vectorised with numpy, through the one formula.

Each term of ``core.formula.TERMS`` is, in every sample, the product of its factors' draws
(constant factors multiplied exactly, as fractions) with the period's accrual for a dated
contingent, rounded half up to the cent; a sample's total is the sum of its terms' cents.
With point inputs that is ``evaluate``'s figure to the cent (a property test holds them
equal), and the mean and percentiles are exact: cents are int64, percentiles interpolated
over fractions.

Memory is bounded by the samples, not by samples x contingents: contingents are drawn one
at a time, in the order of the scenario, their totals added up, and their draws handed to
``each`` (``--samples-out`` writes them as they come) and dropped.

numpy is imported here and only here (and in ``charts``); nothing on the path of
``estimate`` or ``sweep`` imports this module.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt

from ..core.formula import TERMS, Period, Term, accrual, in_period
from ..core.money import PLAIN_NUMBER, half_up, leading_zero, leading_zero_error
from ..core.params import COLUMNS, PARAM_BY_NAME, PARAMS, Param
from ..errors import InputError, RevenueError
from ..inputs.distributions import Dist, UncertainContingent, pert_shape
from .estimate import dated_year, year_period
from .sensitivity import CLIP

Array = npt.NDArray[np.float64]
Cents = npt.NDArray[np.int64]
#: A parameter's draws: an array, or a constant held exactly.
Draws = Array | Fraction

#: ``--correlate`` names: option names (with ``-`` or ``_``) and column names.
CORRELATE_NAMES: Final = {
    **{p.name: p.name for p in PARAMS},
    **{p.option.removeprefix("--"): p.name for p in PARAMS},
    **{p.option.removeprefix("--").replace("-", "_"): p.name for p in PARAMS},
}


def draw(dist: Dist, n: int, rng: np.random.Generator) -> Array | float:
    """``n`` draws of ``dist`` (a constant stays a scalar, to save the work)."""
    a = dist.args
    if dist.kind == "constant":
        return a[0]
    if dist.kind == "normal":
        return rng.normal(a[0], a[1], n)
    if dist.kind == "lognormal":
        return rng.lognormal(a[0], a[1], n)
    if dist.kind == "uniform":
        return rng.uniform(a[0], a[1], n)
    if dist.kind == "triangular":
        return rng.triangular(a[0], a[1], a[2], n)
    alpha, beta = pert_shape(a)
    return a[0] + rng.beta(alpha, beta, n) * (a[2] - a[0])


def parse_correlations(specs: Sequence[str]) -> dict[tuple[str, str], float]:
    """``troops:monthly_pay=0.6`` -> {("troops", "monthly_pay_usd"): 0.6}; InputError if bad."""
    out: dict[tuple[str, str], float] = {}
    names = ", ".join(sorted({k for k in CORRELATE_NAMES if "_" not in k or k in PARAM_BY_NAME}))
    for spec in specs:
        pair, eq, value = spec.partition("=")
        left, colon, right = pair.partition(":")
        a, b = CORRELATE_NAMES.get(left.strip()), CORRELATE_NAMES.get(right.strip())
        if leading_zero(value):
            raise InputError(leading_zero_error("--correlate", value))
        # ASCII digits only, as every other number: float() would take ٠.٥, 1_0 and 1e-1.
        plain = PLAIN_NUMBER.fullmatch(value.strip())
        rho = float(value) if eq and colon and plain else math.nan
        if a is None or b is None or not (-1 <= rho <= 1):
            raise InputError(
                f"--correlate: expected NAME:NAME=RHO with RHO in -1..1 and NAME one of {names}, "
                f"got {spec!r}"
            )
        if a == b:
            raise InputError(f"--correlate: {spec!r} pairs a parameter with itself")
        out[(a, b) if a < b else (b, a)] = rho
    return out


def _correlate(
    draws: dict[str, Draws],
    corr: Mapping[tuple[str, str], float],
    rng: np.random.Generator,
    n: int,
) -> None:
    """Reorder the draws in place to the requested Spearman rank correlations (Iman-Conover):
    each input keeps its own values, so its distribution is unchanged."""
    names = sorted({x for pair in corr for x in pair})
    for name in names:
        if not isinstance(draws[name], np.ndarray):
            raise InputError(f"--correlate: {name} is not uncertain; give it a distribution")
    k = len(names)
    target = np.eye(k)
    for (a, b), rho in corr.items():
        i, j = names.index(a), names.index(b)
        # Spearman rho of a bivariate normal is (6/pi) asin(r/2): convert to Pearson r.
        target[i, j] = target[j, i] = 2 * math.sin(math.pi * rho / 6)
    values, vectors = np.linalg.eigh(target)
    if values.min() < -1e-9:
        raise InputError(
            "--correlate: these correlations are impossible together (the correlation matrix "
            "is not positive semi-definite)"
        )
    factor = vectors * np.sqrt(np.clip(values, 0, None))
    scores = rng.standard_normal((n, k)) @ factor.T
    for col, name in enumerate(names):
        arr = draws[name]
        assert isinstance(arr, np.ndarray)
        ranks = np.argsort(np.argsort(scores[:, col]))
        draws[name] = np.sort(arr)[ranks]


@dataclass(frozen=True)
class Part:
    """One contingent's samples, as ``--samples-out`` writes them.

    Args:
        name: the contingent's label.
        samples: number of draws.
        draws: each parameter's draws (an array) or exact constant; for a dated contingent
            ``months`` is the months deployed in the year counted.
        cents: each term of ``TERMS`` in cents, rounded half up (an array, or an exact int
            when all its factors are constant).
    """

    name: str
    samples: int
    draws: dict[str, Draws]
    cents: tuple[Cents | int, ...]

    @property
    def total(self) -> Cents | int:
        """Each sample's total in cents: the sum of its terms."""
        total: Cents | int = 0
        for c in self.cents:
            total = total + c
        return total


@dataclass(frozen=True)
class Simulation:
    """The result of a simulation.

    Args:
        samples: number of draws.
        seed: the seed that reproduces it.
        cents: each sample's total revenue in cents (int64; float64 only beyond its range).
        clipped: per parameter, how many draws fell outside its range and were clipped.
        year: the year dated contingents were counted in (None: none is dated).
    """

    samples: int
    seed: int
    cents: Cents | Array
    clipped: dict[str, int]
    year: int | None = None

    @property
    def totals(self) -> Array:
        """Each sample's total in USD, as floats (for charts)."""
        return self.cents / 100

    def quantiles(self, qs: Sequence[float]) -> dict[float, Fraction]:
        """The percentiles ``qs`` of the totals in USD, exactly: numpy's linear
        interpolation between order statistics, over fractions (one partial sort)."""
        n = self.samples
        at = {q: Fraction(q) / 100 * (n - 1) for q in qs}
        low = {q: math.floor(v) for q, v in at.items()}
        kth = sorted({*low.values(), *(min(i + 1, n - 1) for i in low.values())})
        ordered = np.partition(self.cents, kth)
        out = {}
        for q, v in at.items():
            i = low[q]
            lo = Fraction(ordered[i].item())
            hi = Fraction(ordered[min(i + 1, n - 1)].item())
            out[q] = (lo + (hi - lo) * (v - i)) / 100
        return out

    def percentiles(self, qs: Sequence[float]) -> list[float]:
        """The percentiles ``qs`` of the totals in USD, as floats."""
        values = self.quantiles(qs)
        return [float(values[q]) for q in qs]

    @property
    def mean_usd(self) -> Fraction:
        """The mean total in USD: exact while the sum of the cents fits in int64."""
        a, n = self.cents, self.samples
        if a.dtype == np.int64:
            if int(a.max()) * n < 2**63:
                return Fraction(int(a.sum()), 100 * n)
            first = int(a[0])
            return (first + Fraction(float((a - first).mean()))) / 100
        return Fraction(float(a.mean())) / 100

    @property
    def mean(self) -> float:
        return float(self.mean_usd)

    @property
    def sd(self) -> float:
        return float(self.cents.std(ddof=1)) / 100 if self.samples > 1 else 0.0


def constant_value(p: Param, dist: Dist) -> tuple[Fraction, bool]:
    """A constant's exact value, clipped to its parameter's range and rounded half up to its
    places, and whether it had to be clipped."""
    value = Fraction(dist.exact) if dist.exact is not None else Fraction(dist.args[0])
    lo, hi = Fraction(p.low), Fraction(p.high)
    scaled = min(max(value, lo), hi) * 10**p.places
    rounded = Fraction(half_up(scaled.numerator, scaled.denominator), 10**p.places)
    return rounded, not lo <= value <= hi


def term_cents(term: Term, draws: Mapping[str, Draws], when: Period | None) -> Cents | int:
    """One term of ``TERMS`` in cents for every sample, rounded half up: the product of its
    factors' draws, constants multiplied exactly, times its accrual in ``when``."""
    num, den = accrual(term, when)
    constant = Fraction(100 * num, den)
    arrays: list[Array] = []
    for f in term.factors:
        x = draws[f]
        if isinstance(x, np.ndarray):
            arrays.append(x)
        else:
            constant *= x
    if not arrays or constant == 0:
        return half_up(constant.numerator, constant.denominator)
    product = arrays[0] * float(constant)
    for x in arrays[1:]:
        product *= x
    drawn = [PARAM_BY_NAME[f] for f in term.factors if isinstance(draws[f], np.ndarray)]
    if constant.denominator != 1 or not all(p.integer for p in drawn):
        # Half up to the cent (a product of whole numbers is already whole).
        product += 0.5
        np.floor(product, out=product)
    return product.astype(np.int64)


def sample(
    c: UncertainContingent,
    samples: int,
    rng: np.random.Generator,
    correlations: Mapping[tuple[str, str], float] | None,
    when: Period | None,
    clipped: dict[str, int],
) -> Part:
    """Draw one contingent's parameters (clipped to their ranges, rounded to their places) and
    compute its terms; count clipped draws in ``clipped``."""
    d: dict[str, Draws] = {}
    for p in PARAMS:
        dist = c.dists[p.name]
        if dist.uncertain:
            d[p.name] = np.asarray(draw(dist, samples, rng))
        else:
            d[p.name], out = constant_value(p, dist)
            clipped[p.name] += samples if out else 0
    if correlations:
        _correlate(d, correlations, rng, samples)
    for p in PARAMS:
        x = d[p.name]
        if isinstance(x, np.ndarray):
            lo, hi = CLIP[p.name]
            # Two cheap reductions first: most draws need no clipping at all.
            if x.min() < lo or x.max() > hi:
                clipped[p.name] += int(np.count_nonzero((x < lo) | (x > hi)))
                np.clip(x, lo, hi, out=x)
            # Each draw a valid input, as --samples-out prints it: rounded to its places.
            np.round(x, p.places, out=x)
        d[p.name] = in_period(p.name, x, when)
    return Part(c.name, samples, d, tuple(term_cents(t, d, when) for t in TERMS))


def simulate(
    contingents: Sequence[UncertainContingent],
    samples: int,
    seed: int | None = None,
    correlations: Mapping[tuple[str, str], float] | None = None,
    year: int | None = None,
    each: Callable[[Part], None] | None = None,
) -> Simulation:
    """Draw ``samples`` outcomes of the model.

    Args:
        contingents: the contingents; each is drawn independently of the others.
        samples: number of draws.
        seed: random seed; None draws one (and the result says which).
        correlations: Spearman rank correlations between parameters, within each contingent.
        year: the year dated contingents are counted in (default: ``default_year()``).
        each: called with each contingent's samples as they are drawn (then dropped).
    """
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> 1)
    rng = np.random.default_rng(seed)
    counted = dated_year(contingents, year)
    clipped = {p.name: 0 for p in PARAMS}
    total: Cents | Array | None = None  # the running total of the contingents drawn
    fixed = 0  # the cents of contingents whose inputs are all constant
    bound = 0  # the largest total possible so far: beyond int64's range, add as floats
    try:
        for c in contingents:
            when = None if c.start is None or counted is None else year_period(c, counted)
            part = sample(c, samples, rng, correlations, when, clipped)
            cents = part.total
            if isinstance(cents, int):
                fixed += cents
                bound += cents
            else:
                bound += int(cents.max())
                if total is None:
                    total = cents  # a new array, not one of the part's
                else:
                    if bound >= 2**62 and total.dtype == np.int64:
                        total = total.astype(np.float64)
                    total += cents
            if each is not None:
                each(part)
            del part, cents  # only the running total outlives a contingent
        if total is None:  # every input constant
            dtype = np.int64 if bound < 2**62 else np.float64
            total = np.full(samples, fixed, dtype=dtype)  # type: ignore[assignment]
        elif fixed:
            total += fixed
    except MemoryError:
        raise RevenueError(
            f"out of memory drawing {samples:,} samples: try a smaller --samples"
        ) from None
    assert total is not None
    return Simulation(samples, seed, total, clipped, counted)


def samples_writer(out: IO[str], several: bool, chunk: int = 1 << 16) -> Callable[[Part], None]:
    """Write the ``--samples-out`` header to ``out`` and return what writes a contingent's
    samples under it (``simulate``'s ``each``): one row per sample (and contingent), with the
    ``estimate`` columns, money in exact cents (so the terms add up to the total)."""
    out.write(",".join((("sample", "contingent") if several else ("sample",)) + COLUMNS) + "\n")

    def write(part: Part) -> None:
        cents: dict[str, Cents | int] = {
            t.column: c for t, c in zip(TERMS, part.cents, strict=True)
        }
        cents["total_usd"] = part.total
        fmt = [f"%d,{_csv_text(part.name)}" if several else "%d"]
        arrays: list[tuple[bool, Any]] = []  # (in cents?, array), in column order
        for col in COLUMNS:
            if col in cents:
                x: Any = cents[col]
                is_cents, places, text = True, 2, "%d.%02d"
            else:
                p = PARAM_BY_NAME[col]
                x = part.draws[col]
                is_cents, places, text = False, p.places, f"%.{p.places}f" if p.places else "%d"
            if isinstance(x, np.ndarray):
                arrays.append((is_cents, x))
                fmt.append(text)
            else:  # a constant: written once into the line's format
                fmt.append(_fixed(Fraction(x) / 100 if is_cents else Fraction(x), places))
        line = ",".join(fmt) + "\n"
        for i in range(0, part.samples, chunk):
            j = min(i + chunk, part.samples)
            cols: list[list[Any]] = [list(range(i + 1, j + 1))]
            for is_cents, x in arrays:
                if is_cents:
                    whole, frac = np.divmod(x[i:j], 100)
                    cols += [whole.tolist(), frac.tolist()]
                else:
                    cols.append(x[i:j].tolist())
            out.write("".join(line % row for row in zip(*cols, strict=True)))

    return write


def _fixed(value: Fraction, places: int) -> str:
    """An exact value with ``places`` decimals (it has no more): ``12.000000``, ``2000.50``."""
    units = value * 10**places
    whole, frac = divmod(units.numerator // units.denominator, 10**places)
    return f"{whole}.{frac:0{places}d}" if places else str(whole)


def _csv_text(text: str) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([text])
    return buf.getvalue().replace("%", "%%")


def percentile_label(q: float) -> str:
    """A percentile as plain decimal text, never an exponent: ``5``, ``2.5``, ``0.0000001``."""
    text = format(Decimal(repr(q)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percentile_column(q: float) -> str:
    """``p5_usd`` for 5, ``p2_5_usd`` for 2.5, ``p0_0000001_usd`` for 1e-7."""
    return f"p{percentile_label(q).replace('.', '_')}_usd"


def parse_percentiles(text: str) -> list[float]:
    """``5,25,50,75,95`` -> [5.0, 25.0, ...]; InputError unless each is in 0..100."""
    import re

    out = []
    for part in text.split(","):
        p = part.strip()
        if leading_zero(p):
            raise InputError(leading_zero_error("--percentiles", p))
        if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", p, re.ASCII) or not 0 <= float(p) <= 100:
            raise InputError(
                f"--percentiles: expected numbers from 0 to 100 separated by commas, got {text!r}"
            )
        out.append(float(p))
    return out


def summary(
    sim: Simulation, qs: Sequence[float], values: Mapping[float, Fraction] | None = None
) -> dict[str, Any]:
    """Samples, seed, mean, sd, the percentiles ``qs`` (``values`` if already computed by
    ``Simulation.quantiles``), in whole dollars rounded half up, the number of clipped draws
    and, when contingents are dated, the year counted."""
    if values is None:
        values = sim.quantiles(qs)
    return {
        "samples": sim.samples,
        "seed": sim.seed,
        "mean_usd": whole_usd(sim.mean_usd),
        "sd_usd": whole_usd(Fraction(sim.sd)),
        **{percentile_column(q): whole_usd(values[q]) for q in qs},
        "clipped": sum(sim.clipped.values()),
        **({"year": sim.year} if sim.year is not None else {}),
    }


def whole_usd(value: Fraction) -> int:
    """An amount in USD rounded half up to the dollar."""
    return half_up(value.numerator, value.denominator)


def histogram(sim: Simulation, bins: int = 16) -> tuple[list[int], list[float]]:
    """Counts and edges of the totals between their 0.5th and 99.5th percentiles."""
    totals = sim.totals
    lo, hi = np.percentile(totals, [0.5, 99.5])
    if hi <= lo:
        hi = lo + 1
    counts, edges = np.histogram(totals, bins=bins, range=(lo, hi))
    return [int(c) for c in counts], [float(e) for e in edges]
