"""`revenue simulate`: draws, percentiles, samples written out, caps and limits; one draw
per input for every contingent it applies to."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import Run, examples
from helpers import DEPLOYMENTS, TWO_SMALL, one_line, record, refused, rows, uncertain_file
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.analysis.simulate import (
    MAX_DRAWS,
    simulate,
)
from dprk_ru.cli.uncertain import parse_correlations
from dprk_ru.core.params import (
    PARAM_BY_NAME,
    Inputs,
)
from dprk_ru.errors import DeployedError, InputError
from dprk_ru.render.charts import (
    MAX_MARKS,
)
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.selection import Selection, contingent_id
from dprk_ru.scenarios.uncertain import uncertain_from_scenario


def test_simulate_caps_killed_draws(run: Run) -> None:
    """10 troops, killed uniform(5,15) rounded to whole people: P(k = 5) = P(k = 15) =
    0.05, each of 6..14 0.1. Draws above 10 (k >= 11: probability 0.45) are capped at 10 and
    clipped, so about 45,000 of 100,000; the mean death total at $1,000 a death is
    1,000 x (0.05 x 5 + 0.1 x (6+7+8+9) + 0.1 x 10 + 0.45 x 10) = $8,750."""
    r = run("simulate", "--troops", "10", "--killed", "uniform(5,15)", "--death-payment",
            "1000", "--monthly-pay", "0", "--bonus", "0", "--samples", "100000", "--seed",
            "1", "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert 44_000 <= int(row["clipped"]) <= 46_000
    assert abs(int(row["mean_usd"]) - 8750) <= 30
    assert row["p95_usd"] == "10000"  # capped: never more than 10 deaths


def test_simulate_caps_against_drawn_troops(run: Run) -> None:
    """Killed 10 with troops uniform(5,15): the constant is capped where the troops drawn
    are fewer (k below 10 for troops 5..9: probability 0.45), so the mean is $8,750 too."""
    r = run("simulate", "--troops", "uniform(5,15)", "--killed", "10", "--death-payment",
            "1000", "--monthly-pay", "0", "--bonus", "0", "--samples", "100000", "--seed",
            "2", "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert 44_000 <= int(row["clipped"]) <= 46_000
    assert abs(int(row["mean_usd"]) - 8750) <= 30


def test_samples_out_prints_the_capped_killed(run: Run, tmp_path: Path) -> None:
    """--samples-out prints each killed draw as counted: at most the 10 troops, and the
    death total is that many x $1,000 (the draw is this contingent's alone: capped in
    place)."""
    out = tmp_path / "draws.csv"
    r = run("simulate", "--troops", "10", "--killed", "uniform(5,15)", "--death-payment",
            "1000", "--monthly-pay", "0", "--bonus", "0", "--samples", "2000", "--seed", "3",
            "--samples-out", str(out), "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    drawn = rows(out.read_text())
    assert len(drawn) == 2000 and max(int(d["killed"]) for d in drawn) == 10
    assert all(D(d["death_total_usd"]) == int(d["killed"]) * 1000 for d in drawn)
    # every clipped draw prints as 10 (a draw of 10 itself too)
    tens = sum(1 for d in drawn if d["killed"] == "10")
    assert 0 < int(rows(r.stdout)[0]["clipped"]) < tens


def test_sampled_months_clipped_to_what_the_option_takes(run: Run) -> None:
    """normal(0,1) months are clipped to 0.01, the least --months takes (not 0, which it
    refuses), and counted as clipped."""
    r = run("simulate", "--months", "normal(0,1)", "-n", "1000", "--seed", "1", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert int(row["clipped"]) > 400
    # the lowest total: 10,000 x $2,000 x 0.01 month + $20M of bonuses
    from decimal import Decimal

    from dprk_ru.core.formula import evaluate
    from dprk_ru.core.params import inputs

    least = evaluate(inputs({"months": Decimal("0.01")})).total_usd
    assert Decimal(row["p5_usd"]) == least == 20_200_000


@pytest.mark.parametrize("output", [None, "-", "/dev/stdout"])
@pytest.mark.parametrize("draws", ["-", "/dev/stdout", "/dev/fd/1"])
def test_summary_and_draws_never_share_stdout(run: Run, output: str | None, draws: str) -> None:
    args = ["simulate", "--troops", "1 to 2", "-n", "5", "--samples-out", draws]
    r = run(*args, *(["-o", output] if output else []))
    assert r.exit_code == 2 and r.stdout == ""
    assert (
        r.stderr == "Error: --samples-out: stdout already takes the summary; give --output FILE\n"
    )


@pytest.mark.parametrize("target", ["missing/samples.csv", "folder"])
def test_samples_out_errors_name_samples_out(run: Run, tmp_path: Path, target: str) -> None:
    """A --samples-out path that cannot be written is an error naming --samples-out."""
    (tmp_path / "folder").mkdir()
    r = run("simulate", "--troops", "1 to 2", "-n", "10", "--seed", "1",
            "--samples-out", str(tmp_path / target), "-f", "csv")  # fmt: skip
    assert r.exit_code in (1, 2)
    line = one_line(r.stderr)
    assert "--samples-out" in line and "--output" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_samples_times_quantities(run: Run, tmp_path: Path) -> None:
    """10,000,000 samples of three uncertain inputs are 30,000,000 draws: refused with the
    largest --samples that fits (20,000,000 // 3)."""
    out = tmp_path / "s.csv"
    said = refused(run, tmp_path, "simulate", "--troops", "8000 to 14000", "--monthly-pay",
                   "1500 to 2500", "--months", "6 to 12", "-n", "10000000", "-o", str(out),
                   "--samples-out", str(tmp_path / "d.csv"))  # fmt: skip
    assert said == (
        "--samples: 10,000,000 samples x 3 uncertain quantities is more than 20,000,000 "
        "draws; give --samples 6666666 or fewer (or fewer uncertain inputs)"
    )
    assert MAX_DRAWS == 20_000_000


def test_samples_times_quantities_in_a_file(run: Run, tmp_path: Path) -> None:
    """A file's contingents count: 1,000 contingents x 2 inputs at 20,000 samples."""
    f = uncertain_file(tmp_path, 1000)
    said = refused(run, tmp_path, "simulate", "-s", f, "-n", "20000",
                   "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert said.startswith("--samples: 20,000 samples x 2,000 uncertain quantities")
    assert said.endswith("give --samples 10000 or fewer (or fewer uncertain inputs)")


def test_simulate_plot_percentiles(run: Run, tmp_path: Path) -> None:
    marks = ",".join(str(i) for i in range(1, MAX_MARKS + 2))
    said = refused(run, tmp_path, "simulate", "--troops", "1 to 10", "--percentiles", marks,
                   "--plot", str(tmp_path / "h.svg"), "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert said == (
        "--plot: 10 percentiles is more than a histogram draws legibly (9); "
        "give fewer, or leave out --plot"
    )


#: (scenario, year) pairs over which one rising input is made uncertain.
CASES = [(DEPLOYMENTS, 2025), (DEPLOYMENTS, 2024), ("kursk-plus-shoigu", None),
         ("kursk-state-share-deaths", None), ("shoigu-2025", None)]  # fmt: skip


#: (field, low, high): each quantity a distribution can take, as 'LOW to HIGH'.
INPUTS = [("monthly_pay_usd", "1500", "2500"), ("bonus_usd", "500", "4000"),
          ("state_share", "0.5", "0.95"), ("pay_share", "0.6", "0.9"),
          ("rotations", "1", "4"), ("death_payment_usd", "1000", "20000"),
          ("troops", "1000", "20000"), ("killed", "10", "500"), ("months", "3", "11")]  # fmt: skip


def _fields(key: str) -> tuple[str, ...]:
    short = PARAM_BY_NAME[key].shorthand
    return short or (key,)


def test_simulate_one_pay_for_every_soldier(run: Run) -> None:
    """Pay '1500 to 2500' beside deployments-2024-2025 is one unknown: its 5th and 95th
    percentiles are estimate at $1,500 ($255,000,000) and $2,500 ($413,000,000), within
    sampling error (today 27-40% too narrow); sensitivity has one row, exactly those."""
    (sim,) = rows(run("simulate", "-s", DEPLOYMENTS, "--monthly-pay", "1500 to 2500", "-n",
                      "40000", "--seed", "7", "-f", "csv").stdout)  # fmt: skip
    assert float(sim["p5_usd"]) == pytest.approx(255_000_000, rel=0.01)
    assert float(sim["p95_usd"]) == pytest.approx(413_000_000, rel=0.01)
    sens = rows(run("sensitivity", "-s", DEPLOYMENTS, "--monthly-pay", "1500 to 2500", "-f",
                    "csv").stdout)  # fmt: skip
    assert [(r["parameter"], r["total_at_low_usd"], r["total_at_high_usd"]) for r in sens] == [
        ("monthly_pay_usd", "255000000", "413000000")
    ]


def test_two_contingents_share_one_pay_by_hand(run: Run, tmp_path: Path) -> None:
    """A hand-written reference: 3,000 soldiers in two contingents, pay uniform(1000,2000)
    for all of them: total = 36,000 x pay + $6M of bonuses, so p5 = 36,000 x 1,050 + 6M =
    $43.8M and p95 = 36,000 x 1,950 + 6M = $76.2M; each --samples-out row is that line."""
    f = tmp_path / "two.toml"
    f.write_text(TWO_SMALL)
    out = tmp_path / "draws.csv"
    (sim,) = rows(run("simulate", "-s", str(f), "--monthly-pay", "uniform(1000,2000)", "-n",
                      "40000", "--seed", "2", "--samples-out", str(out),
                      "-f", "csv").stdout)  # fmt: skip
    assert float(sim["p5_usd"]) == pytest.approx(43_800_000, rel=0.005)
    assert float(sim["p95_usd"]) == pytest.approx(76_200_000, rel=0.005)
    draws = rows(out.read_text())
    assert list(draws[0]) == ["sample", "monthly_pay_usd", "pay_total_usd", "bonus_total_usd",
                              "death_total_usd", "total_usd"]  # fmt: skip
    for r in draws[:200]:
        assert Decimal(r["total_usd"]) == 36_000 * Decimal(r["monthly_pay_usd"]) + 6_000_000


def test_file_distributions_are_their_contingents_own(run: Run, tmp_path: Path) -> None:
    """Distributions in a file belong to their contingent: drawn apart unless --correlate
    names them as CONTINGENT.FIELD; a bare name two contingents share is refused."""
    f = tmp_path / "own.toml"
    f.write_text(TWO_SMALL.replace("troops = 1000", 'troops = "1000 to 2000"').replace(
        "troops = 2000", 'troops = "1000 to 2000"'))  # fmt: skip
    out = tmp_path / "draws.csv"
    r = run("simulate", "-s", str(f), "-n", "20000", "--seed", "1", "--samples-out", str(out),
            "--correlate", "a.troops:b.troops=0.9", "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    draws = rows(out.read_text())
    a = np.array([int(x["a.troops"]) for x in draws])
    b = np.array([int(x["b.troops"]) for x in draws])
    ranks = np.corrcoef(np.argsort(np.argsort(a)), np.argsort(np.argsort(b)))[0, 1]
    assert ranks == pytest.approx(0.9, abs=0.02)
    apart = run("simulate", "-s", str(f), "-n", "20000", "--seed", "1", "--samples-out",
                str(out), "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert apart.exit_code == 0
    draws = rows(out.read_text())
    a = np.array([int(x["a.troops"]) for x in draws])
    b = np.array([int(x["b.troops"]) for x in draws])
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.05
    bad = run("simulate", "-s", str(f), "--correlate", "troops:monthly_pay=0.5")
    assert bad.exit_code == 2 and "a.troops" in bad.stderr


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(CASES), field=st.sampled_from(INPUTS), q=st.sampled_from([5, 25,
       50, 75, 95]), seed=st.integers(0, 2**32))  # fmt: skip
@example(case=("kursk-state-share-deaths", None), field=("troops", "1000", "20000"), q=5, seed=0)
def test_percentiles_are_estimates_at_the_inputs_percentiles(
    case: tuple[str, int | None], field: tuple[str, str, str], q: int, seed: int
) -> None:
    """For a total that rises with one uncertain input, simulate's pN is estimate at the pN
    of that input's own samples (2,001 samples: pN falls on one sample, so the two agree to
    the cent), over multi-contingent and dated scenarios and every parameter a
    distribution can take (head counts on every contingent, named)."""
    name, year = case
    key, low, high = field
    scenario = load_scenario(name)
    if key == "months" and any(c.start for c in scenario.contingents):
        return  # dated months come from the dates
    names = tuple(contingent_id(c, i) for i, c in enumerate(scenario.contingents))
    select = Selection(names) if PARAM_BY_NAME[key].per_contingent else None
    _, uncertain = uncertain_from_scenario(name, {key: f"{low} to {high}"}, select)
    sim = simulate(uncertain, 2001, seed=seed, year=year, keep=True)
    assert sim.kept is not None
    (param, units), *_ = sim.kept.draws.values()
    value = Decimal(int(np.sort(units)[20 * q])).scaleb(-param.places)
    values: dict[str, Any] = {p: param.typed(value) for p in _fields(key)}
    try:
        changed = scenario.override_at(values, range(len(scenario.contingents)))
    except DeployedError:  # fewer deployed than killed: simulate caps killed there, as here
        changed = scenario
        for i, c in enumerate(scenario.contingents):
            most = values.get("troops", c.troops) * values.get("rotations", c.rotations)
            killed = min(values.get("killed", c.killed), most)
            changed = changed.override_at({**values, "killed": killed}, [i])
    want = estimate_scenario(changed, year).total_cents
    got = sim.quantiles([q])[q] * 100
    assert abs(got - want) <= 3 * len(scenario.contingents), (got, want)


def test_simulate_with_currency_and_published(run: Run) -> None:
    """simulate takes money with a currency code, and published estimates as scenarios."""
    r = run("simulate", "--troops", "20000", "--bonus", "400000 RUB", "--rate", "RUB=87",
            "--seed", "1", "--samples", "10", "-f", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert row["p50_usd"] == "571954000"
    (pub,) = rows(run("simulate", "--scenario", "fnf-2024-10-high", "--seed", "1", "--samples",
                      "10", "-f", "csv").stdout)  # fmt: skip
    assert pub["mean_usd"] == "571954000" and pub["scenario"] == "fnf-2024-10-high"


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


def test_plain_numbers_checked_like_estimate(run: Run) -> None:
    """A plain number is checked as estimate checks it."""
    r = run("simulate", "--troops", "1.5")
    assert r.exit_code == 2 and "whole number" in r.stderr


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


def test_samples_out_rows_add_up_and_are_estimates(run: Run, tmp_path: Path) -> None:
    """In --samples-out every row's pay, bonus and death payments add up to its total, in
    exact cents, and the row is (to the cent, but for a rare float tie) what estimate gives
    for the inputs it prints: draws are rounded to their parameters' places."""
    from dprk_ru.core.formula import evaluate
    from dprk_ru.core.params import FACTORS, PARAM_BY_NAME

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


def test_simulate_names_a_scenario_by_title_and_id(run: Run) -> None:
    """With a scenario, CSV keeps the id first and adds its title last; the table shows
    "Title (id)"; options alone have no title column."""
    args = ("simulate", "-s", "kursk-2024", "--troops", "1 to 2", "-n", "100", "--seed", "1")
    header, row = run(*args, "-f", "csv").stdout.splitlines()
    assert header.startswith("scenario,") and header.endswith(",title")
    assert row.startswith("kursk-2024,") and row.endswith(',"Kursk, 2024"')
    assert "title" not in run("simulate", "--troops", "1 to 2", "-n", "10", "-f", "csv").stdout
