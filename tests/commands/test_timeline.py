"""`revenue timeline`, dated contingents, `--year`, and the as-of month the shipped data run to."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run
from helpers import refused, rows, uncertain_file

from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.analysis.timeline import timeline
from dprk_ru.core.dates import month_index
from dprk_ru.errors import InputError
from dprk_ru.render.charts import (
    MAX_EVENTS,
)
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.scenario import parse_scenario


def test_timeline_error_is_the_only_line(run: Run) -> None:
    """`timeline -s examples/uncertain.toml` said its medians note, then the error: two
    lines on stderr. The note is said once everything is checked."""
    example = Path(__file__).parents[2] / "examples" / "uncertain.toml"
    r = run("timeline", "-s", str(example))
    assert r.exit_code == 2
    assert r.stderr == (
        "Error: --scenario: uncertain-kursk: timeline needs dates;"
        " contingent(s) without start: kursk\n"
    )


def test_timeline_plot_events(run: Run, tmp_path: Path) -> None:
    """Nine contingents starting in nine months and ending in nine: 18 troop changes."""
    f = uncertain_file(tmp_path, 9, dated=True)
    said = refused(run, tmp_path, "timeline", "-s", f, "--plot", str(tmp_path / "t.svg"),
                   "-o", str(tmp_path / "t.csv"))  # fmt: skip
    assert said == (
        f"--plot: 18 troop changes is more than a timeline chart draws legibly ({MAX_EVENTS}); "
        "give fewer, or leave out --plot"
    )


def test_timeline_stops_at_the_as_of_month(run: Run) -> None:
    """By default the timeline ends at 2025-12 ($400M to date), nothing projected, no note;
    the projected column comes last."""
    r = run("timeline", "-f", "csv")
    out = rows(r.stdout)
    assert (out[0]["month"], out[-1]["month"], len(out)) == ("2024-11", "2025-12", 14)
    assert out[-1]["cumulative_usd"] == "400000000"
    assert list(out[0])[-1] == "projected" and {x["projected"] for x in out} == {"false"}
    assert r.stderr == ""


def test_timeline_past_the_as_of_month(run: Run) -> None:
    """With --to past the as-of month the months are given, marked projected, with one note
    on stderr; the table marks them too."""
    r = run("timeline", "--from", "2025-11", "--to", "2026-02", "-f", "csv")
    assert r.exit_code == 0
    assert [(x["month"], x["projected"]) for x in rows(r.stdout)] == [
        ("2025-11", "false"),
        ("2025-12", "false"),
        ("2026-01", "true"),
        ("2026-02", "true"),
    ]
    assert len(r.stderr.splitlines()) == 1 and "after 2025-12 are projections" in r.stderr
    table = run("timeline", "--from", "2025-12", "--to", "2026-01", "-f", "table").stdout
    assert "2026-01 *" in table and "partly projected" in table
    late = run("timeline", "--from", "2026-02")
    assert late.exit_code == 2 and "--from 2026-02" in late.stderr and "--to" in late.stderr


TWO_DATED = """\
name = "two-dated"
[[contingents]]
name = "kursk"
troops = 12000
start = "2024-11"
end = "2025-10"
[[contingents]]
name = "builders"
troops = 6000
monthly_pay_usd = 1500
bonus_usd = 0
start = "2025-09"
end = "2025-12"
"""


def total_row(out: list[dict[str, str]]) -> dict[str, str]:
    return next(x for x in out if x["contingent"] == "total")


def test_two_dated_contingents(run: Run, tmp_path: Path) -> None:
    """The issue's case: 14 rows, the bonus in the first month, headcounts, 348M to date."""
    f = tmp_path / "two.toml"
    f.write_text(TWO_DATED)
    r = run("timeline", "--scenario", str(f), "--from", "2024-11", "--to", "2025-12", "-f", "csv")
    assert r.exit_code == 0, r.stderr
    out = rows(r.stdout)
    assert len(out) == 14
    assert list(out[0])[:6] == ["month", "troops", "pay_total_usd", "bonus_total_usd",
                                "total_usd", "cumulative_usd"]  # fmt: skip
    by = {x["month"]: x for x in out}
    assert by["2024-11"]["bonus_total_usd"] == "24000000"
    assert by["2024-11"]["total_usd"] == "48000000"
    assert by["2025-09"]["troops"] == "18000"
    assert by["2025-11"]["troops"] == "6000"
    assert by["2025-12"]["cumulative_usd"] == "348000000"
    assert sum(D(x["total_usd"]) for x in out) == D(348_000_000)


