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

numpy is imported here and in what draws or writes the samples (``render/charts``,
``render/samples``, ``render/tables.histogram_counts``); nothing on the path of ``estimate``
or ``sweep`` imports this module. Writing the samples and counting the histogram are the
renderers' work; parsing ``--correlate`` and ``--percentiles`` is the CLI's
(``cli/uncertain``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..core.formula import TERMS, Period, Term, accrual, in_period
from ..core.money import half_up
from ..core.params import FACTORS, PARAM_BY_NAME, Param
from ..errors import InputError, LimitError, Named, RevenueError
from ..inputs.distributions import Dist, Quantity, UncertainContingent, pert_shape, quantities
from .estimate import dated_year, year_period
from .sensitivity import CLIP

#: The parameter the correlations are given by (``simulate``'s ``--correlate``).
CORRELATE: Final = Named("correlate")

Array = npt.NDArray[np.float64]
Cents = npt.NDArray[np.int64]


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


#: The most draws one simulation makes: samples times uncertain quantities (one or more).
#: Memory grows with both (each quantity shared, correlated or written by --samples-out is
#: held for every sample); at this ceiling a simulation stays under 1 GB and about a minute
#: (benchmarks/simulate_memory.py).
MAX_DRAWS: Final = 20_000_000


def check_draws(contingents: Sequence[UncertainContingent], samples: int) -> None:
    """LimitError, before any work, if ``samples`` draws of the uncertain quantities of
    ``contingents`` would pass ``MAX_DRAWS``."""
    count = max(len(quantities(contingents)), 1)
    if samples * count > MAX_DRAWS:
        raise LimitError("draws", samples * count, MAX_DRAWS, samples=samples, quantities=count)


def _correlate(
    draws: dict[str, Any],
    corr: Mapping[tuple[str, str], float],
    rng: np.random.Generator,
    n: int,
) -> None:
    """Reorder the draws in place to the requested Spearman rank correlations (Iman-Conover):
    each input keeps its own values, so its distribution is unchanged."""
    names = sorted({x for pair in corr for x in pair})
    for name in names:
        if not isinstance(draws[name], np.ndarray):
            raise InputError(CORRELATE, f": {name} is not uncertain; give it a distribution")
    k = len(names)
    target = np.eye(k)
    for (a, b), rho in corr.items():
        i, j = names.index(a), names.index(b)
        # Spearman rho of a bivariate normal is (6/pi) asin(r/2): convert to Pearson r.
        target[i, j] = target[j, i] = 2 * math.sin(math.pi * rho / 6)
    values, vectors = np.linalg.eigh(target)
    if values.min() < -1e-9:
        raise InputError(
            CORRELATE, ": these correlations are impossible together (the correlation matrix "
            "is not positive semi-definite)",
        )  # fmt: skip
    factor = vectors * np.sqrt(np.clip(values, 0, None))
    # The scores overwrite the normal draws they come from, a block of rows at a time: memory
    # for one n x k array, not two.
    scores = rng.standard_normal((n, k))
    for i in range(0, n, 1 << 16):
        scores[i : i + (1 << 16)] = scores[i : i + (1 << 16)] @ factor.T
    for col, name in enumerate(names):
        arr = draws[name]
        assert isinstance(arr, np.ndarray)
        # The i-th smallest draw goes where the i-th smallest score is (one argsort: the
        # inverse of the ranks' permutation is the order itself).
        order = np.argsort(scores[:, col])
        arr.sort()
        out = np.empty_like(arr)
        out[order] = arr
        del order
        draws[name] = out


@dataclass(frozen=True)
class ContingentSamples:
    """One contingent's samples, as ``--samples-out`` writes them.

    Args:
        name: the contingent's label.
        samples: number of draws.
        units: each parameter's draws in units of its last place (``monthly_pay_usd`` in
            cents, ``months`` in millionths), whole numbers: an array of them, or one exact
            constant; for a dated contingent ``months`` is the months deployed in the year.
        cents: each term of ``TERMS`` in cents, rounded half up: an array of whole numbers,
            or an exact int when all its factors are constant.
        bound: a bound on the total of any sample, in cents.
    """

    name: str
    samples: int
    units: dict[str, Array | int]
    cents: tuple[Array | int, ...]
    bound: int
    personnel: str = "soldiers"


@dataclass(frozen=True)
class Simulation:
    """The result of a simulation.

    Args:
        samples: number of draws.
        seed: the seed that reproduces it.
        cents: each sample's total revenue in cents (int64; float64 only beyond its range).
        clipped: per parameter, how many draws fell outside its range and were clipped.
        year: the year dated contingents were counted in (None: none is dated).
        kept: the draws and terms of every sample (``simulate(keep=True)``).
    """

    samples: int
    seed: int
    cents: Cents | Array
    clipped: dict[str, int]
    year: int | None = None
    kept: Kept | None = None

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


def constant_units(p: Param, value: Dist | int) -> tuple[int, bool]:
    """A constant in units of its parameter's last place, exactly (clipped to its range,
    rounded half up), and whether it had to be clipped."""
    if isinstance(value, Dist):
        exact = Fraction(value.exact if value.exact is not None else value.args[0])
    else:
        exact = Fraction(value)
    lo, hi = Fraction(p.low), Fraction(p.high)
    scaled = min(max(exact, lo), hi) * 10**p.places
    return half_up(scaled.numerator, scaled.denominator), not lo <= exact <= hi


def sampled_term_cents(
    term: Term, units: Mapping[str, Array | int], top: Mapping[str, float], when: Period | None
) -> tuple[Array | int, int]:
    """One term of ``TERMS`` in cents for every sample, rounded half up, and a bound on it:
    the product of its factors' draws (constants multiplied exactly), times its accrual in
    ``when``. ``top`` holds each drawn parameter's largest draw, in units."""
    num, den = accrual(term, when)
    constant = Fraction(100 * num, den)
    arrays: list[Array] = []
    bound = 1.0
    for f in term.factors:
        constant /= 10 ** PARAM_BY_NAME[f].places
        x = units[f]
        if isinstance(x, np.ndarray):
            arrays.append(x)
            bound *= top[f]
        else:
            constant *= x
    if not arrays or constant == 0:
        return half_up(constant.numerator, constant.denominator), 0
    # Whole numbers first (exact below 2**53), then the constant's numerator and, last, one
    # division by its denominator: correctly rounded, so an exact half cent stays one.
    product = arrays[0] * arrays[1] if len(arrays) > 1 else arrays[0] * constant.numerator
    for x in arrays[2:]:
        product *= x
    if len(arrays) > 1 and constant.numerator != 1:
        product *= constant.numerator
    if constant.denominator != 1:  # else a product of whole numbers: whole already
        product /= constant.denominator
        product += 0.5
        np.floor(product, out=product)
    return product, math.ceil(bound * float(constant)) + 1


def _units(p: Param, x: Array, clipped: dict[str, int]) -> tuple[Array, int]:
    """Draws of ``p`` clipped to its range (counted in ``clipped``) and made whole numbers of
    its last place, in place; and a bound on them."""
    lo, hi = CLIP[p.name]
    # Two cheap reductions first: most draws need no clipping at all.
    if x.min() < lo or (highest := float(x.max())) > hi:
        clipped[p.name] += int(np.count_nonzero((x < lo) | (x > hi)))
        np.clip(x, lo, hi, out=x)
        highest = float(x.max())
    # Each draw a valid input, as --samples-out prints it: a whole number of units.
    if p.places:
        x *= 10**p.places
    np.rint(x, out=x)
    return x, math.ceil(highest * 10**p.places) + 1


def sample(
    c: UncertainContingent,
    samples: int,
    rng: np.random.Generator,
    when: Period | None,
    clipped: dict[str, int],
    shared: Mapping[int, tuple[Array, int]],
    alone: Collection[int] = (),
) -> ContingentSamples:
    """One contingent's parameters for every sample and its terms: a quantity drawn already
    (``shared``, by the id of its ``Dist``: an option's, or one ``--correlate`` names) is
    taken as it is, the contingent's own are drawn here (clipped to their ranges, rounded to
    their places); clipped draws are counted in ``clipped``. Killed are capped at troops x
    rotations (``_cap_killed``): in place where the killed quantity is this contingent's
    alone (its own, or a shared one whose ``Dist`` id is in ``alone``), so that
    ``--samples-out`` prints the capped draw."""
    d: dict[str, Any] = {}
    top: dict[str, float] = {}
    mine: dict[int, tuple[Array, int]] = {}  # a Dist that sets several fields: drawn once
    for p in FACTORS:
        dist = in_period(p.name, c.dists[p.name], when)  # dated: the months of the period
        if isinstance(dist, Dist) and dist.uncertain:
            made = shared.get(id(dist)) or mine.get(id(dist))
            if made is None:
                made = mine[id(dist)] = _units(p, np.asarray(draw(dist, samples, rng)), clipped)
            d[p.name], top[p.name] = made
        else:
            d[p.name], out = constant_units(p, dist)
            clipped[p.name] += samples if out else 0
    killed = c.dists["killed"]
    mine_alone = id(killed) in mine or id(killed) in alone
    _cap_killed(d, top, samples, clipped, mine_alone)
    terms = [sampled_term_cents(t, d, top, when) for t in TERMS]
    bound = sum(b if isinstance(t, np.ndarray) else t for t, b in terms)
    return ContingentSamples(c.name, samples, d, tuple(t for t, _ in terms), bound, c.personnel)


def _cap_killed(
    d: dict[str, Any],
    top: dict[str, float],
    samples: int,
    clipped: dict[str, int],
    in_place: bool = False,
) -> None:
    """Killed drawn above everyone ever deployed (troops x rotations, as
    ``params.check_deployed`` allows) are capped there, in ``d``, each such draw counted in
    ``clipped``: in the drawn array itself with ``in_place`` (the draws are this
    contingent's alone), else in a new one (a quantity several contingents share stays as
    drawn, and ``--samples-out`` writes it so; the cap is each contingent's)."""
    killed, most = d["killed"], d["troops"] * d["rotations"]  # whole units: places 0
    if not isinstance(killed, np.ndarray) and not isinstance(most, np.ndarray):
        if killed > most:
            d["killed"] = most
            clipped["killed"] += samples
        return
    over = int(np.count_nonzero(killed > most))
    if over:
        clipped["killed"] += over
        if "killed" not in top:  # a constant made an array: its bound
            top["killed"] = float(killed)
        if in_place and isinstance(killed, np.ndarray):
            np.minimum(killed, most, out=killed)
        else:
            d["killed"] = np.minimum(killed, most).astype(np.float64)


def _resolve(
    name: str, found: Sequence[Quantity], contingents: Sequence[UncertainContingent]
) -> Quantity:
    """The quantity a ``--correlate`` name means: an option's by its field (``troops``), a
    scenario file's by ``contingent.field``; a bare field that only one contingent's file
    makes uncertain means that one."""
    if name in (q.name for q in found):
        return next(q for q in found if q.name == name)
    field = name.rpartition(".")[2]
    mine = [q for q in found if q.name.rpartition(".")[2] == field]
    if "." not in name and len(mine) == 1:
        return mine[0]
    known = ", ".join(q.name for q in found) or "none"
    raise InputError(
        CORRELATE, f": {name} is not an uncertain quantity here (give it a distribution, or "
        f"name a contingent's as CONTINGENT.FIELD); uncertain: {known}",
    )  # fmt: skip


def simulate(
    contingents: Sequence[UncertainContingent],
    samples: int,
    seed: int | None = None,
    correlations: Mapping[tuple[str, str], float] | None = None,
    year: int | None = None,
    keep: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Simulation:
    """Draw ``samples`` outcomes of the model.

    Args:
        contingents: the contingents. A distribution given as an option is one quantity:
            each sample draws it once and applies it to every contingent it reaches. One
            written in a scenario file belongs to its contingent, independent of the others
            unless ``correlations`` name it (``first-wave.troops``).
        samples: number of draws.
        seed: random seed; None draws one (and the result says which).
        correlations: Spearman rank correlations between quantities, by name
            (``quantities``: ``troops``, ``first-wave.troops``).
        year: the year dated contingents are counted in (default: ``default_year()``).
        keep: keep each quantity's draws and each term's sum (for ``--samples-out``);
            memory then grows with samples times quantities.
        progress: called with 1 after the shared draws and after each contingent
            (``simulate_steps`` in all).
    """
    check_draws(contingents, samples)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> 1)
    rng = np.random.default_rng(seed)
    # Each uncertain contingent carries its scenario's as-of month, the default year's source.
    counted = dated_year(contingents, year, contingents[0] if contingents else None)
    clipped = {p.name: 0 for p in FACTORS}
    found = quantities(contingents)
    pairs = {
        (_resolve(a, found, contingents).name, _resolve(b, found, contingents).name): rho
        for (a, b), rho in (correlations or {}).items()
    }
    correlated = {x for pair in pairs for x in pair}
    # Drawn first: what more than one contingent shares, what is correlated, and (to write
    # every sample as one row) everything when ``keep``.
    first = [q for q in found if keep or len(q.holders) > 1 or q.name in correlated]
    raw: dict[str, Any] = {q.name: np.asarray(draw(q.dist, samples, rng)) for q in first}
    for a, b in pairs:
        if a == b:
            raise InputError(CORRELATE, f": {a} is paired with itself")
    if pairs:
        _correlate(raw, pairs, rng, samples)
    shared = {
        id(q.dist): _units(PARAM_BY_NAME[q.holders[0][1]], raw[q.name], clipped) for q in first
    }
    if progress is not None:
        progress(1)
    alone = {id(q.dist) for q in found if len(q.holders) == 1}  # capped in place
    total: Cents | Array | None = None  # the running total of the contingents drawn
    fixed = 0  # the exact cents of terms whose factors are all constant
    bound = 0  # a bound on the total so far: beyond int64's range, add as floats
    sums: list[Any] = [0] * len(TERMS)  # each term over the contingents (with ``keep``)
    try:
        for c in contingents:
            when = None if c.start is None or counted is None else year_period(c, counted)
            part = sample(c, samples, rng, when, clipped, shared, alone)
            bound += part.bound
            for t, cents in enumerate(part.cents):
                if keep:
                    sums[t] = sums[t] + cents
                if isinstance(cents, int):
                    fixed += cents
                elif total is None:
                    total = cents.astype(np.int64 if bound < 2**62 else np.float64)  # type: ignore[assignment]
                else:
                    if bound >= 2**62 and total.dtype == np.int64:
                        total = total.astype(np.float64)
                    np.add(total, cents, out=total, dtype=total.dtype, casting="unsafe")
            del part  # only the running total outlives a contingent
            if progress is not None:
                progress(1)
        if total is None:  # every input constant
            dtype = np.int64 if bound < 2**62 else np.float64
            total = np.full(samples, fixed, dtype=dtype)  # type: ignore[assignment]
        elif fixed:
            total += fixed
    except MemoryError:
        raise RevenueError(
            f"out of memory drawing {samples:,} samples: try a smaller ", Named("samples")
        ) from None
    assert total is not None
    kept = None
    if keep:
        draws = {q.name: (PARAM_BY_NAME[q.holders[0][1]], shared[id(q.dist)][0]) for q in found}
        kept = Kept(draws, tuple(sums))
    return Simulation(samples, seed, total, clipped, counted, kept)


@dataclass(frozen=True)
class Kept:
    """What ``simulate(keep=True)`` keeps for ``--samples-out``.

    Args:
        draws: each uncertain quantity's parameter and draws, in units of its last place.
        terms: each term of ``TERMS`` summed over the contingents, in cents (an int where
            its factors are all constant).
    """

    draws: dict[str, tuple[Param, Array]]
    terms: tuple[Any, ...]


def simulate_steps(contingents: Sequence[UncertainContingent]) -> int:
    """The steps ``simulate`` reports to its ``progress``: the shared draws, then each
    contingent."""
    return 1 + len(contingents)


def percentile_label(q: float) -> str:
    """A percentile as plain decimal text, never an exponent: ``5``, ``2.5``, ``0.0000001``."""
    text = format(Decimal(repr(q)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percentile_column(q: float) -> str:
    """``p5_usd`` for 5, ``p2_5_usd`` for 2.5, ``p0_0000001_usd`` for 1e-7."""
    return f"p{percentile_label(q).replace('.', '_')}_usd"


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
