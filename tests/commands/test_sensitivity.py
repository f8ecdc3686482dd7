"""`revenue sensitivity`: swings at the inputs' percentiles, the tornado's limits."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import Run
from helpers import record, refused, rows, uncertain_file

from dprk_ru.render.charts import (
    MAX_TORNADO,
)


def test_markdown_sensitivity_names_parameters_in_words(run: Run) -> None:
    """Sensitivity's Markdown names each input by its label (its contingent beside it), the
    CSV by its field: Troops 8,000 to 12,000 move the total from $208,000,000 to $312,000,000
    (x $26,000 a soldier: $2,000 x 12 + $2,000)."""
    args = ("sensitivity", "--troops", "8000 to 12000")
    md = run(*args, "-f", "markdown").stdout.splitlines()
    assert md[0] == "| Parameter | Low | High | Total at low | Total at high | Swing |"
    assert md[2] == "| Troops | 8,000 | 12,000 | $208,000,000 | $312,000,000 | $104,000,000 |"
    assert run(*args, "-f", "csv").stdout.splitlines()[1] == (
        "troops,8000,12000,208000000,312000000,104000000"
    )


def test_sensitivity_caps_killed_at_a_low_percentile(run: Run) -> None:
    """8 killed of troops "5 to 15" (median 9, 5th percentile 5, 95th 15): the medians pass;
    at the low end the 8 killed are capped at the 5 troops, $5,000 at $1,000 a death, not
    $8,000; at the high end all 8 count."""
    r = run("sensitivity", "--troops", "5 to 15", "--killed", "8", "--death-payment", "1000",
            "--monthly-pay", "0", "--bonus", "0", "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert (row["low"], row["total_at_low_usd"], row["total_at_high_usd"]) == ("5", "5000", "8000")


def test_sensitivity_clips_months_as_simulate_does(run: Run) -> None:
    """The 5th percentile of normal(0,1) months is below 0: taken as 0.01, the least
    --months takes (as simulate clips it), not 0, which --months refuses."""
    r = run("sensitivity", "--months", "normal(0,1)", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert row["low"] == "0.01" and row["total_at_low_usd"] == "20200000"


def test_sensitivity_plot_bars(run: Run, tmp_path: Path) -> None:
    f = uncertain_file(tmp_path, 11)
    said = refused(run, tmp_path, "sensitivity", "-s", f, "--plot", str(tmp_path / "t.svg"),
                   "-o", str(tmp_path / "t.csv"))  # fmt: skip
    assert said == (
        f"--plot: 22 uncertain inputs is more than a tornado chart draws legibly ({MAX_TORNADO}); "
        "give fewer, or leave out --plot"
    )


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