def test_twelve_months_equal_estimate_to_the_cent() -> None:
    """A contingent deployed 12 months earns what estimate gives, to the cent, with rows
    that are differences of rounded cumulatives."""
    s = parse_scenario(
        'name = "x"\n[[contingents]]\ntroops = 3\nmonthly_pay_usd = 0.01\nstate_share = 0.5\n'
        'bonus_usd = 0.03\nstart = "2025-01"\n', "x")  # fmt: skip
    months = timeline(s, month_index("2025-01"), month_index("2025-12"))
    total = sum(D(str(m["total_usd"])) for m in months)
    annual = estimate_scenario(s, 2025).total_usd
    assert total == annual == D(months[-1]["cumulative_usd"])
    # 3 x 0.01 x 0.5 = 1.5 cents a month: rounded cumulatives alternate 2 and 1 cents.
    assert [m["pay_total_usd"] for m in months[:4]] == [D("0.02"), D("0.01"), D("0.02"),
                                                       D("0.01")]  # fmt: skip


def test_cumulative_counts_from_the_first_start() -> None:
    """cumulative_usd is the revenue to date from the first month deployed, whatever --from
    shows: 48M in 2024-11 and 24M in 2024-12 before 2025-01's 24M."""
    s = parse_scenario(TWO_DATED, "two")
    months = timeline(s, month_index("2025-01"), month_index("2025-02"))
    assert [m["cumulative_usd"] for m in months] == [D(96_000_000), D(120_000_000)]
    # Before any start, nothing to date; --from before the first start changes nothing.
    early = timeline(s, month_index("2024-01"), month_index("2025-12"))
    assert {m["cumulative_usd"] for m in early[:10]} == {D(0)}
    assert early[-1]["cumulative_usd"] == D(348_000_000)


def test_from_hides_rows_but_counts_to_date(run: Run) -> None:
    """The issue's case: `timeline --from 2025-06` ends at $400,000,000 to date (the figure
    from 2024-11), not at the $208,400,000 of the rows shown; the table says since when."""
    shown = rows(run("timeline", "--from", "2025-06", "-f", "csv").stdout)
    assert shown[0]["month"] == "2025-06" and shown[-1]["month"] == "2025-12"
    assert shown[-1]["cumulative_usd"] == "400000000"
    assert sum(D(x["total_usd"]) for x in shown) == D(208_400_000)
    # The same months as in the whole timeline, to the cent.
    whole = rows(run("timeline", "-f", "csv").stdout)
    assert whole[-len(shown) :] == shown
    table = run("timeline", "--from", "2025-06", "-f", "table").stdout
    assert "Revenue by month: deployments-2024-2025; to date since 2024-11" in table
    assert "2025-12: $400.0M to date since 2024-11" in table


def test_timeline_chart_says_since_when(run: Run, tmp_path: Path) -> None:
    """The chart of a timeline shown from --from says since when its line counts."""
    path = tmp_path / "tl.svg"
    r = run("timeline", "--from", "2025-06", "--plot", str(path), "-f", "csv")
    assert r.exit_code == 0
    assert (
        "Revenue to date since 2024-11: Deployments of 2024-2025, as reported" in path.read_text()
    )


def test_year_counts_months_and_bonus(run: Run, tmp_path: Path) -> None:
    """With --year, dated contingents count months deployed that year, bonus if they start."""
    f = tmp_path / "two.toml"
    f.write_text(TWO_DATED)
    out = rows(run("estimate", "-s", str(f), "--year", "2025", "-f", "csv").stdout)
    kursk, builders, total = out
    assert (kursk["months"], kursk["bonus_total_usd"]) == ("10", "0")
    assert kursk["total_usd"] == "240000000"
    assert (builders["months"], builders["total_usd"]) == ("4", "36000000")
    assert total["total_usd"] == "276000000" and total["year"] == "2025"
    out24 = rows(run("estimate", "-s", str(f), "--year", "2024", "-f", "csv").stdout)
    assert out24[0]["total_usd"] == str(12000 * 2000 * 2 + 24_000_000)
    assert out24[1]["total_usd"] == "0"
    table = run("estimate", "-s", str(f), "--year", "2025", "-f", "table")
    assert "months they are deployed in 2025" in table.stdout


