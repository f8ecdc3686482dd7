"""`revenue sweep`: range parsing, grid order, exactness, refusals, streaming, pipes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import shell
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_ru.analysis.sweep import sweep, write_csv
from dprk_ru.core.money import cell
from dprk_ru.core.params import COLUMNS, MONTHS, PARAM_BY_NAME, STATE_SHARE, TROOPS
from dprk_ru.errors import InputError
from dprk_ru.inputs.grid import Grid, Span, expand, parse_values

PAY = PARAM_BY_NAME["monthly_pay_usd"]


def test_range_inclusive() -> None:
    """5000:20000:5000 gives 5000, 10000, 15000, 20000."""
    assert expand(parse_values(TROOPS, "5000:20000:5000")) == [5000, 10000, 15000, 20000]


def test_decimal_step_exact() -> None:
    """0.5:1:0.1 gives exactly 0.5, 0.6, ..., 1.0: no float drift."""
    assert expand(parse_values(MONTHS, "0.5:1:0.1")) == [D(x) / 10 for x in range(5, 11)]


def test_list_and_range_mixed() -> None:
    """Lists and ranges mix, in the order written."""
    assert expand(parse_values(TROOPS, "1000,5000:8000:1000")) == [1000, 5000, 6000, 7000, 8000]


def test_range_stops_at_or_before_stop() -> None:
    """A step that does not land on STOP stops before it."""
    assert expand(parse_values(TROOPS, "1:10:4")) == [1, 5, 9]


@settings(max_examples=200)
@given(
    start=st.integers(0, 10_000),
    step=st.integers(1, 500),
    count=st.integers(1, 60),
    places=st.integers(0, 2),
)
def test_range_matches_decimal_arithmetic(start: int, step: int, count: int, places: int) -> None:
    """Parsed ranges equal start + i*step in Decimal, endpoints included, counts right."""
    scale = D(10) ** -places
    s, st_, stop = D(start) * scale, D(step) * scale, (D(start) + D(step) * (count - 1)) * scale
    text = f"{s}:{stop}:{st_}"
    values = expand(parse_values(PAY, text))
    assert values == [s + i * st_ for i in range(count)]
    assert values[0] == s and values[-1] == stop
    assert len(parse_values(PAY, text)[0]) == count  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["10:1:1", "1:10:0", "1:10:-1", "a:b:c", "1,,2", "", " ", "1:2", "1:2:x", "-1:5:1",
             "1:20000000:1", "1e3", "1:10:0.5", "nan", "5,"],
)  # fmt: skip
def test_refusals(run, text: str) -> None:
    """Bad values are refused with exit 2 and one line naming --troops; nothing on stdout."""
    r = run("sweep", "--troops", text)
    assert r.exit_code == 2, r.stdout
    assert r.stdout == ""
    assert r.stderr.startswith("Error: --troops: ")
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("option", "text"),
    [("--months", "0:12:1"), ("--months", "13"), ("--state-share", "0.5:1.5:0.5"),
     ("--monthly-pay", "1000:2000:0.001"), ("--bonus", "-1"), ("--monthly-pay", "nan")],
)  # fmt: skip
def test_refuses_what_estimate_refuses(run, option: str, text: str) -> None:
    """Any value a single estimate refuses is refused in a sweep, naming the option."""
    r = run("sweep", option, text)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Error: {option}: ")


def test_grid_order_last_fastest(run) -> None:
    """Options in the model's order, the last varying fastest."""
    r = run("sweep", "--troops", "1,2", "--monthly-pay", "10,20", "--state-share", "0.5,1")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["troops"], x["monthly_pay_usd"], x["state_share"]) for x in rows] == [
        ("1", "10", "0.5"), ("1", "10", "1"), ("1", "20", "0.5"), ("1", "20", "1"),
        ("2", "10", "0.5"), ("2", "10", "1"), ("2", "20", "0.5"), ("2", "20", "1"),
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "markdown"])
@pytest.mark.parametrize(
    "args",
    [[], ["--troops", "83000", "--monthly-pay", "1990"],
     ["--monthly-pay", "1999.99", "--months", "6.5", "--state-share", "0.3333", "--bonus", "0.01"]],
)  # fmt: skip
def test_single_values_equal_estimate(run, fmt: str, args: list[str]) -> None:
    """With single values, sweep prints exactly what estimate prints."""
    assert run("sweep", *args, "-f", fmt).stdout == run("estimate", *args, "-f", fmt).stdout


def test_past_2_31(run) -> None:
    """83,000 troops at $1,990 give 2,148,040,000: exact past 2^31, where mawk's %d wraps."""
    r = run("sweep", "--troops", "83000", "--monthly-pay", "1990", "-f", "csv")
    assert r.stdout.splitlines()[1] == (
        "83000,1990,12,2000,1,1982040000,166000000,2148040000,1,0,0,0"
    )


money = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    troops=st.lists(st.integers(0, 10_000_000), min_size=1, max_size=3),
    pay=st.lists(money, min_size=1, max_size=3),
    months=st.lists(st.decimals(min_value=D("0.001"), max_value=12, places=3), min_size=1,
                    max_size=2),
    bonus=st.lists(money, min_size=1, max_size=2),
    share=st.lists(st.decimals(min_value=0, max_value=1, places=4), min_size=1, max_size=2),
    rotations=st.lists(st.integers(1, 12), min_size=1, max_size=2),
    killed=st.lists(st.integers(0, 5000), min_size=1, max_size=2),
    death=st.lists(money, min_size=1, max_size=2),
)  # fmt: skip
def test_fast_csv_equals_csv_writer(troops, pay, months, bonus, share, rotations, killed,
                                    death) -> None:  # fmt: skip
    """The fast integer writer is byte-identical to csv.writer over the model's records
    (grids that vary the last parameters take the plain path, and must agree too)."""
    grid = Grid(
        (tuple(D(t) for t in troops), tuple(pay), tuple(months), tuple(bonus), tuple(share),
         tuple(D(r) for r in rotations), tuple(D(k) for k in killed), tuple(death))
    )  # fmt: skip
    fast = io.StringIO()
    assert write_csv(grid, fast) == grid.size
    slow = io.StringIO()
    writer = csv.writer(slow, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([cell(e.record()[c]) for c in COLUMNS] for e in sweep(grid))
    assert fast.getvalue() == slow.getvalue()


def test_fast_csv_long_runs_are_chunked() -> None:
    """Runs longer than the cache limit stream in chunks and stay in order."""
    grid = Grid.from_items({"troops": [Span(D(0), D(70_000), D(1))], "state_share": [D("0.5")]})
    out = io.StringIO()
    assert write_csv(grid, out) == 70_001
    lines = out.getvalue().splitlines()
    assert (
        lines[1].startswith("0,")
        and lines[-1] == "70000,2000,12,2000,0.5,840000000,70000000,910000000,1,0,0,0"
    )


def test_max_rows_guard(run, tmp_path: Path) -> None:
    """A grid over --max-rows is refused before anything is written, saying how to raise it."""
    target = tmp_path / "out.csv"
    target.write_text("keep\n")
    r = run("sweep", "--troops", "1:100:1", "--monthly-pay", "1:100:1", "--max-rows", "9999",
            "-o", str(target))  # fmt: skip
    assert r.exit_code == 2
    assert "10,000 rows" in r.stderr and "--max-rows 10000" in r.stderr
    assert target.read_text() == "keep\n"
    assert r.stdout == ""
    default = run("sweep", "--troops", "0:10000000:1", "--monthly-pay", "1,2")
    assert default.exit_code == 2 and "20,000,002 rows" in default.stderr


def test_output_file_atomic(run, tmp_path: Path) -> None:
    """--output writes the whole file and leaves no temporary file behind."""
    target = tmp_path / "grid.csv"
    r = run("sweep", "--troops", "1:1000:1", "-o", str(target))
    assert r.exit_code == 0 and r.stdout == ""
    assert len(target.read_text().splitlines()) == 1001
    assert [p.name for p in tmp_path.iterdir()] == ["grid.csv"]


def test_jsonl_streams(run) -> None:
    """jsonl gives one object per grid point."""
    r = run("sweep", "--troops", "1:5:1", "-f", "jsonl")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["troops"] for x in rows] == [1, 2, 3, 4, 5]
    assert rows[-1]["total_usd"] == 5 * 26000


def test_table_screenful(run) -> None:
    """The table view shows a screenful and says how many rows were left out."""
    r = run("sweep", "--troops", "1:1000:1", "-f", "table")
    assert r.exit_code == 0
    assert "more rows not shown" in r.stdout and "--format csv" in r.stdout


def test_parse_errors_are_input_errors() -> None:
    """The library raises InputError (exit 2) for bad grid text."""
    with pytest.raises(InputError, match="--state-share"):
        parse_values(STATE_SHARE, "0:2:1")


def test_closed_pipe_is_quiet() -> None:
    """`revenue sweep ... | head -n 2` ends quietly: no traceback, no Broken pipe message."""
    r = shell("revenue sweep --troops 1:1000000:1 --monthly-pay 1:5:1 | head -n 2; "
              "echo \"rc=${PIPESTATUS[0]}\" >&2")  # fmt: skip
    assert r.stdout.count("\n") == 2
    assert r.stderr.strip() in ("rc=0", "rc=141"), r.stderr
