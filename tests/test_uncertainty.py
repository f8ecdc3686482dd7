"""`simulate`, `sensitivity`, distributions, correlations and charts."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from conftest import Run

from dprk_ru.analysis.simulate import draw, simulate
from dprk_ru.cli.uncertain import parse_correlations
from dprk_ru.errors import InputError
from dprk_ru.inputs.distributions import Z95, beta_ppf, betainc, parse_dist
from dprk_ru.scenarios.uncertain import uncertain_from_options


def record(run: Run, *args: str) -> dict[str, str]:
    r = run("simulate", *args, "-f", "csv")
    assert r.exit_code == 0, r.stderr
    return next(csv.DictReader(io.StringIO(r.stdout)))


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


def test_seed_reproducible(run: Run) -> None:
    """The same seed gives the same output byte for byte; another seed does not."""
    args = ("simulate", "--troops", "pert(5000,10000,20000)", "--bonus", "uniform(0,4000)",
            "--samples", "5000", "-f", "json")  # fmt: skip
    a, b = run(*args, "--seed", "42"), run(*args, "--seed", "42")
    assert a.stdout_bytes == b.stdout_bytes
    assert run(*args, "--seed", "43").stdout != a.stdout
    unseeded = json.loads(run(*args).stdout)[0]
    again = run(*args, "--seed", str(unseeded["seed"]))
    assert json.loads(again.stdout)[0] == unseeded


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


def _pert_file(path: Path) -> Path:
    """1,000 contingents with every parameter a pert: 9,000 uncertain quantities."""
    fields = {
        "troops": "pert(800,1000,1500)", "monthly_pay_usd": "pert(1500,2000,2600)",
        "bonus_usd": "pert(1000,2000,2500)", "rotations": "pert(1,1,2)",
        "killed": "pert(5,10,20)", "death_payment_usd": "pert(8000,10000,15000)",
        "pay_share": "pert(0.3,0.5,0.6)", "bonus_share": "pert(0.3,0.5,0.6)",
        "death_share": "pert(0.3,0.5,0.6)",
    }  # fmt: skip
    body = "".join(f'{k} = "{v}"\n' for k, v in fields.items())
    text = "".join(f'[[contingents]]\nname = "c{i}"\n{body}' for i in range(1000))
    path.write_text('name = "x"\n' + text, "utf-8")
    return path


@pytest.mark.parametrize("command", ["simulate", "report"])
def test_draws_ceiling_refuses_a_large_pert_file_at_once(
    run: Run, tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,223 samples x 9,000 quantities pass the 20,000,000 draws: refused before any
    quantile is taken (a quantile here fails the test; the time is benchmarks' to measure:
    benchmarks/scenario_files.py)."""
    import dprk_ru.inputs.distributions as distributions

    def no_quantile(*args: object) -> float:
        raise AssertionError("a quantile was taken before the ceiling was checked")

    path = _pert_file(tmp_path / "s.toml")
    monkeypatch.setattr(distributions, "beta_ppf", no_quantile)
    out = ["-o", str(tmp_path / "b.md")] if command == "report" else []
    r = run(command, "-s", str(path), "-n", "2223", *out)
    assert r.exit_code == 2, r.stderr
    assert "2,223 samples x 9,000 uncertain quantities is more than 20,000,000 draws" in r.stderr
    assert "give --samples 2222 or fewer" in r.stderr