def test_builtin_dated_scenario_sources(run: Run) -> None:
    """The built-in deployments cite their sources and mark assumed dates in `sources`."""
    s = load_scenario("deployments-2024-2025")
    publishers = {src.publisher for src in s.sources}
    assert {"Kyiv Independent", "Associated Press", "Edaily TV", "NK News", "The Moscow Times",
            "ISPI", "The Korea Herald"} <= publishers  # fmt: skip
    assert all(c.note for c in s.contingents)
    out = rows(run("sources", "-f", "csv").stdout)
    dated = {x["key"]: x for x in out if x["key"].startswith("deployments-2024-2025.")}
    assert dated["deployments-2024-2025.second-wave.start"]["kind"] == "assumed"
    assert dated["deployments-2024-2025.engineers.troops"]["kind"] == "stated"
    default = rows(run("timeline", "--to", "2025-01", "-f", "csv").stdout)
    assert default[0]["month"] == "2024-11" and default[0]["troops"] == "11000"


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--from", "2025-13"], "--from"), (["--from", "yesterday"], "--from"),
     (["--to", "2025-1"], "--to"), (["--from", "2025-05", "--to", "2025-01"], "after")],
)  # fmt: skip
def test_bad_months(run: Run, args: list[str], message: str) -> None:
    """Bad months and --from after --to exit 2 with a message."""
    r = run("timeline", *args)
    assert r.exit_code == 2 and message in r.stderr and r.stdout == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [('months = 6\nstart = "2025-01"\n', "must not also give months"),
     ('end = "2025-01"\n', "must also give its start"),
     ('start = "2025-05"\nend = "2025-01"\n', "before start"),
     ('start = "2025-13"\n', "YYYY-MM")],
)  # fmt: skip
def test_bad_dated_contingents(run: Run, tmp_path: Path, extra: str, message: str) -> None:
    """Dates with months, an end without start, end before start: exit 2 naming the file."""
    f = tmp_path / "bad.toml"
    f.write_text('name = "x"\n[[contingents]]\ntroops = 5\n' + extra)
    r = run("timeline", "--scenario", str(f))
    assert r.exit_code == 2 and message in r.stderr and str(f) in r.stderr


def test_undated_scenario_refused() -> None:
    """A timeline needs dated contingents."""
    with pytest.raises(InputError, match="needs dates"):
        timeline(load_scenario("article-baseline"))


def test_timeline_table(run: Run) -> None:
    """The table view has the months and a cumulative sparkline."""
    r = run("timeline", "--from", "2024-11", "--to", "2025-06", "-f", "table")
    assert r.exit_code == 0 and "2025-06" in r.stdout and "to date" in r.stdout
    assert any(ch in r.stdout for ch in "▁▂▃▄▅▆▇█")


def test_timeline_plot(run: Run, tmp_path: Path) -> None:
    """--plot draws the cumulative line to a PNG."""
    path = tmp_path / "tl.png"
    r = run("timeline", "--to", "2025-12", "--plot", str(path), "-f", "csv")
    assert r.exit_code == 0 and path.read_bytes().startswith(b"\x89PNG")


def test_dated_rotations_and_deaths() -> None:
    """Bonuses x rotations in the first month; deaths a twelfth a month; 12 months = estimate."""
    s = parse_scenario(
        'name = "x"\n[[contingents]]\ntroops = 1000\nrotations = 2\nkilled = 12\n'
        'death_payment_usd = 1000\nstart = "2025-01"\n', "x")  # fmt: skip
    months = timeline(s, month_index("2025-01"), month_index("2025-12"))
    assert months[0]["bonus_total_usd"] == D(4_000_000)
    assert all(m["death_total_usd"] == D(1000) for m in months)
    annual = estimate_scenario(s, 2025)
    assert annual.total_usd == months[-1]["cumulative_usd"] == D(24_000_000 + 4_000_000 + 12_000)


