"""Killed are at most everyone ever deployed, troops x rotations (issue 19): each command
refuses more, in one line naming the option or the file's field; sweep refuses a grid
before any row; solve keeps its answer within the bound; simulate caps its draws there."""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from dprk_ru.analysis.sweep import check_grid, sweep, write_rows
from dprk_ru.core.params import Inputs, check_deployed
from dprk_ru.errors import DeployedError
from dprk_ru.inputs.grid import Grid, Span
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.published import ids
from dprk_ru.scenarios.scenario import BUILTINS

OPTIONS_ERROR = (
    "Error: --killed: 20,000 killed is more than the 10 ever deployed (--troops 10 x "
    "--rotations 1); give at most 10\n"
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def refused(r: Result, message: str) -> None:
    """Exit 2, nothing on stdout, and ``message`` as the one line on stderr."""
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", message)


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    """A scenario whose second contingent has 20,000 killed of 10 troops."""
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "bad"\n\n[[contingents]]\nname = "a"\ntroops = 100\n\n'
        '[[contingents]]\nname = "b"\ntroops = 10\nkilled = 20000\n'
    )
    return path


def file_error(path: Path) -> str:
    return (
        f"Error: {path}: contingents[1].killed: 20,000 killed is more than the 10 ever "
        "deployed (troops 10 x rotations 1); give at most 10\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["estimate"],
        ["explain"],
        ["solve", "--for", "monthly-pay", "--target", "1B"],
        ["simulate", "--samples", "10"],
        ["sensitivity", "--monthly-pay", "1000 to 3000"],
        ["report", "--samples", "10"],
    ],
)
def test_options_refused(run: Run, command: list[str]) -> None:
    """The issue's example: 20,000 killed of 10 troops is refused, naming --killed and the
    most it allows, by every command that takes the options (it gave $20,000,260,000)."""
    args = ["--troops", "10", "--killed", "20000", "--death-payment", "1000000"]
    refused(run(*command, *args), OPTIONS_ERROR)