def test_report_counts_the_draws_before_the_medians(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """report refuses too many draws before it works out a single median."""
    import dprk_ru.scenarios.medians as medians

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("medians computed before the draws were counted")

    monkeypatch.setattr(medians, "point_scenario", never)
    r = run("report", "--troops", "pert(800,1000,1500)", "--monthly-pay", "pert(1,2,3)",
            "--bonus", "pert(1,2,3)", "-n", "7000000", "-o", str(tmp_path / "b.md"))  # fmt: skip
    assert r.exit_code == 2, r.output
    assert "7,000,000 samples x 3 uncertain quantities is more than 20,000,000" in r.stderr


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


def test_plain_numbers_checked_like_estimate(run: Run) -> None:
    """A plain number is checked as estimate checks it."""
    r = run("simulate", "--troops", "1.5")
    assert r.exit_code == 2 and "whole number" in r.stderr


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


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


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


def test_correlation_names_and_errors(run: Run) -> None:
    """Names as options or columns; impossible matrices and constants exit 2."""
    assert parse_correlations(["monthly_pay_usd:troops=0.5"]) == {
        ("monthly_pay_usd", "troops"): 0.5
    }
    assert parse_correlations(["state-share:bonus=-1"]) == {("bonus_usd", "state_share"): -1.0}
    base = ("simulate", "--troops", "uniform(1,2)", "--monthly-pay", "uniform(1,2)",
            "--bonus", "uniform(1,2)", "--samples", "1000")  # fmt: skip
    r = run(*base, "--correlate", "troops:monthly_pay=0.9", "--correlate", "troops:bonus=0.9",
            "--correlate", "monthly_pay:bonus=-0.9")  # fmt: skip
    assert r.exit_code == 2 and "positive semi-definite" in r.stderr
    r = run(*base, "--correlate", "troops:months=0.5")
    assert r.exit_code == 2 and "months is not an uncertain quantity" in r.stderr
    for bad in ("troops:pay=0.5", "troops:monthly_pay=2", "troops=0.5", "troops:troops=0.5"):
        r = run(*base, "--correlate", bad)
        assert r.exit_code == 2 and r.stderr.startswith("Error: --correlate"), bad
    with pytest.raises(InputError):
        parse_correlations(["a:b"])


def test_simulate_table(run: Run) -> None:
    """The table shows a histogram and the 90% interval in words."""
    r = run("simulate", "--troops", "8000 to 12000", "--seed", "1", "--samples", "20000",
            "-f", "table")  # fmt: skip
    assert r.exit_code == 0
    assert "█" in r.stdout and "90% of outcomes fall between $" in r.stdout


def test_simulate_scenario_with_distributions(run: Run, tmp_path: Path) -> None:
    """A scenario file may give parameters as distribution strings; options override all."""
    f = tmp_path / "u.toml"
    f.write_text('name = "u"\n[[contingents]]\nname = "a"\ntroops = "uniform(9000,11000)"\n'
                 '[[contingents]]\nname = "b"\ntroops = 1000\nbonus_usd = 0\n')  # fmt: skip
    row = record(run, "--scenario", str(f), "--seed", "5", "--samples", "50000")
    assert row["scenario"] == "u"
    assert float(row["mean_usd"]) == pytest.approx(10_000 * 26_000 + 1000 * 24_000, rel=0.01)
    fixed = record(run, "--scenario", str(f), "--contingent", "a", "--contingent", "b",
                   "--troops", "10", "--seed", "5", "--samples", "10")  # fmt: skip
    assert fixed["p50_usd"] == str(10 * 26_000 + 10 * 24_000)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "u"\n[[contingents]]\ntroops = "lots"\n')
    r = run("simulate", "--scenario", str(bad))
    assert r.exit_code == 2 and "contingents[0].troops" in r.stderr


def test_sensitivity_known_case(run: Run) -> None:
    """Tornado rows: 5th/95th percentiles, others at medians, sorted by swing."""
    r = run("sensitivity", "--troops", "uniform(5000,15000)", "--monthly-pay",
            "uniform(1000,3000)", "-f", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["parameter"], x["low"], x["high"], x["total_at_low_usd"], x["total_at_high_usd"],
             x["swing_usd"]) for x in rows] == [
        ("troops", "5500", "14500", "143000000", "377000000", "234000000"),
        ("monthly_pay_usd", "1100", "2900", "152000000", "368000000", "216000000"),
    ]  # fmt: skip