def test_year_troops_are_the_most_deployed_at_once(run: Run) -> None:
    """The issue's case: deployments-2024-2025 in 2025 counts 16,000 troops, not the 20,000
    who served at some time in the year. By month, from its TOML: January 7,000 + 600 + 1,400
    + 2,000 = 11,000; February + 3,000 = 14,000; March 12,000 (the repatriated gone);
    April-August 11,400 (600 dead); September-December 7,000 + 3,000 + 1,000 + 5,000 =
    16,000 (1,400 more dead, engineers and builders come). troop_months sums the troops over
    the months: 7,000 x 12 + 600 x 3 + 1,400 x 8 + 2,000 x 2 + 3,000 x 11 + 1,000 x 4 + 5,000
    x 4 = 158,000 (and pay is 158,000 x $2,000 = $316M)."""
    out = rows(run("estimate", "-s", "deployments-2024-2025", "-f", "csv").stdout)
    assert (total_row(out)["troops"], total_row(out)["troop_months"]) == ("16000", "158000")
    assert total_row(out)["pay_total_usd"] == "316000000"
    # Each contingent keeps its own troops; its troop_months are its months counted.
    troops = "7000 600 1400 2000 3000 1000 5000".split()
    troop_months = "84000 1800 11200 4000 33000 4000 20000".split()
    assert [x["troops"] for x in out[:-1]] == troops
    assert [x["troop_months"] for x in out[:-1]] == troop_months
    # troop_months, then title, are the last columns; `cut -d, -f10` still gives the total
    # (and -f8 that of an estimate without a scenario, which has no troop_months).
    assert list(out[0])[-2:] == ["troop_months", "title"] and list(out[0])[9] == "total_usd"
    plain = list(rows(run("estimate", "-f", "csv").stdout)[0])
    assert plain[7] == "total_usd" and "troop_months" not in plain
    # The timeline agrees: its largest month is the peak, its months sum to troop_months.
    months = rows(run("timeline", "--from", "2025-01", "--to", "2025-12", "-f", "csv").stdout)
    assert max(int(m["troops"]) for m in months) == 16_000
    assert sum(int(m["troops"]) for m in months) == 158_000
    # 2024: November and December, 11,000 troops each.
    y2024 = total_row(rows(run("estimate", "-s", "deployments-2024-2025", "--year", "2024").stdout))
    assert (y2024["troops"], y2024["troop_months"]) == ("11000", "22000")
    table = run("estimate", "-s", "deployments-2024-2025", "-f", "table").stdout
    assert "16,000 soldiers deployed in 2025 (the most at once)" in " ".join(table.split())


def test_peak_of_a_hand_made_file(run: Run, tmp_path: Path) -> None:
    """TWO_DATED in 2025: 12,000 from January to October, 6,000 from September to December:
    at most 18,000 at once (September, October), 12,000 x 10 + 6,000 x 4 = 144,000
    troop-months. An undated contingent beside them is deployed in every month."""
    f = tmp_path / "two.toml"
    f.write_text(TWO_DATED)
    out = rows(run("estimate", "-s", str(f), "--year", "2025", "-f", "csv").stdout)
    assert (total_row(out)["troops"], total_row(out)["troop_months"]) == ("18000", "144000")
    assert [x["troops"] for x in out[:2]] == ["12000", "6000"]
    f.write_text(TWO_DATED + '[[contingents]]\nname = "yearly"\ntroops = 100\nmonths = 6\n')
    out = rows(run("estimate", "-s", str(f), "--year", "2025", "-f", "csv").stdout)
    assert (total_row(out)["troops"], total_row(out)["troop_months"]) == ("18100", "144600")


