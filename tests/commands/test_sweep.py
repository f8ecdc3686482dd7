"""`revenue sweep`: range parsing, grid order, exactness, refusals, streaming, pipes, the
deployed bound checked before any row, and its chart's limits."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal as D
from pathlib import Path
from unittest import mock

import pytest
from conftest import Run, examples, shell
from helpers import refused, refused_with, rows
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dprk_ru.analysis import sweep as sweep_module
from dprk_ru.analysis.sweep import CSV, check_grid, sweep, write_rows
from dprk_ru.core.formula import evaluate
from dprk_ru.core.money import cell
from dprk_ru.core.params import (
    COLUMNS,
    FACTORS,
    MONTHS,
    PARAM_BY_NAME,
    PARAMS,
    STATE_SHARE,
    TROOPS,
    Inputs,
    Param,
)
from dprk_ru.errors import DeployedError, InputError
from dprk_ru.inputs.grid import Grid, Span, expand, iter_values, parse_values
from dprk_ru.render.charts import (
    MAX_LINES,
    MAX_PANELS,
    PANEL_LINES,
)
from dprk_ru.render.formats import Format, render
from dprk_ru.render.stream import STREAMED, row_layout, stream_sweep


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
    refused_with(run(*args), message)
    out = tmp_path / "grid.csv"
    refused_with(run(*args, "-o", str(out)), message)
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


def test_sweep_plot_refuses_more_lines_than_its_panels_hold(run: Run, tmp_path: Path) -> None:
    """49 lines (7 pay values x 7 bonus values, troops on the x axis) is one more than 6
    panels of 8 hold: refused before any work, naming the options to narrow; 48 is drawn."""
    chart = tmp_path / "s.png"
    said = refused(run, tmp_path, "sweep", "--troops", "5000,10000", "--monthly-pay",
                   "1500:2100:100", "--bonus", "0:6000:1000", "--plot", str(chart),
                   "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert said == (
        f"--plot: 49 lines is more than a sweep chart draws legibly ({MAX_LINES}: "
        f"{MAX_PANELS} panels of {PANEL_LINES}); narrow the grid: fewer values of "
        "--monthly-pay or --bonus, or leave out --plot"
    )
    assert not chart.exists()
    r = run("sweep", "--troops", "5000,10000", "--monthly-pay", "1500:2200:100", "--bonus",
            "0:5000:1000", "--plot", str(chart), "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert chart.stat().st_size > 0


def test_sweep_new_parameters(run: Run) -> None:
    """sweep varies the new parameters too (through the plain path), exactly."""
    out = rows(run("sweep", "--rotations", "1:3:1", "--killed", "0,100", "--death-payment",
                   "8000", "-f", "csv").stdout)  # fmt: skip
    assert len(out) == 6
    assert out[-1]["bonus_total_usd"] == "60000000"
    assert out[-1]["death_total_usd"] == "800000"
    assert out[-1]["total_usd"] == str(240_000_000 + 60_000_000 + 800_000)


PAY = PARAM_BY_NAME["monthly_pay_usd"]


def _reference(grid: Grid) -> str:
    """What ``csv.writer`` writes for ``sweep(grid)``'s records: the reference for the fast
    writer."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([cell(e.record()[c]) for c in COLUMNS] for e in sweep(grid))
    return out.getvalue()


@st.composite
def _value(draw: st.DrawFn, param: Param) -> tuple[int, int, int, int]:
    """(places, numerator, lowest, highest numerator at those places) of a value allowed for
    ``param``, anywhere in its range or near its bottom."""
    places = draw(st.integers(0, param.places))
    unit = D(1).scaleb(-places)
    lo = max(0, int(param.low / unit) + param.low_open)
    hi = int(param.high / unit)
    small = st.integers(lo, min(hi, lo + 10 ** (places + 2)))
    return places, draw(st.one_of(st.integers(lo, hi), small)), lo, hi


def _decimal(places: int, num: int) -> str:
    return str(D(num).scaleb(-places))