def test_sensitivity_table_and_no_uncertainty(run: Run, tmp_path: Path) -> None:
    """The table draws a tornado; with no distribution, in any format, from options or a
    scenario, it is exit 2 with one line saying what it needs (not a bare header)."""
    r = run("sensitivity", "--troops", "8000 to 14000", "--bonus", "uniform(0,4000)", "-f", "table")
    assert r.exit_code == 0 and "█" in r.stdout and "│" in r.stdout
    for args in (("-f", "table"), ("-f", "csv"), ("--scenario", "kursk-2024", "--troops", "5")):
        none = run("sensitivity", *args, "-o", str(tmp_path / "out.csv"))
        assert none.exit_code == 2 and none.stdout == ""
        assert none.stderr == (
            "Error: sensitivity needs at least one parameter given as a distribution, e.g. "
            "--troops '8000 to 14000' (or troops = \"8000 to 14000\" in a --scenario file)\n"
        )
    assert list(tmp_path.iterdir()) == []


CHARTS = [
    ("simulate", "--troops", "8000 to 12000", "--samples", "2000", "--seed", "1"),
    ("sensitivity", "--troops", "8000 to 12000", "--monthly-pay", "pert(1500,2000,3000)"),
    ("sweep", "--troops", "5000:20000:5000", "--monthly-pay", "1500,2000"),
    ("compare",),
]


