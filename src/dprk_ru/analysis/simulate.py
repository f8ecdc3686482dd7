"""Monte Carlo simulation and sensitivity of the model, vectorised with numpy.

numpy is imported here and only here (and in ``charts``); nothing on the path of
``estimate`` or ``sweep`` imports this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..core.money import PLAIN_NUMBER, leading_zero, leading_zero_error
from ..core.params import PARAM_BY_NAME, PARAMS
from ..errors import InputError
from ..inputs.distributions import Dist, UncertainContingent, pert_shape
from .sensitivity import CLIP

Array = npt.NDArray[np.float64]

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
    draws: dict[str, Array | float],
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
class Simulation:
    """The result of a simulation.

    Args:
        samples: number of draws.
        seed: the seed that reproduces it.
        totals: the total revenue of each draw, USD.
        parts: per contingent, the draws of each parameter and the pay and bonus totals.
        clipped: per parameter, how many draws fell outside its range and were clipped.
    """

    samples: int
    seed: int
    totals: Array
    parts: list[tuple[str, dict[str, Array | float]]]
    clipped: dict[str, int]

    def percentiles(self, qs: Sequence[float]) -> list[float]:
        return [float(x) for x in np.percentile(self.totals, qs)]

    @property
    def mean(self) -> float:
        return float(self.totals.mean())

    @property
    def sd(self) -> float:
        return float(self.totals.std(ddof=1)) if self.samples > 1 else 0.0


def simulate(
    contingents: Sequence[UncertainContingent],
    samples: int,
    seed: int | None = None,
    correlations: Mapping[tuple[str, str], float] | None = None,
) -> Simulation:
    """Draw ``samples`` outcomes of the model.

    Args:
        contingents: the contingents; each is drawn independently of the others.
        samples: number of draws.
        seed: random seed; None draws one (and the result says which).
        correlations: Spearman rank correlations between parameters, within each contingent.
    """
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> 1)
    rng = np.random.default_rng(seed)
    total: Array = np.zeros(0)
    parts: list[tuple[str, dict[str, Array | float]]] = []
    clipped = {p.name: 0 for p in PARAMS}
    for c in contingents:
        d: dict[str, Array | float] = {p.name: draw(c.dists[p.name], samples, rng) for p in PARAMS}
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
                if p.integer:
                    np.rint(x, out=x)
        share = d["state_share"]
        # Skip multiplications by a constant 1 (the defaults): each is a pass over the draws.
        troops_share = d["troops"] if _is_one(share) else d["troops"] * share
        per_soldier = (
            d["monthly_pay_usd"] if _is_one(d["months"]) else d["monthly_pay_usd"] * d["months"]
        )
        pay = troops_share * per_soldier
        bonus = troops_share * d["bonus_usd"]
        if not _is_one(d["rotations"]):
            bonus = bonus * d["rotations"]
        death = d["killed"] * d["death_payment_usd"]
        death = death if _is_one(share) else death * share
        d["pay_total_usd"], d["bonus_total_usd"], d["death_total_usd"] = pay, bonus, death
        part_total = pay + bonus if _is_zero(death) else pay + bonus + death
        if not isinstance(part_total, np.ndarray):  # every input constant
            part_total = np.full(samples, part_total)
        total = part_total if not parts else total + part_total
        parts.append((c.name, d))
    return Simulation(samples, seed, total, parts, clipped)


def _is_one(x: Array | float) -> bool:
    return not isinstance(x, np.ndarray) and x == 1.0


def _is_zero(x: Array | float) -> bool:
    return not isinstance(x, np.ndarray) and x == 0.0


def write_samples(sim: Simulation, out: Any) -> None:
    """The draws as CSV, one row per sample (and contingent), with the ``estimate`` columns."""
    from ..core.params import COLUMNS

    several = len(sim.parts) > 1
    out.write(",".join((("sample", "contingent") if several else ("sample",)) + COLUMNS) + "\n")
    index = np.arange(1, sim.samples + 1)
    fmts = {"troops": "%d", "monthly_pay_usd": "%.2f", "months": "%.6f", "bonus_usd": "%.2f",
            "state_share": "%.6f", "pay_total_usd": "%.2f", "bonus_total_usd": "%.2f",
            "total_usd": "%.2f", "rotations": "%d", "killed": "%d", "death_payment_usd": "%.2f",
            "death_total_usd": "%.2f"}  # fmt: skip
    for name, d in sim.parts:
        d = {**d, "total_usd": d["pay_total_usd"] + d["bonus_total_usd"] + d["death_total_usd"]}
        cols = [
            np.broadcast_to(np.asarray(d[c], dtype=np.float64), (sim.samples,)) for c in COLUMNS
        ]
        table = np.column_stack([index, *cols])
        prefix = f"%d,{_csv_text(name)}," if several else "%d,"
        fmt = prefix + ",".join(fmts[c] for c in COLUMNS)
        np.savetxt(out, table, fmt=fmt, delimiter=",", newline="\n", comments="")


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
    sim: Simulation, qs: Sequence[float], values: Mapping[float, float] | None = None
) -> dict[str, Any]:
    """Samples, seed, mean, sd, the percentiles ``qs`` (whole dollars; ``values`` if already
    computed) and the number of clipped draws."""
    if values is None:
        values = dict(zip(qs, sim.percentiles(qs), strict=True))
    return {
        "samples": sim.samples,
        "seed": sim.seed,
        "mean_usd": round(sim.mean),
        "sd_usd": round(sim.sd),
        **{percentile_column(q): round(values[q]) for q in qs},
        "clipped": sum(sim.clipped.values()),
    }


def histogram(sim: Simulation, bins: int = 16) -> tuple[list[int], list[float]]:
    """Counts and edges of the totals between their 0.5th and 99.5th percentiles."""
    lo, hi = np.percentile(sim.totals, [0.5, 99.5])
    if hi <= lo:
        hi = lo + 1
    counts, edges = np.histogram(sim.totals, bins=bins, range=(lo, hi))
    return [int(c) for c in counts], [float(e) for e in edges]