@st.composite
def _items_text(draw: st.DrawFn, param: Param, max_count: int) -> str:
    """Grid text for ``param``: one to three items, each a value or a range of up to
    ``max_count`` values (whose stop may fall between steps), within the allowed range."""
    parts = []
    for _ in range(draw(st.integers(1, 3 if max_count > 1 else 1))):
        places, start, _, hi = draw(_value(param))
        count = draw(st.integers(1, max_count))
        if count == 1 and draw(st.booleans()):
            parts.append(_decimal(places, start))
            continue
        step = draw(st.integers(1, max(1, (hi - start) // max(1, count - 1))))
        count = min(count, (hi - start) // step + 1)
        stop = min(hi, start + (count - 1) * step + draw(st.integers(0, step - 1)))
        parts.append(":".join(_decimal(places, n) for n in (start, stop, step)))
    return ",".join(parts)


@st.composite
def _roubles(draw: st.DrawFn) -> str:
    """An amount in roubles (up to 200,000.00, at the sourced rate about $2,400), as a grid
    item: converted to dollars at up to 6 places, so its terms round to the cent."""
    return f"{_decimal(2, draw(st.integers(0, 20_000_000)))} RUB"


@st.composite
def _grids(draw: st.DrawFn) -> Grid:
    """Random grids over every parameter, up to about 2,000 rows; money sometimes given
    in roubles beside dollars ("400000 RUB,1500:2500:500")."""
    # Each parameter given or not: a share not given beside --state-share follows it.
    texts: dict[str, str] = {}
    for p in PARAMS:
        if not draw(st.booleans()):
            continue
        if p.name == "killed":  # killed at most troops x rotations at every point
            least = [
                min(iter_values(parse_values(PARAM_BY_NAME[n], texts[n])))
                if n in texts
                else PARAM_BY_NAME[n].default
                for n in ("troops", "rotations")
            ]
            p = dataclasses.replace(p, high=min(p.high, least[0] * least[1]))
        texts[p.name] = draw(_items_text(p, draw(st.sampled_from([1, 1, 2, 3, 5]))))
    for p in PARAMS:
        if p.money and draw(st.integers(0, 3)) == 0:
            texts[p.name] = ",".join([draw(_roubles()), *filter(None, [texts.get(p.name)])])
    try:
        items = {name: parse_values(PARAM_BY_NAME[name], text) for name, text in texts.items()}
    except InputError:  # roubles beyond the parameter's range
        assume(False)
    grid = Grid.from_items(items)
    assume(grid.size <= 2_000)
    return grid


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


@settings(max_examples=examples(200))
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
def test_refusals(run: Run, text: str) -> None:
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
def test_refuses_what_estimate_refuses(run: Run, option: str, text: str) -> None:
    """Any value a single estimate refuses is refused in a sweep, naming the option."""
    r = run("sweep", option, text)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Error: {option}: ")


def test_grid_order_last_fastest(run: Run) -> None:
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
def test_single_values_equal_estimate(run: Run, fmt: str, args: list[str]) -> None:
    """With single values, sweep prints exactly what estimate prints."""
    assert run("sweep", *args, "-f", fmt).stdout == run("estimate", *args, "-f", fmt).stdout


def test_past_2_31(run: Run) -> None:
    """83,000 troops at $1,990 give 2,148,040,000: exact past 2^31, where mawk's %d wraps."""
    r = run("sweep", "--troops", "83000", "--monthly-pay", "1990", "-f", "csv")
    assert r.stdout.splitlines()[1] == (
        "83000,1990,12,2000,1,1982040000,166000000,2148040000,1,0,0,0,1,1,1,soldiers"
    )


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    grid=_grids(),
    block_rows=st.sampled_from([1, 3, 16, 1024]),
    cache_limit=st.sampled_from([2, 65_536]),
    unroll=st.sampled_from([0, 4]),
)
def test_fast_writer_equals_every_renderer(grid: Grid, block_rows: int, cache_limit: int,
                                           unroll: int) -> None:  # fmt: skip
    """For any grid over every parameter (money with cents or in roubles, shares with 6
    places, fractional months, rotations, deaths, single values and ranges), the fast writer
    is byte for byte what ``csv.writer`` writes for ``sweep``'s records, and in each of
    JSON, JSON Lines and Markdown what that format's renderer writes for them; and each row
    is ``evaluate`` of that row's own parameter values; whatever the block size, text cache
    and unrolling."""
    first = next(sweep(grid)).record()
    fast: dict[Format, str] = {}
    with (
        mock.patch.object(sweep_module, "_BLOCK_ROWS", block_rows),
        mock.patch.object(sweep_module, "_CACHE_LIMIT", cache_limit),
        mock.patch.object(sweep_module, "_UNROLL", unroll),
    ):
        for fmt in STREAMED:
            out = io.StringIO()
            assert write_rows(grid, out, row_layout(fmt, COLUMNS, first)) == grid.size
            fast[fmt] = out.getvalue()
        out = io.StringIO()
        assert write_rows(grid, out) == grid.size
        assert out.getvalue() == fast[Format.csv]
    assert fast[Format.csv] == _reference(grid)
    for fmt in STREAMED:
        slow = io.StringIO()
        render((e.record() for e in sweep(grid)), COLUMNS, fmt, slow)
        assert fast[fmt] == slow.getvalue(), fmt
    assert [json.loads(line) for line in fast[Format.jsonl].splitlines()] == json.loads(
        fast[Format.json]
    )
    rows = list(csv.DictReader(io.StringIO(fast[Format.csv])))
    assert len(rows) == grid.size
    for row in rows:
        inputs = Inputs(**{p.name: p.typed(D(row[p.name])) for p in FACTORS})  # type: ignore[arg-type]
        record = evaluate(inputs).record()
        assert row == {c: cell(record[c]) for c in COLUMNS}


def test_fast_csv_rounds_each_term_half_up() -> None:
    """Fractions of a cent round half up, each term once: at a third of the money, 0.4999995
    cents of pay is 0 and 1.999998 cents of bonus 2; at half, 0.75 cents is 1 and a death
    payment's 1.5 cents is 2."""
    grid = Grid.from_items({
        "troops": [D(3)], "monthly_pay_usd": [D("0.01")], "months": [D("0.5")],
        "bonus_usd": [D("0.01")], "state_share": [D("0.333333"), D("0.5")],
        "rotations": [D(2)], "killed": [D(1)], "death_payment_usd": [D("0.03")],
    })  # fmt: skip
    out = io.StringIO()
    write_rows(grid, out, dataclasses.replace(CSV, head=""))
    assert out.getvalue() == (
        "3,0.01,0.5,0.01,0.333333,0,0.02,0.03,2,1,0.03,0.01,0.333333,0.333333,0.333333,soldiers\n"
        "3,0.01,0.5,0.01,0.5,0.01,0.03,0.06,2,1,0.03,0.02,0.5,0.5,0.5,soldiers\n"
    )


@pytest.mark.parametrize(
    ("options", "rows", "last"),
    [
        (["--troops", "0:1000:1000", "--monthly-pay", "1:3:1", "--rotations", "1:10:1"], 60,
         "1000,3,12,2000,1,36000,20000000,20036000,10,0,0,0,1,1,1,soldiers"),
        (["--troops", "0:4:2", "--state-share", "0.5,1"], 6,
         "4,2000,12,2000,1,96000,8000,104000,1,0,0,0,1,1,1,soldiers"),
        (["--killed", "0:100:50", "--death-payment", "0.5,15000", "--state-share", "0.5,1"], 12,
         "10000,2000,12,2000,1,240000000,20000000,261500000,1,100,15000,1500000,1,1,1,soldiers"),
    ],
)  # fmt: skip
def test_every_shape_streams(run: Run, options: list[str], rows: int, last: str) -> None:
    """Grids varying rotations, a two-valued innermost share, or deaths stream as CSV with the
    hand-computed last row: 1000 x $3 x 12 = $36,000 of pay and 1000 x $2,000 x 10 rotations
    = $20M of bonuses; 4 x $2,000 x 12 = $96,000; 100 killed x $15,000 = $1.5M."""
    r = run("sweep", *options, "-f", "csv")
    lines = r.stdout.splitlines()
    assert r.exit_code == 0 and len(lines) == rows + 1
    assert lines[-1] == last


def test_fast_csv_progress_counts_every_row() -> None:
    """The progress callback is told every row written, a block (at most about two thousand
    rows) at a time."""
    grid = Grid.from_items({"troops": [Span(D(1), D(10_000), D(1))], "rotations": [D(1), D(2)]})
    calls: list[int] = []
    assert write_rows(grid, io.StringIO(), progress=calls.append) == 20_000
    assert sum(calls) == 20_000 and len(calls) > 5 and max(calls) <= 2_048


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("currency", [None, "KRW"])
def test_every_format_progress_counts_every_row(fmt: Format, currency: str | None) -> None:
    """Each streamed format, with won columns or without, tells the progress callback every
    row written, a block at a time; a grid the fast writer cannot make (shares varying
    apart from --state-share) too."""
    from dprk_ru.core.currency import other_currency
    from dprk_ru.core.params import money_results

    to = other_currency(currency)
    money = money_results(COLUMNS)
    grid = Grid.from_items({"troops": [Span(D(1), D(10_000), D(1))], "rotations": [D(1), D(2)]})
    calls: list[int] = []
    assert stream_sweep(grid, fmt, money, to, io.StringIO(), calls.append) == 20_000
    assert sum(calls) == 20_000 and len(calls) > 5 and max(calls) <= 2_048
    odd = Grid.from_items({"troops": [Span(D(1), D(2_999), D(1))], "pay_share": [D("0.5"), D(1)],
                           "state_share": [D("0.5"), D(1)]})  # fmt: skip
    calls.clear()
    assert stream_sweep(odd, fmt, money, to, io.StringIO(), calls.append) == 11_996
    assert sum(calls) == 11_996 and max(calls) <= 1_024


def test_fast_csv_long_runs_are_chunked() -> None:
    """Runs longer than the cache limit stream in chunks and stay in order."""
    grid = Grid.from_items({"troops": [Span(D(0), D(70_000), D(1))], "state_share": [D("0.5")]})
    out = io.StringIO()
    assert write_rows(grid, out) == 70_001
    lines = out.getvalue().splitlines()
    assert (
        lines[1].startswith("0,")
        and lines[-1]
        == "70000,2000,12,2000,0.5,840000000,70000000,910000000,1,0,0,0,0.5,0.5,0.5,soldiers"
    )


def test_max_rows_guard(run: Run, tmp_path: Path) -> None:
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


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "markdown", "xlsx", "table"])
def test_max_rows_refused_before_any_output(run: Run, tmp_path: Path, fmt: str) -> None:
    """In every format, a grid over --max-rows is refused (exit 2) before any work: nothing
    on stdout and no --output file made, whether the format is given or follows the name."""
    suffix = {"markdown": "md", "table": "csv"}.get(fmt, fmt)
    grid = ["sweep", "--troops", "1:100:1", "--monthly-pay", "1:100:1", "--max-rows", "9999"]
    for args in (["-f", fmt, "-o", str(tmp_path / f"a.{suffix}")],
                 ["-o", str(tmp_path / f"b.{suffix}")], ["-f", fmt]):  # fmt: skip
        if fmt == "table" and "-o" in args:
            continue
        if fmt == "xlsx" and "-o" not in args:
            args += ["-o", str(tmp_path / "c.xlsx")]
        r = run(*grid, *args)
        assert r.exit_code == 2, r.stderr
        assert r.stderr == (
            "Error: --max-rows: the grid has 10,000 rows, more than the limit of 9,999; "
            "raise it with --max-rows 10000\n"
        )
        assert r.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "markdown", "xlsx"])