def test_year_on_undated_says_so(run: Run) -> None:
    """--year without dates: one note that there are none and that the figure is per year
    of deployment; still computed, exit 0. Without --year, no note."""
    undated = ["estimate", "-s", "kursk-2024", "--year", "1999"]
    for args in (["estimate", "--year", "2031"], undated):
        r = run(*args, "-f", "csv")
        assert r.exit_code == 0 and rows(r.stdout)[0]["total_usd"] in ("260000000", "312000000")
        assert len(r.stderr.splitlines()) == 1, r.stderr
        assert "no dates" in r.stderr and "per year of deployment" in r.stderr
    assert "kursk-2024 has no dates" in run("estimate", "-s", "kursk-2024", "--year", "1999").stderr
    assert run("estimate", "-s", "kursk-2024", "-f", "csv").stderr == ""
    # compare: one note naming the undated scenarios; none for the dated one.
    three = ("article-baseline", "kursk-2024", "deployments-2024-2025")
    r = run("compare", *three, "--year", "2025", "-f", "csv")
    assert r.exit_code == 0 and r.stderr.count("Note:") == 1
    assert "article-baseline and kursk-2024 have no dates" in r.stderr
    assert "deployments-2024-2025" not in r.stderr


def test_year_before_the_first_date_is_zero(run: Run) -> None:
    """A year before the first deployment: totals of 0 (troops too), exit 0, and a note that
    nothing was deployed then; a year with deployments says nothing."""
    r = run("estimate", "-s", "deployments-2024-2025", "--year", "2023", "-f", "csv")
    assert r.exit_code == 0
    t = total_row(rows(r.stdout))
    assert {t[k] for k in ("troops", "troop_months", "pay_total_usd", "total_usd")} == {"0"}
    assert r.stderr == (
        "Note: deployments-2024-2025: nothing deployed in 2023 (its first deployment starts "
        "in 2024-11): its totals are 0\n"
    )
    cmp = run("compare", "deployments-2024-2025", "--year", "1999", "-f", "csv")
    assert cmp.exit_code == 0 and "nothing deployed in 1999" in cmp.stderr
    assert rows(cmp.stdout)[0]["total_usd"] == "0"
    assert run("estimate", "-s", "deployments-2024-2025", "--year", "2024").stderr == ""


def test_year_after_every_end_is_zero(run: Run, tmp_path: Path) -> None:
    """Contingents that all ended before the year: totals 0, with the note."""
    f = tmp_path / "two.toml"
    f.write_text(TWO_DATED)
    r = run("estimate", "-s", str(f), "--year", "2026", "-f", "csv")
    assert r.exit_code == 0 and total_row(rows(r.stdout))["total_usd"] == "0"
    assert "nothing deployed in 2026 (its last deployment ends in 2025-12)" in r.stderr


def test_undated_troop_months_are_troops_x_months(run: Run, tmp_path: Path) -> None:
    """An undated contingent is deployed for its months: 1,000 x 6.5 = 6,500 (no trailing
    zero), 3 x 0.25 = 0.75; the troops of an undated scenario are all of its troops."""
    f = tmp_path / "f.toml"
    two = (
        "[[contingents]]\ntroops = 1000\nmonths = 6.5\n[[contingents]]\ntroops = 3\nmonths = 0.25\n"
    )
    f.write_text('name = "f"\n' + two)
    out = rows(run("estimate", "-s", str(f), "-f", "csv").stdout)
    assert [(x["troops"], x["troop_months"]) for x in out] == [
        ("1000", "6500"),
        ("3", "0.75"),
        ("1003", "6500.75"),
    ]


def test_year_notes_in_every_command_that_counts_a_year(run: Run, tmp_path: Path) -> None:
    """solve, simulate, sensitivity and report say what --year counted, as estimate does:
    nothing dated in the options, nothing deployed before a scenario's first date."""
    for args in (["solve", "--for", "troops", "--target", "300M"],
                 ["simulate", "--troops", "8000 to 12000", "-n", "50"],
                 ["sensitivity", "--troops", "8000 to 12000"]):  # fmt: skip
        r = run(*args, "--year", "2031", "-f", "csv")
        assert r.exit_code == 0, r.stderr
        assert "the options give no dates" in r.stderr and "--year 2031" in r.stderr
    r = run("simulate", "-s", "deployments-2024-2025", "--monthly-pay", "1500 to 2500", "-n",
            "50", "--year", "1999", "-f", "csv")  # fmt: skip
    assert r.exit_code == 0 and "nothing deployed in 1999" in r.stderr
    r = run("report", "-s", "deployments-2024-2025", "--year", "1999", "-o",
            str(tmp_path / "y.md"))  # fmt: skip
    assert r.exit_code == 0 and "nothing deployed in 1999" in r.stderr