def test_at_the_bound_is_accepted(run: Run) -> None:
    """10 killed of 10 troops: 10 x $1M of death payments, $240,000 pay, $20,000 bonus."""
    r = run("estimate", "--troops", "10", "--killed", "10", "--death-payment", "1000000",
            "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert (row["death_total_usd"], row["total_usd"]) == ("10000000", "10260000")


def test_rotations_count_everyone_deployed(run: Run) -> None:
    """Three rotations of 10 deploy 30: 30 killed pass, 31 are refused, naming the 3."""
    ok = run("estimate", "--troops", "10", "--rotations", "3", "--killed", "30", "-f", "csv")
    assert ok.exit_code == 0, ok.stderr
    refused(
        run("estimate", "--troops", "10", "--rotations", "3", "--killed", "31"),
        "Error: --killed: 31 killed is more than the 30 ever deployed (--troops 10 x "
        "--rotations 3); give at most 30\n",
    )


@pytest.mark.parametrize(
    "command",
    [
        ["estimate", "-s"],
        ["explain", "-s"],
        ["compare"],
        ["timeline", "-s"],
        ["solve", "--for", "monthly-pay", "--target", "1B", "-s"],
        ["simulate", "-s"],
        ["sensitivity", "-s"],
        ["report", "-s"],
    ],
)
def test_scenario_file_refused_naming_the_field(
    run: Run, bad_file: Path, command: list[str]
) -> None:
    """A file's contingent with more killed than troops x rotations is refused by every
    command that reads it, naming the file and ``contingents[1].killed``."""
    refused(run(*command, str(bad_file)), file_error(bad_file))


def test_option_beside_a_scenario_names_the_option(run: Run) -> None:
    """--troops 10 --killed 20 on kursk-2024's one contingent: refused naming --killed, the
    scenario and contingent, troops as the option gave it and rotations as the file does."""
    refused(
        run("estimate", "-s", "kursk-2024", "--troops", "10", "--killed", "20"),
        "Error: --killed: kursk-2024: kursk: 20 killed is more than the 10 ever deployed "
        "(--troops 10 x rotations 1); give at most 10\n",
    )


def test_lowering_troops_below_a_files_killed_names_troops(run: Run, tmp_path: Path) -> None:
    """A file with 500 killed of 1,000 troops, and --troops 100 beside it: refused naming
    --troops, with the fewest troops that deploy the killed (500 / 2 rotations = 250)."""
    path = tmp_path / "s.toml"
    path.write_text('name = "s"\n[[contingents]]\ntroops = 1000\nrotations = 2\nkilled = 500\n')
    refused(
        run("estimate", "-s", str(path), "--troops", "100"),
        "Error: --troops: s: contingent-1: 500 killed is more than the 200 ever deployed "
        "(--troops 100 x rotations 2); give at least 250\n",
    )


def test_builtin_and_published_scenarios_still_load() -> None:
    """Every shipped scenario and published estimate has its killed within troops x
    rotations."""
    for ref in (*BUILTINS, *ids()):
        try:
            scenario = load_scenario(ref)
        except Exception as e:  # a published estimate may state no assumptions
            assert "states no assumptions" in str(e), ref
            continue
        assert all(c.killed <= c.troops * c.rotations for c in scenario.contingents), ref


def test_distribution_in_a_file_checked_at_its_median(run: Run, tmp_path: Path) -> None:
    """estimate takes a file's distribution at its median: killed uniform(0, 40) has median
    20, above the 10 troops; simulate draws it, capping each draw above 10."""
    path = tmp_path / "u.toml"
    path.write_text('name = "u"\n[[contingents]]\ntroops = 10\nkilled = "uniform(0,40)"\n')
    refused(
        run("estimate", "-s", str(path)),
        f"Error: {path}: contingents[0].killed: 20 killed is more than the 10 ever deployed "
        "(troops 10 x rotations 1); give at most 10\n",
    )
    r = run("simulate", "-s", str(path), "--samples", "1000", "--seed", "1", "-f", "csv")
    assert r.exit_code == 0, r.stderr
    # P(draw rounds above 10) = P(x > 10.5) = 29.5/40: about 737 of 1,000 draws clipped
    assert 680 <= int(rows(r.stdout)[0]["clipped"]) <= 800


# --- sweep ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_sweep_refused_before_any_row(run: Run, tmp_path: Path, fmt: str) -> None:
    """A grid with a point of more killed than troops x rotations is refused before any
    output, naming the first such point in grid order (troops 10 before 20; rotations 1;
    killed 15 the first above 10); no -o file is left."""
    message = (
        "Error: --killed: the grid's point --troops 10 --rotations 1 --killed 15 (the first "
        "such) has more killed than the 10 ever deployed (--troops x --rotations); keep "
        "--killed at most that at every point\n"
    )
    args = ["sweep", "--troops", "10,20", "--killed", "5,15,25", "-f", fmt]
    refused(run(*args), message)
    out = tmp_path / "grid.csv"
    refused(run(*args, "-o", str(out)), message)
    assert not out.exists()


def test_sweep_first_bad_point_follows_grid_order(run: Run) -> None:
    """Troops 30 then 10, rotations 1 and 2, killed up to 25: 30 x 1 deploys all, so the
    first bad point is troops 10, rotations 1, killed 25 (10 x 2 = 20 is also short)."""
    r = run("sweep", "--troops", "30,10", "--rotations", "1,2", "--killed", "25")
    assert r.exit_code == 2
    assert "--troops 10 --rotations 1 --killed 25 " in r.stderr


def test_sweep_library_paths_refuse_before_writing() -> None:
    """``write_rows`` (the fast writer) and ``sweep`` refuse such a grid before the first
    byte or row; a grid within the bound passes the check."""
    grid = Grid.from_items({"troops": [Span(D(5), D(100), D(5))], "killed": [D(0), D(6)]})
    out = io.StringIO()
    with pytest.raises(DeployedError) as e:
        write_rows(grid, out)
    assert out.getvalue() == ""
    assert (e.value.troops, e.value.rotations, e.value.killed, e.value.grid) == (5, 1, 6, True)
    with pytest.raises(DeployedError):
        next(sweep(grid))
    check_grid(Grid.from_items({"troops": [Span(D(6), D(100), D(5))], "killed": [D(6)]}))


# --- solve ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "column", "answer", "total"),
    [
        # 20,000 killed over 3 rotations need ceil(20,000 / 3) = 6,667 troops: the lowest
        # allowed answer, though one troop reaches $1; 6,667 x ($24,000 + 3 x $2,000)
        (["--for", "troops", "--killed", "20000", "--rotations", "3", "--target", "1"],
         "troops", "6667", "200010000"),
        # t x $26,000 >= $3.9M -> t = 150, above the 100 the killed need
        (["--for", "troops", "--killed", "100", "--target", "3.9M"], "troops", "150",
         "3900000"),
        # 35 killed of 10 troops need 4 rotations; one already reaches $1
        (["--for", "rotations", "--troops", "10", "--killed", "35", "--target", "1"],
         "rotations", "4", "320000"),
        # k x $1,000 >= $20,000 -> k = 20, exactly the 10 x 2 ever deployed
        (["--for", "killed", "--troops", "10", "--rotations", "2", "--death-payment", "1000",
          "--monthly-pay", "0", "--bonus", "0", "--target", "20000"], "killed", "20", "20000"),
    ],
)  # fmt: skip
def test_solve_within_the_deployed(run: Run, args: list[str], column: str, answer: str,
                                   total: str) -> None:  # fmt: skip
    """Hand-computed answers: troops and rotations at least what the killed need, killed at
    most troops x rotations. The pay per troop is $2,000 x 12 + $2,000 bonus = $26,000."""
    r = run("solve", *args, "-f", "csv")
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert (row[column], row["total_usd"]) == (answer, total)