def test_default_max_rows_refused_at_once(run: Run, tmp_path: Path, fmt: str) -> None:
    """The default ceiling (10,000,000 rows; a worksheet's 1,048,575 for xlsx) is refused in
    every format before any work: 20,000,002 rows are not started."""
    target = tmp_path / f"g.{'md' if fmt == 'markdown' else fmt}"
    r = run("sweep", "--troops", "0:10000000:1", "--monthly-pay", "1,2", "-f", fmt,
            "-o", str(target))  # fmt: skip
    assert r.exit_code == 2 and "20,000,002 rows" in r.stderr and "10,000,000" in r.stderr
    assert r.stdout == "" and not target.exists()
    if fmt == "xlsx":  # a worksheet's own ceiling, under the default --max-rows
        r = run("sweep", "--troops", "0:1048575:1", "-f", fmt, "-o", str(target))
        assert r.exit_code == 2
        assert "at most 1,048,575 rows; this one would have 1,048,576" in r.stderr
    assert r.stdout == "" and not target.exists()


def test_output_file_atomic(run: Run, tmp_path: Path) -> None:
    """--output writes the whole file and leaves no temporary file behind."""
    target = tmp_path / "grid.csv"
    r = run("sweep", "--troops", "1:1000:1", "-o", str(target))
    assert r.exit_code == 0 and r.stdout == ""
    assert len(target.read_text().splitlines()) == 1001
    assert [p.name for p in tmp_path.iterdir()] == ["grid.csv"]


def test_jsonl_streams(run: Run) -> None:
    """jsonl gives one object per grid point."""
    r = run("sweep", "--troops", "1:5:1", "-f", "jsonl")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["troops"] for x in rows] == [1, 2, 3, 4, 5]
    assert rows[-1]["total_usd"] == 5 * 26000


def test_table_screenful(run: Run) -> None:
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
