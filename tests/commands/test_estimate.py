"""`revenue estimate`: its formats, refusals and help; options beside a scenario's
contingents (a head count for the named ones, a per-person quantity for every one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run, revenue, shell
from helpers import DEPLOYMENTS, TWO_SMALL, rows, total

HEADER = (
    "troops,monthly_pay_usd,months,bonus_usd,state_share,pay_total_usd,bonus_total_usd,total_usd,"
    "rotations,killed,death_payment_usd,death_total_usd,pay_share,bonus_share,death_share,personnel"
)


def test_csv_260m(run: Run) -> None:
    """CSV: one header row and one record with total_usd 260000000, Unix newlines."""
    r = run("estimate", "--troops", "10000", "--format", "csv")
    assert r.exit_code == 0
    row = "10000,2000,12,2000,1,240000000,20000000,260000000,1,0,0,0,1,1,1,soldiers"
    assert r.stdout_bytes == (HEADER + "\n" + row + "\n").encode()
    assert r.stderr == ""


def test_csv_cents(run: Run) -> None:
    """Cent values print as plain decimals with two places."""
    r = run(
        "estimate",
        "--monthly-pay",
        "1999.99",
        "--months",
        "6.5",
        "--state-share",
        "0.50",
        "-f",
        "csv",
    )
    row = r.stdout.splitlines()[1]
    assert (
        row == "10000,1999.99,6.5,2000,0.5,64999675,10000000,74999675,1,0,0,0,0.5,0.5,0.5,soldiers"
    )


def test_json(run: Run) -> None:
    """JSON: an array of one object, numbers as numbers."""
    r = run("estimate", "--troops", "10000", "--format", "json")
    data = json.loads(r.stdout)
    assert data == [
        {
            "troops": 10000,
            "monthly_pay_usd": 2000,
            "months": 12,
            "bonus_usd": 2000,
            "state_share": 1,
            "pay_total_usd": 240000000,
            "bonus_total_usd": 20000000,
            "total_usd": 260000000,
            "rotations": 1,
            "killed": 0,
            "death_payment_usd": 0,
            "death_total_usd": 0,
            "pay_share": 1,
            "bonus_share": 1,
            "death_share": 1,
            "personnel": "soldiers",
        }
    ]


def test_json_exact_decimal_text(run: Run) -> None:
    """JSON numbers keep their exact decimal text, never an exponent."""
    r = run("estimate", "--troops", "10000000", "--monthly-pay", "999999.99", "-f", "json")
    assert '"pay_total_usd": 119999998800000' in r.stdout
    assert "e+" not in r.stdout.lower()


def test_jsonl(run: Run) -> None:
    """JSON Lines: one compact object per line."""
    r = run("estimate", "--monthly-pay", "1999.99", "-f", "jsonl")
    lines = r.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["total_usd"] == 259998800


def test_markdown(run: Run) -> None:
    """Markdown, for pasting into an article: the same columns, headed in words, money as
    $260,000,000 and counts with separators (CSV keeps the raw names and numbers)."""
    r = run("estimate", "--monthly-pay", "1999.5", "-f", "markdown")
    lines = r.stdout.splitlines()
    assert lines[0] == (
        "| Troops | Monthly pay | Months deployed | Enlistment bonus | State share | Pay "
        "| Bonuses | Total | Rotations a year | Killed | Death payment | Death payments "
        "| Share of pay to the state | Share of bonuses to the state "
        "| Share of death payments to the state | Personnel |"
    )
    assert len(lines[0].split(" | ")) == len(HEADER.split(","))
    assert lines[1] == "|" + "---:|" * 15 + "---|"
    # 10,000 x $1,999.50 x 12 = $239,940,000; + 10,000 x $2,000 = $259,940,000
    assert lines[2] == (
        "| 10,000 | $1,999.50 | 12 | $2,000 | 1 | $239,940,000 | $20,000,000 | $259,940,000 "
        "| 1 | 0 | $0 | $0 | 1 | 1 | 1 | soldiers |"
    )
    assert run("estimate", "-f", "csv").stdout.splitlines()[0] == HEADER


def test_table(run: Run) -> None:
    """The table shows the formula with the numbers put in and the total, both ways."""
    r = run("estimate", "--format", "table")
    assert r.exit_code == 0
    out = r.stdout
    assert "10,000 soldiers x $2,000 a month x 12 months" in out
    assert "10,000 soldiers x $2,000 bonus" in out
    assert "$240,000,000" in out and "$20,000,000" in out
    assert "$260,000,000" in out and "$260.0M" in out
    assert "\x1b[" not in out


def test_auto_is_csv_when_piped(run: Run) -> None:
    """Without --format, output that is not a terminal is CSV."""
    assert run("estimate").stdout.splitlines()[0] == HEADER


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--troops", "-5"], "--troops"),
        (["--troops", "abc"], "--troops"),
        (["--troops", "1e400"], "--troops"),
        (["--troops", "1.5"], "--troops"),
        (["--troops", "10000001"], "--troops"),
        (["--monthly-pay", "nan"], "--monthly-pay"),
        (["--monthly-pay", "inf"], "--monthly-pay"),
        (["--monthly-pay", "2000.001"], "--monthly-pay"),
        (["--months", "13"], "--months"),
        (["--months", "0"], "--months"),
        (["--state-share", "1.5"], "--state-share"),
        (["--bonus", "-1"], "--bonus"),
        (["--bonus", ""], "--bonus"),
    ],
)
def test_bad_values(run: Run, args: list[str], names: str) -> None:
    """Bad values: exit 2, one line on stderr naming the option and its range, nothing on stdout."""
    r = run("estimate", *args)
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {names}: expected ")
    assert " from " in lines[0] or "greater than" in lines[0]
    assert "Traceback" not in r.stderr


def test_help_shows_defaults_and_bonus_derivation(run: Run) -> None:
    """--help shows each default, workers' pay and where the bonus comes from."""
    r = run("estimate", "--help")
    text = " ".join(r.stdout.replace("│", " ").split())
    for default in ("[default: 10000]", "[default: 2000]", "[default: 12]", "[default: 1]"):
        assert default in text
    assert "800 for workers" in text and "lump sum INSS reports for foreign recruits" in text