def test_solve_troops_one_less_misses() -> None:
    """The answer above the bound keeps solve's property: 150 troops reach $3.9M, 149 do
    not ($3,874,000)."""
    from dprk_ru.analysis.estimate import estimate_scenario
    from dprk_ru.analysis.solve import solve
    from dprk_ru.scenarios.options import scenario_from_options

    base = scenario_from_options(None, {"killed": "100"}, check=True)
    sol = solve(base, "troops", D("3900000"))
    assert sol.value == 150
    less = base.override_at({"troops": 149}, [0])
    assert estimate_scenario(less).total_cents == 387_400_000 < 390_000_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--for", "killed", "--troops", "10", "--rotations", "2", "--death-payment", "1000",
          "--monthly-pay", "0", "--bonus", "0", "--target", "20001"],
         "Error: --killed would have to be 21 to reach $20,001, more than the 20 ever "
         "deployed (troops 10 x rotations 2)\n"),
        (["--for", "rotations", "--troops", "10", "--killed", "500", "--target", "1"],
         "Error: no --rotations up to 12 deploys the 500 killed (troops 10): killed are at "
         "most troops x rotations\n"),
    ],
)  # fmt: skip
def test_solve_beyond_the_deployed_is_infeasible(run: Run, args: list[str], message: str) -> None:
    """A target that needs more killed than ever deployed, or killed no rotations deploy,
    is one line and exit 1 (as solve's other unreachable targets)."""
    r = run("solve", *args)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", message)


# --- simulate -------------------------------------------------------------------------------


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


# --- the property ---------------------------------------------------------------------------


@settings(max_examples=examples(200), deadline=None)
@given(
    troops=st.integers(0, 10_000_000),
    rotations=st.integers(1, 12),
    killed=st.one_of(st.integers(0, 200), st.integers(0, 10_000_000)),
    small=st.integers(0, 100),
)
def test_estimate_refuses_or_stays_within(
    troops: int, rotations: int, killed: int, small: int
) -> None:
    """For any troops, rotations and killed (small troops too), estimate either refuses
    with exit 2 and the one line, or its row has killed <= troops x rotations."""
    from typer.testing import CliRunner

    from dprk_ru.cli import app

    for t in (troops, small):
        args = ["estimate", "--troops", str(t), "--rotations", str(rotations), "--killed",
                str(killed), "-f", "csv"]  # fmt: skip
        r = CliRunner().invoke(app, args)
        if r.exit_code == 2:
            assert killed > t * rotations
            assert r.stderr.count("\n") == 1 and "ever deployed" in r.stderr
            continue
        assert r.exit_code == 0, r.stderr
        (row,) = rows(r.stdout)
        assert int(row["killed"]) <= int(row["troops"]) * int(row["rotations"])


def test_check_carries_the_numbers() -> None:
    """``check_deployed`` raises DeployedError, an InputError (exit 2), with the numbers."""
    with pytest.raises(DeployedError) as e:
        check_deployed(Inputs(troops=7, rotations=2, killed=15), origin="f.toml", index=3)
    assert (e.value.killed, e.value.deployed, e.value.origin, e.value.index) == (
        15,
        14,
        "f.toml",
        3,
    )
    assert int(e.value.exit_code) == 2
    check_deployed(Inputs(troops=7, rotations=2, killed=14))


def test_sensitivity_caps_killed_at_a_low_percentile(run: Run) -> None:
    """8 killed of troops "5 to 15" (median 9, 5th percentile 5, 95th 15): the medians pass;
    at the low end the 8 killed are capped at the 5 troops, $5,000 at $1,000 a death, not
    $8,000; at the high end all 8 count."""
    r = run("sensitivity", "--troops", "5 to 15", "--killed", "8", "--death-payment", "1000",
            "--monthly-pay", "0", "--bonus", "0", "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert (row["low"], row["total_at_low_usd"], row["total_at_high_usd"]) == ("5", "5000", "8000")


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