@pytest.mark.parametrize("args", CHARTS, ids=lambda a: a[0])
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_charts_written(run: Run, tmp_path: Path, args: tuple[str, ...], suffix: str) -> None:
    """Each --plot writes a valid PNG or SVG, and the data still goes to stdout."""
    path = tmp_path / f"chart{suffix}"
    r = run(*args, "--plot", str(path), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("\n") >= 2
    data = path.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    else:
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert b"Revenue" in data or b"revenue" in data
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_plot_bad_suffix_and_missing_matplotlib(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart path that is not .png/.svg exits 2; without matplotlib, exit 1 naming the extra."""
    r = run("compare", "--plot", str(tmp_path / "c.pdf"))
    assert r.exit_code == 2 and ".png or .svg" in r.stderr and r.stdout == ""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    r = run("compare", "--plot", str(tmp_path / "c.png"))
    assert r.exit_code == 1 and "pip install 'dprk-ru[plot]'" in r.stderr
    assert r.stdout == ""


def test_simulate_and_sensitivity_count_dated_contingents_in_the_year(run: Run) -> None:
    """Dated contingents count the months of --year they are deployed, and their bonus in
    their start year, as estimate does: deployments-2024-2025 in 2025 is $334,000,000 (pay
    $316M + bonuses $18M), not the undated $520,000,000."""
    row = record(run, "--scenario", "deployments-2024-2025", "--year", "2025", "--samples", "10",
                 "--seed", "1")  # fmt: skip
    assert (row["mean_usd"], row["sd_usd"], row["p5_usd"], row["p95_usd"], row["year"]) == (
        "334000000", "0", "334000000", "334000000", "2025",
    )  # fmt: skip
    # Without --year, the year estimate counts by default.
    est = run("estimate", "--scenario", "deployments-2024-2025", "--year", "2024", "-f", "csv")
    (total,) = [r for r in csv.DictReader(io.StringIO(est.stdout)) if r["contingent"] == "total"]
    row = record(run, "--scenario", "deployments-2024-2025", "--year", "2024", "--samples", "10")
    assert (row["mean_usd"], row["year"]) == (total["total_usd"], "2024")
    est_text = run("estimate", "--scenario", "deployments-2024-2025", "-f", "csv").stdout
    (total,) = [r for r in csv.DictReader(io.StringIO(est_text)) if r["contingent"] == "total"]
    row = record(run, "--scenario", "deployments-2024-2025", "--samples", "10", "--seed", "1")
    assert (row["mean_usd"], row["year"]) == (total["total_usd"], total["year"])
    # Pay uniform(1000,3000) is one quantity for every contingent: one row, whose ends are
    # estimate at 1,100 and 2,900: 2025 pays $316M at $2,000 and $18M of bonuses, so
    # 316M x 1100/2000 + 18M = $191.8M and 316M x 2900/2000 + 18M = $476.2M.
    r = run("sensitivity", "--scenario", "deployments-2024-2025", "--year", "2025",
            "--monthly-pay", "uniform(1000,3000)", "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "parameter,low,high,total_at_low_usd,total_at_high_usd,swing_usd,year",
        "monthly_pay_usd,1100,2900,191800000,476200000,284400000,2025",
    ]
    from dprk_ru.analysis.sensitivity import median_total
    from dprk_ru.scenarios.uncertain import uncertain_from_scenario

    _, cs = uncertain_from_scenario(
        "deployments-2024-2025", {"monthly_pay_usd": "uniform(1000,3000)"}
    )
    assert median_total(cs, 2025) == 334_000_000 == median_total(cs)  # 2025 by default


def test_samples_out_rows_add_up_and_are_estimates(run: Run, tmp_path: Path) -> None:
    """In --samples-out every row's pay, bonus and death payments add up to its total, in
    exact cents, and the row is (to the cent, but for a rare float tie) what estimate gives
    for the inputs it prints: draws are rounded to their parameters' places."""
    from dprk_ru.core.formula import evaluate
    from dprk_ru.core.params import FACTORS, PARAM_BY_NAME, Inputs

    out = tmp_path / "draws.csv"
    record(run, "--troops", "uniform(0,100000)", "--monthly-pay", "uniform(0,5000)", "--months",
           "uniform(0.5,12)", "--bonus", "2000 to 5000", "--state-share", "uniform(0,1)",
           "--rotations", "uniform(1,12)", "--killed", "uniform(0,1000)", "--death-payment",
           "pert(0,10000,50000)", "--samples", "20000", "--seed", "4",
           "--samples-out", str(out))  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 20000
    ties = 0
    money = ("pay_total_usd", "bonus_total_usd", "death_total_usd", "total_usd")
    for r in rows:
        assert all(r[c].count(".") == 1 and len(r[c].split(".")[1]) == 2 for c in money)
        got = [int(r[c].replace(".", "")) for c in money]
        assert got[0] + got[1] + got[2] == got[3]
        shares = dict.fromkeys(("pay_share", "bonus_share", "death_share"), r["state_share"])
        given = {**shares, **{k: v for k, v in r.items() if k in PARAM_BY_NAME}}
        values = {p.name: p.typed(Decimal(given[p.name])) for p in FACTORS}
        # killed drawn above troops x rotations are capped there (and counted as clipped)
        values["killed"] = min(values["killed"], values["troops"] * values["rotations"])
        e = evaluate(Inputs(**values))  # type: ignore[arg-type]
        want = [*e.cents, e.total_cents]
        if got != want:
            ties += 1
            assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 1
    assert ties <= 5


def test_samples_out_dated_scenario_one_row_a_sample(run: Run, tmp_path: Path) -> None:
    """A dated scenario's samples are one row a sample: the second wave's uncertain troops
    (11 months and its bonus in 2025), the others as the scenario gives them: 334M - 72M
    + troops x $2,000 x 12 (pay for 11 months, the bonus once)."""
    out = tmp_path / "draws.csv"
    record(run, "--scenario", "deployments-2024-2025", "--year", "2025", "--contingent",
           "second-wave", "--troops", "uniform(1000,2000)", "--samples", "3", "--seed", "1",
           "--samples-out", str(out))  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["sample"] for r in rows] == ["1", "2", "3"]
    for r in rows:
        troops = int(r["troops"])
        assert 1000 <= troops <= 2000
        assert r["total_usd"] == f"{262_000_000 + troops * 2000 * 12}.00"
        assert r["bonus_total_usd"] == f"{12_000_000 + troops * 2000}.00"


@pytest.mark.parametrize("command", ["simulate", "sensitivity"])
def test_unusable_and_misplaced_inputs(run: Run, command: str, tmp_path: Path) -> None:
    """A distribution whose percentiles overflow a float is exit 2 (no OverflowError); so are
    months given for dated contingents (their months come from the dates) and a bad --year."""
    r = run(command, "--troops", "lognormal(0,1000)")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(
        "Error: --troops: 'lognormal(0,1000)' has percentiles too large to compute"
    )
    assert r.stderr.count("\n") == 1
    r = run(command, "--scenario", "deployments-2024-2025", "--contingent", "second-wave",
            "--months", "uniform(1,12)")  # fmt: skip
    assert r.exit_code == 2 and r.stderr == (
        "Error: --months: deployments-2024-2025: a contingent with dates (start/end) must not "
        "also give months: its months are counted from the dates\n"
    )
    f = tmp_path / "d.toml"
    f.write_text('name = "d"\n[[contingents]]\ntroops = "8000 to 9000"\nmonths = "uniform(1,12)"\n'
                 'start = "2025-01"\n')  # fmt: skip
    r = run(command, "--scenario", str(f))
    assert r.exit_code == 2 and r.stderr == (
        f"Error: --scenario: {f}: contingents[0]: a contingent with dates (start/end) must not "
        "also give months: its months are counted from the dates\n"
    )
    r = run(command, "--troops", "8000 to 9000", "--year", "25")
    assert r.exit_code == 2 and r.stderr.startswith("Error: --year: expected a year")


PEAK = """
import resource, runpy, sys
sys.argv = ["revenue", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("dprk_ru", run_name="__main__")
except SystemExit as e:
    code = e.code or 0
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, code, file=sys.stderr)
"""


def peak(*args: str, limit_mb: int | None = None) -> tuple[int, int, str]:
    """Run the CLI in a subprocess (under an address-space limit if given): its peak RSS in
    MiB, exit code and stderr."""
    import resource
    import subprocess

    def limit() -> None:
        if limit_mb is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    r = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True,
                       preexec_fn=limit, timeout=300)  # fmt: skip
    *message, last = r.stderr.splitlines()
    mib, code = last.split()
    return int(mib), int(code), "\n".join(message)