def test_subprocess_module_and_pipe() -> None:
    """`python -m dprk_ru` agrees with the CLI; piped output is CSV."""
    r = revenue("estimate", "--troops", "10000", "--format", "csv")
    assert r.returncode == 0
    assert r.stdout.splitlines()[1].split(",")[7] == "260000000"
    piped = shell("revenue estimate --troops 10000 | cat")
    assert piped.stdout == r.stdout


def test_subprocess_bad_value_no_traceback() -> None:
    """A real process refuses a bad value with exit 2 and no traceback."""
    r = revenue("estimate", "--monthly-pay", "nan")
    assert r.returncode == 2
    assert r.stdout == ""
    assert "Traceback" not in r.stderr and "--monthly-pay" in r.stderr


UNCERTAIN = """name = "u"
[[contingents]]
name = "a"
troops = "8000 to 12500"
monthly_pay_usd = "uniform(1000,3000)"
start = "2025-01"
"""


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "-s", DEPLOYMENTS, "--troops", "10000"],
        ["solve", "-s", DEPLOYMENTS, "--for", "troops", "--target", "400M"],
        ["simulate", "-s", DEPLOYMENTS, "--troops", "8000 to 14000"],
        ["report", "-s", DEPLOYMENTS, "--troops", "8000 to 14000"],
        ["estimate", "-s", "kursk-plus-shoigu", "--killed", "100"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_head_count_beside_several_contingents_is_refused(run: Run, args: list[str]) -> None:
    """A head count beside a scenario of several contingents is exit 2, one line naming the
    option and the way to say which contingent (today each of seven contingents got it)."""
    r = run(*args)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "--contingent NAME" in r.stderr
    option = "--killed" if "--killed" in args else "--troops"
    option = "--for troops" if "--for" in args else option  # solve names what it solves for
    assert r.stderr.startswith(f"Error: {option}: a head count or duration belongs to one")


def test_contingent_applies_to_the_named_only(run: Run) -> None:
    """`--contingent second-wave --troops 5000` is $382,000,000: the second wave's $72M
    (3,000 x $2,000 x 11 + 3,000 x $2,000) becomes $120M (5,000 x $24,000), the rest stays
    $262M; the table says which contingent the option changed."""
    args = ("-s", DEPLOYMENTS, "--contingent", "second-wave", "--troops", "5000")
    assert total(run("estimate", *args, "-f", "csv").stdout) == "382000000"
    table = run("estimate", *args, "-f", "table").stdout
    block = table.split("Revenue estimate: deployments-2024-2025 / Second wave (second-wave)")[1]
    assert "Changed by your options: --troops 5000" in block.split("Revenue estimate")[0]
    assert table.count("Changed by your options") == 1
    unknown = run("estimate", "-s", DEPLOYMENTS, "--contingent", "third-wave", "--troops", "5")
    assert unknown.exit_code == 2 and "second-wave" in unknown.stderr  # names the real ones
    bare = run("estimate", "--contingent", "x", "--troops", "5")
    assert bare.exit_code == 2 and "--scenario" in bare.stderr


def test_per_person_quantity_applies_to_every_contingent(run: Run) -> None:
    """Pay beside a scenario is one value for every soldier: at $2,500 deployments-2024-2025
    pays 158,000 soldier-months x $2,500 = $395M plus $18M of bonuses in 2025."""
    assert total(run("estimate", "-s", DEPLOYMENTS, "--monthly-pay", "2500", "-f",
                     "csv").stdout) == "413000000"  # fmt: skip


def test_pay_beside_soldiers_and_workers_says_whose(run: Run) -> None:
    """mbn-2024 mixes soldiers and workers: --monthly-pay alone is exit 2 naming both ways;
    with --personnel workers, 4,000 workers at $1,000 x 12 = $48M beside the soldiers'
    $240M; with --contingent soldiers, the soldiers' pay."""
    r = run("estimate", "-s", "mbn-2024", "--monthly-pay", "1000")
    assert r.exit_code == 2 and "--personnel" in r.stderr and "--contingent" in r.stderr
    w = run("estimate", "-s", "mbn-2024", "--monthly-pay", "1000", "--personnel", "workers",
            "-f", "csv")  # fmt: skip
    assert total(w.stdout) == "288000000"
    s = run("estimate", "-s", "mbn-2024", "--monthly-pay", "1000", "--contingent", "soldiers",
            "-f", "csv")  # fmt: skip
    assert total(s.stdout) == "158400000"  # 10,000 x 1,000 x 12 + 38.4M


@pytest.mark.parametrize(
    "args",
    [["estimate"], ["compare"], ["timeline"], ["solve", "--for", "bonus", "--target", "300M"],
     ["explain"]],
    ids=lambda a: a[0],
)  # fmt: skip
def test_file_with_distributions_runs_everywhere(run: Run, tmp_path: Path, args: list[str]) -> None:
    """A scenario file with distributions runs in every command that takes scenarios, at
    each distribution's median (troops sqrt(8000 x 12500) = 10,000, pay $2,000), says so
    once on stderr, and an option overrides the file's distribution."""
    f = tmp_path / "u.toml"
    f.write_text(UNCERTAIN)
    where = [str(f)] if args[0] == "compare" else ["-s", str(f)]
    r = run(args[0], *where, *args[1:], *([] if args[0] == "explain" else ["-f", "csv"]))
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("Note: at the medians of 2 uncertain inputs") == 1
    assert "`revenue simulate` for the range" in r.stderr
    if args[0] == "estimate":
        assert total(r.stdout) == "260000000"  # 10,000 x 2,000 x 12 + 10,000 x 2,000
        over = run("estimate", "-s", str(f), "--monthly-pay", "1000", "-f", "csv")
        assert total(over.stdout) == "140000000"  # 10,000 x 1,000 x 12 + 20M
        assert "median of a.troops;" in over.stderr


def test_personnel_alone_does_not_place_a_head_count_on_several(run: Run) -> None:
    """--personnel soldiers beside seven soldier contingents still needs --contingent for
    --troops (it gave $940M, the issue's first headline); where it picks one contingent
    (mbn-2024's workers), a head count applies to it: 100 x $800 x 12 = $960,000."""
    r = run("estimate", "-s", DEPLOYMENTS, "--personnel", "soldiers", "--troops", "10000")
    assert r.exit_code == 2 and "--contingent NAME" in r.stderr
    r = run("solve", "-s", DEPLOYMENTS, "--personnel", "soldiers", "--for", "troops",
            "--target", "400M")  # fmt: skip
    assert r.exit_code == 2
    ok = rows(run("estimate", "-s", "mbn-2024", "--personnel", "workers", "--troops", "100",
                  "-f", "csv").stdout)  # fmt: skip
    assert ok[1]["total_usd"] == "960000"


def test_median_note_counts_per_contingent(run: Run, tmp_path: Path) -> None:
    """An option on one contingent replaces that contingent's median only; solve's answer
    is no median."""
    f = tmp_path / "u2.toml"
    f.write_text(TWO_SMALL.replace("troops = 1000", 'troops = "8000 to 14000"\n'
                             'monthly_pay_usd = "800 to 1500"').replace(
        "troops = 2000", 'troops = 5000\nmonthly_pay_usd = "800 to 1500"'))  # fmt: skip
    r = run("estimate", "-s", str(f), "--contingent", "a", "--monthly-pay", "1000")
    assert "a.troops, b.monthly_pay_usd;" in r.stderr
    r = run("solve", "-s", str(f), "--for", "monthly-pay", "--target", "300M")
    assert "median of a.troops;" in r.stderr
    r = run("estimate", "-s", DEPLOYMENTS, "--contingent", "second-wave", "--months", "3")
    assert r.exit_code == 2 and r.stderr.startswith("Error: --months: deployments-2024-2025:")
