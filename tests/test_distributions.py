"""Distributions as text, PERT and beta quantiles against references, clipping and rank
correlation."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pytest
from conftest import Run
from helpers import record

from dprk_ru.analysis.simulate import draw, simulate
from dprk_ru.cli.uncertain import parse_correlations
from dprk_ru.inputs.distributions import Z95, beta_ppf, betainc, parse_dist
from dprk_ru.scenarios.uncertain import uncertain_from_options

# PERT quantiles: min + (max - min) * x with I_x(alpha, beta) = q, found by mpmath at 40
# digits (bisection on mpmath.betainc, 140 steps). pert(0,0,1) is Beta(1,5), whose quantile
# is 1 - (1 - q)**(1/5) in closed form: 0.0102062183..., 0.1294494367..., 0.4507197283...
PERT_QUANTILES = [
    ((1000, 2000, 4000), 0.05, 1328.4971759949832922),
    ((1000, 2000, 4000), 0.5, 2127.4375210123631724),
    ((1000, 2000, 4000), 0.95, 3139.8621596396433583),
    ((8000, 10000, 14000), 0.5, 10254.875042024726345),
    ((0, 0, 1), 0.05, 0.010206218313011495769),
    ((0, 0, 1), 0.5, 0.12944943670387586086),
    ((0, 0, 1), 0.95, 0.45071972834694112389),
    ((0, 1, 1), 0.05, 0.54928027165305887611),
    ((0, 1, 1), 0.95, 0.98979378168698850423),
    ((0, 1, 1000), 0.05, 10.352903521807385744),
    ((0, 1, 1000), 0.5, 130.17416126876405224),
    ((0, 1, 1000), 0.95, 451.71236687528833813),
    ((0, 999, 1000), 0.05, 548.28763312471166187),
    ((0, 999, 1000), 0.95, 989.64709647819261426),
    ((0, 10000, 50000), 0.05, 2948.8693805908621472),
    ((0, 10000, 50000), 0.5, 13833.612969625942074),
    ((0, 10000, 50000), 0.95, 31063.836200809516068),
    ((0.3, 0.5, 0.6), 0.5, 0.48725624789876368276),
]


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def test_closed_form_product_of_lognormals(run: Run) -> None:
    """p50 and mean of troops x pay x 12 match the lognormal closed forms within 1%."""
    row = record(run, "--troops", "8000 to 12000", "--monthly-pay", "1500 to 2500", "--bonus",
                 "0", "--samples", "200000", "--seed", "7")  # fmt: skip
    mu = (math.log(8000 * 12000) + math.log(1500 * 2500)) / 2 + math.log(12)
    var = ((math.log(12000 / 8000)) ** 2 + (math.log(2500 / 1500)) ** 2) / (2 * Z95) ** 2
    assert float(row["p50_usd"]) == pytest.approx(math.exp(mu), rel=0.01)
    assert float(row["mean_usd"]) == pytest.approx(math.exp(mu + var / 2), rel=0.01)
    assert row["samples"] == "200000" and row["seed"] == "7" and row["clipped"] == "0"
    assert row["troops"] == "8000 to 12000" and row["months"] == "12"


@pytest.mark.parametrize(("args", "q", "want"), PERT_QUANTILES)
def test_pert_quantile_against_a_high_precision_reference(
    args: tuple[float, float, float], q: float, want: float
) -> None:
    """A pert's quantile is the scaled beta quantile to ~1e-12 of its range, skewed or not
    (the quantile that bisected a Simpson-integrated pdf was off by 0.4% at pert(0,1,1000)'s
    95th percentile)."""
    got = parse_dist(f"pert({args[0]},{args[1]},{args[2]})", "--x").ppf(q)
    assert got == pytest.approx(want, rel=1e-12, abs=1e-12 * (args[2] - args[0]))


def test_pert_reference_table_is_right() -> None:
    """The table above agrees with closed forms (Beta(1,5) and its mirror Beta(5,1)) and,
    where mpmath is installed, with mpmath recomputed here."""
    for (lo, _, hi), q, want in PERT_QUANTILES:
        if (lo, hi) == (0, 1) and _ == 0:
            assert want == pytest.approx(1 - (1 - q) ** 0.2, rel=1e-14)
        if (lo, hi) == (0, 1) and _ == 1:
            assert want == pytest.approx(q**0.2, rel=1e-14)
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 30
    for (lo, mode, hi), q, want in PERT_QUANTILES[:3]:
        a = 1 + 4 * mpmath.mpf(mode - lo) / (hi - lo)
        b = 1 + 4 * mpmath.mpf(hi - mode) / (hi - lo)
        x = (mpmath.mpf(want) - lo) / (hi - lo)
        assert float(mpmath.betainc(a, b, 0, x, regularized=True)) == pytest.approx(q, rel=1e-13)


def test_beta_ppf_inverts_betainc() -> None:
    """beta_ppf and betainc are inverses over the shapes a pert takes (alpha + beta = 6),
    into the far tails, and betainc keeps its symmetry I_x(a,b) = 1 - I_{1-x}(b,a)."""
    for alpha in (1.0, 1.0004, 1.5, 3.0, 4.2, 5.0):
        beta = 6 - alpha
        for q in (1e-9, 0.001, 0.05, 0.3, 0.5, 0.95, 0.999, 1 - 1e-9):
            x = beta_ppf(alpha, beta, q)
            assert betainc(alpha, beta, x) == pytest.approx(q, rel=1e-11, abs=1e-15)
            assert betainc(alpha, beta, x) == pytest.approx(1 - betainc(beta, alpha, 1 - x))


@pytest.mark.parametrize(
    ("text", "mean", "p05", "p95"),
    [
        ("8000 to 12000", None, 8000, 12000),
        ("-10 to 10", 0, -10, 10),
        ("uniform(1000,3000)", 2000, 1100, 2900),
        ("normal(2000,100)", 2000, 2000 - Z95 * 100, 2000 + Z95 * 100),
        ("lognormal(7.6,0.1)", math.exp(7.6 + 0.005), math.exp(7.6 - 0.1 * Z95),
         math.exp(7.6 + 0.1 * Z95)),
        ("triangular(1000,2000,4000)", 7000 / 3, None, None),
        ("pert(1000,2000,4000)", (1000 + 8000 + 4000) / 6, None, None),
        ("2000", 2000, 2000, 2000),
    ],
)  # fmt: skip
def test_distribution_forms(text: str, mean: float | None, p05: float | None,
                            p95: float | None) -> None:  # fmt: skip
    """Each form parses to the right distribution: draws match its mean and percentiles."""
    d = parse_dist(text, "--x")
    draws = np.asarray(draw(d, 400_000, np.random.default_rng(1)))
    if mean is not None:
        assert d.mean() == pytest.approx(mean, rel=1e-9, abs=1e-9)
        assert float(draws.mean()) == pytest.approx(mean, rel=0.01, abs=0.05)
    if p05 is not None:
        assert d.ppf(0.05) == pytest.approx(p05, rel=1e-9)
        assert d.ppf(0.95) == pytest.approx(p95, rel=1e-9)
        assert float(np.percentile(draws, 5)) == pytest.approx(p05, rel=0.01, abs=0.2)
    q = np.percentile(draws, [10, 50, 90]) if draws.ndim else [float(draws)] * 3
    for level, value in zip((0.1, 0.5, 0.9), q, strict=True):
        assert d.ppf(level) == pytest.approx(float(value), rel=0.01, abs=0.2)


@pytest.mark.parametrize(
    "text", ["12 to 8", "uniform(5)", "normal(1,-1)", "1 to", "__import__('os').system('id')",
             "uniform(3,1)", "pert(3,1,2)", "lognormal(1,0)", "beta(1,2)", "1e3", "nan", ""],
)  # fmt: skip
@pytest.mark.parametrize("command", ["simulate", "sensitivity"])
def test_refused_distributions(run: Run, command: str, text: str) -> None:
    """Bad distributions exit 2 with one line showing the accepted forms; never evaluated."""
    r = run(command, "--troops", text)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith("Error: --troops: ")
    assert "uniform(A,B)" in r.stderr and "pert(MIN,MODE,MAX)" in r.stderr


def test_clipping_counted_and_integers_rounded(run: Run, tmp_path: Path) -> None:
    """Draws outside the valid range are clipped and counted; troops are whole numbers."""
    samples = tmp_path / "draws.csv"
    row = record(run, "--troops", "-1000 to 3000", "--state-share", "normal(0.9,0.2)",
                 "--samples", "20000", "--seed", "3", "--samples-out", str(samples))  # fmt: skip
    assert int(row["clipped"]) > 2000
    draws = list(csv.DictReader(io.StringIO(samples.read_text())))
    assert len(draws) == 20000
    assert list(draws[0]) == ["sample", "troops", "state_share", "pay_total_usd",
                              "bonus_total_usd", "death_total_usd", "total_usd"]  # fmt: skip
    assert all(float(d["troops"]) >= 0 and d["troops"].isdigit() for d in draws)
    assert all(0 <= float(d["state_share"]) <= 1 for d in draws)
    mean = sum(float(d["total_usd"]) for d in draws) / len(draws)
    assert mean == pytest.approx(float(row["mean_usd"]), abs=1)


@pytest.mark.parametrize("rho", [0.6, -0.4, 0.95])
def test_correlation_rank_and_marginals(rho: float) -> None:
    """The Spearman correlation is within 0.01 of the request and marginals are unchanged."""
    cs = uncertain_from_options({"troops": "uniform(5000,15000)",
                                 "monthly_pay_usd": "pert(1000,2000,4000)"})  # fmt: skip
    corr = parse_correlations([f"troops:monthly-pay={rho}"])
    kept = [simulate(cs, 100_000, seed=11, correlations=c, keep=True).kept for c in (corr, None)]
    assert kept[0] is not None and kept[1] is not None
    # draws in units (cents): ranks are the same
    d, f = ({k: x for k, (_, x) in k_.draws.items()} for k_ in (kept[0], kept[1]))
    assert spearman(d["troops"], d["monthly_pay_usd"]) == pytest.approx(rho, abs=0.01)
    qs = [1, 5, 25, 50, 75, 95, 99]
    for name in ("troops", "monthly_pay_usd"):
        assert np.array_equal(np.percentile(d[name], qs), np.percentile(f[name], qs))


def test_z95_is_the_normal_95th_percentile() -> None:
    """The written-out z of the 95th percentile is the standard normal's, to the last bit."""
    from statistics import NormalDist

    assert NormalDist().inv_cdf(0.95) == Z95