def test_memory_bounded_by_samples_not_contingents(tmp_path: Path) -> None:
    """1,000 uncertain contingents need about the memory of 10: each contingent's draws are
    dropped once its total is added (holding them all would take 1,000 x 5 arrays of
    6,000 draws, 240 MB). 6,000 samples x 3,000 quantities stays under the draws ceiling."""

    def scenario(n: int) -> str:
        path = tmp_path / f"{n}.toml"
        one = ('[[contingents]]\ntroops = "uniform(100,200)"\nmonthly_pay_usd = "1500 to 2500"\n'
               'bonus_usd = "uniform(0,100)"\n')  # fmt: skip
        path.write_text('name = "many"\n' + n * one)
        return str(path)

    args = ("simulate", "--samples", "6000", "--seed", "1", "-f", "csv", "--scenario")
    few, code, _ = peak(*args, scenario(10))
    many, code_many, err = peak(*args, scenario(1000))
    assert code == code_many == 0, err
    assert many - few < 60, (few, many)


def test_out_of_memory_is_one_line(tmp_path: Path) -> None:
    """Running out of memory (here under a 400 MiB address-space limit) is one line on
    stderr and exit 1, not a MemoryError traceback, and leaves no --samples-out file."""
    out = tmp_path / "draws.csv"
    args = ("simulate", "--troops", "8000 to 14000", "--monthly-pay", "1500 to 2500",
            "--samples", "10000000", "--samples-out", str(out))  # fmt: skip
    _, code, err = peak(*args, limit_mb=400)
    assert (code, err) == (1, "Error: out of memory drawing 10,000,000 samples: try a smaller "
                              "--samples")  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_z95_is_the_normal_95th_percentile() -> None:
    """The written-out z of the 95th percentile is the standard normal's, to the last bit."""
    from statistics import NormalDist

    assert NormalDist().inv_cdf(0.95) == Z95


def test_simulate_names_a_scenario_by_title_and_id(run: Run) -> None:
    """With a scenario, CSV keeps the id first and adds its title last; the table shows
    "Title (id)"; options alone have no title column."""
    args = ("simulate", "-s", "kursk-2024", "--troops", "1 to 2", "-n", "100", "--seed", "1")
    header, row = run(*args, "-f", "csv").stdout.splitlines()
    assert header.startswith("scenario,") and header.endswith(",title")
    assert row.startswith("kursk-2024,") and row.endswith(',"Kursk, 2024"')
    assert "title" not in run("simulate", "--troops", "1 to 2", "-n", "10", "-f", "csv").stdout
