"""Table views: numbers never cut at any width, and they show what was computed."""

from __future__ import annotations

import io
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run
from helpers import KRW, rows, table
from typer.testing import CliRunner

from dprk_ru.analysis.compare import labels
from dprk_ru.analysis.sweep import sweep
from dprk_ru.cli import app
from dprk_ru.core.currency import OtherCurrency
from dprk_ru.core.params import COLUMNS, money_results
from dprk_ru.inputs.grid import Grid
from dprk_ru.render.formats import Format, render
from dprk_ru.render.layout import Col, blocks, header_lines, show
from dprk_ru.render.stream import STREAMED, stream_sweep

#: Every command's table view, with the cases the issue named.
VIEWS: list[tuple[str, ...]] = [
    ("estimate",),
    ("estimate", "--published", "inss-lim-2024-11-alliance"),
    ("estimate", "--bonus", "400000 RUB", "--currency", "KRW"),
    ("estimate", "-s", "deployments-2024-2025", "--year", "2024"),
    ("estimate", "-s", "kursk-plus-shoigu", "--contingent", "kursk", "--killed", "100",
     "--death-payment", "8000",
     "--state-share", "0.8", "--rotations", "2"),
    ("compare",),
    ("compare", "shoigu-2025", "kursk-2024", "--currency", "KRW"),
    ("compare", "article-baseline", "deployments-2024-2025", "--year", "2024"),
    ("sweep", "--troops", "5000:8000:1000"),
    ("sweep", "--troops", "5000:8000:1000", "--monthly-pay", "1500,2000", "--currency", "KRW"),
    ("solve", "--for", "troops", "--target", "1B"),
    ("solve", "--for", "monthly-pay", "--target", "2.6B", "-s", "kursk-plus-shoigu",
     "--currency", "KRW"),
    ("simulate", "--troops", "8000 to 14000", "--seed", "1", "-n", "1000"),
    ("simulate", "--troops", "8000 to 14000", "--seed", "1", "-n", "1000", "--currency", "KRW"),
    ("sensitivity", "--troops", "8000 to 14000", "--bonus", "uniform(0,4000)"),
    ("sensitivity", "--troops", "8000 to 14000", "--currency", "KRW"),
    ("timeline", "--from", "2024-11", "--to", "2025-02"),
    ("timeline", "--from", "2024-11", "--to", "2025-02", "--currency", "KRW"),
    ("published",),
    ("published", "--currency", "KRW"),
    ("sources",),
    ("sources", "troops", "ISPI"),
    ("scenarios",),
]  # fmt: skip


DATED = """name = "d"
[[contingents]]
name = "a"
troops = 1000
killed = 120
death_payment_usd = 5000
start = "2024-11"
[[contingents]]
name = "b"
troops = 500
start = "2025-03"
end = "2025-04"
"""


#: A number as a table view writes it: grouped in thousands, perhaps money.
GROUPED = re.compile(r"\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_no_number_is_cut(
    monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> None:
    """At 60, 80 and 120 columns no line is wider than the screen, nothing ends in an
    ellipsis beside a digit, and there are no escape codes."""
    out = table(monkeypatch, width, *args).stdout
    assert not re.search(r"[0-9$]…|…[0-9]", out)
    # A headline's own ellipsis (Kukmin Ilbo's "환율…올해도") is data, not a cut.
    assert "…" not in out.replace("환율…올해도", "").replace("추가파병…규모", "")
    assert max(len(line) for line in out.splitlines()) <= width
    assert "\x1b" not in out


@pytest.mark.parametrize("width", [60, 80, 120])
def test_sweep_totals_whole(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """Every total of the CSV appears whole in the table, at every width."""
    totals = [r["total_usd"] for r in rows(CliRunner().invoke(
        app, ["sweep", "--troops", "5000:8000:1000", "-f", "csv"]).stdout)]  # fmt: skip
    out = table(monkeypatch, width, "sweep", "--troops", "5000:8000:1000").stdout
    assert totals == ["130000000", "156000000", "182000000", "208000000"]
    for t in totals:
        assert f"${int(t):,}" in out


def test_sweep_80_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case at 80 columns: the parameters the grid does not vary said once, the
    totals whole."""
    assert table(monkeypatch, 80, "sweep", "--troops", "5000:8000:1000").stdout == (
        "In every row: monthly_pay_usd $2,000, months 12, bonus_usd $2,000, state_share 1\n"
        "┏━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┓\n"
        "┃ troops ┃ pay_total_usd ┃ bonus_total_usd ┃    total_usd ┃\n"
        "┡━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━┩\n"
        "│  5,000 │  $120,000,000 │     $10,000,000 │ $130,000,000 │\n"
        "│  6,000 │  $144,000,000 │     $12,000,000 │ $156,000,000 │\n"
        "│  7,000 │  $168,000,000 │     $14,000,000 │ $182,000,000 │\n"
        "│  8,000 │  $192,000,000 │     $16,000,000 │ $208,000,000 │\n"
        "└────────┴───────────────┴─────────────────┴──────────────┘\n"
    )


def test_sweep_table_to_file_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`-f table -o grid.txt` writes the totals whole (the file gets the same layout)."""
    path = tmp_path / "grid.txt"
    table(monkeypatch, 80, "sweep", "--troops", "5000:8000:1000", "-o", str(path))
    text = path.read_text()
    assert "$130,000,000" in text and "$208,000,000" in text and "…" not in text


def test_estimate_80_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default estimate: the formula, the terms, the total, and the sources of both
    defaults it used."""
    assert table(monkeypatch, 80, "estimate").stdout == (
        "Revenue estimate\n"
        "         formula                                         USD a year\n"
        "pay      10,000 soldiers x $2,000 a month x 12 months  $240,000,000\n"
        "bonuses  + 10,000 soldiers x $2,000 bonus               $20,000,000\n"
        "total                                                  $260,000,000\n"
        "= $260,000,000 a year ($260.0M)\n"
        "\n"
        "Defaults: pay $2,000 a month is NIS's figure for soldiers (via The Korea Herald,\n"
        "2024-11-03); bonus $2,000 is the lump sum INSS reports for foreign recruits, \n"
        "which the $260M of Chang (ISPI 2025) also implies. See `revenue sources`.\n"
    )


def test_compare_60_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 60 columns the built-ins do not fit as a table: one record per block, every
    number whole, the components (pay, bonus, death payments) adding up to the total."""
    out = table(monkeypatch, 60, "compare").stdout
    assert [line.rstrip() for line in out.splitlines()[:15]] == [
        "Revenue by scenario, USD a year",
        "scenario  The article's baseline: 10,000 personnel a year",
        "          (article-baseline)",
        "troops    10,000",
        "pay       $240.0M",
        "bonus     $20.0M",
        "death     $0.00",
        "total     $260.0M",
        "vs 1st",
        "x (1)     0.1",
        "x (2)     1.3",
        "x (3)     5.2",
        "",
        "scenario  Kursk, 2024 (kursk-2024)",
        "troops    12,000",
    ]
    assert "█" in table(monkeypatch, 120, "compare").stdout


def test_dated_year_golden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A dated scenario in a year: the months counted, deaths as a share of the year, a
    contingent not deployed says so instead of a product, and the total counts only the
    troops deployed in the year."""
    f = tmp_path / "d.toml"
    f.write_text(DATED)
    out = table(monkeypatch, 80, "estimate", "-s", str(f), "--year", "2024").stdout
    assert out == (
        "Revenue estimate: d / a\n"
        "                formula                                             USD in 2024\n"
        "pay             1,000 soldiers x $2,000 a month x 2 months in 2024   $4,000,000\n"
        "bonuses         + 1,000 soldiers x $2,000 bonus                      $2,000,000\n"
        "death payments  + 120 killed x $5,000 a death x 2/12 of a year         $100,000\n"
        "total                                                                $6,100,000\n"
        "= $6,100,000 in 2024 ($6.1M)\n"
        "\n"
        "Revenue estimate: d / b\n"
        "         formula                                             USD in 2024\n"
        "pay      not deployed in 2024 (deployed 2025-03 to 2025-04)           $0\n"
        "bonuses  no bonus in 2024: deployed from 2025-03                      $0\n"
        "total                                                                 $0\n"
        "= $0 in 2024 ($0.00)\n"
        "\n"
        "Revenue estimate: d, total of 2 contingents\n"
        "                formula  USD in 2024\n"
        "pay                       $4,000,000\n"
        "bonuses                   $2,000,000\n"
        "death payments              $100,000\n"
        "total                     $6,100,000\n"
        "= $6,100,000 in 2024 ($6.1M), 1,000 soldiers deployed in 2024 (the most at once)\n"
        "\n"
        "Dated contingents count the months they are deployed in 2024, and their bonus \n"
        "only if they start in 2024 (--year).\n"
        "Defaults: pay $2,000 a month is NIS's figure for soldiers (via The Korea Herald,\n"
        "2024-11-03); bonus $2,000 is the lump sum INSS reports for foreign recruits, \n"
        "which the $260M of Chang (ISPI 2025) also implies. See `revenue sources`.\n"
    )
    (a, b, total) = rows(CliRunner().invoke(
        app, ["estimate", "-s", str(f), "--year", "2025", "-f", "csv"]).stdout)  # fmt: skip
    assert total["troops"] == "1500"  # both deployed in 2025 (in March and April)
    assert total["troop_months"] == "13000"  # 1,000 x 12 + 500 x 2
    (a, b, total) = rows(CliRunner().invoke(
        app, ["estimate", "-s", str(f), "--year", "2024", "-f", "csv"]).stdout)  # fmt: skip
    assert total["troops"] == "1000"  # b is not deployed in 2024
    assert (a["troop_months"], b["troop_months"], total["troop_months"]) == ("2000", "0", "2000")


def test_started_before_the_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """A deployment that started the year before shows no bonus product, and says why."""
    out = table(monkeypatch, 120, "estimate", "-s", "deployments-2024-2025", "--year", "2025")
    text = out.stdout
    assert "no bonus in 2025: deployed from 2024-11" in text
    assert "9,000 soldiers x $2,000 bonus" not in text
    assert "12 months in 2025" in text


def test_builtin_dated_total_troops(monkeypatch: pytest.MonkeyPatch) -> None:
    """In 2024 only the first wave (7,000 + 600 + 1,400 + 2,000 wounded) is deployed: the
    total row, the CSV and compare say 11,000 troops, not the sum of every contingent."""
    r = CliRunner().invoke(app, ["estimate", "-s", "deployments-2024-2025", "--year", "2024",
                                 "-f", "csv"])  # fmt: skip
    assert rows(r.stdout)[-1]["troops"] == "11000"
    r = CliRunner().invoke(app, ["compare", "deployments-2024-2025", "--year", "2024", "-f",
                                 "csv"])  # fmt: skip
    assert rows(r.stdout)[0]["troops"] == "11000"
    out = table(monkeypatch, 80, "estimate", "-s", "deployments-2024-2025", "--year", "2024")
    assert "11,000 soldiers deployed in 2024" in out.stdout
    assert "not deployed in 2024 (deployed from 2025-02)" in out.stdout


def test_published_inputs_not_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """A published id's inputs are shown, and the defaults it does not use are not named."""
    out = table(monkeypatch, 80, "estimate", "--published", "inss-lim-2024-11-alliance").stdout
    assert "10,000 soldiers x $11,166.67 a month x 12 months" in out
    assert "$1,340,000,400" in out
    assert "Defaults" not in out and "NIS figure" not in out


def test_labels() -> None:
    """Shared names get what was given beside them; the same file name twice, its path;
    the same scenario twice, a number."""
    assert labels(["a", "b"], ["a", "x.toml"]) == ["a", "b"]
    assert labels(["s", "s"], ["s", "dir/mine.toml"]) == ["s", "s (mine.toml)"]
    assert labels(["s", "s"], ["one/m.toml", "two/m.toml"]) == ["s (one/m.toml)", "s (two/m.toml)"]
    assert labels(["k", "k", "k"], ["k", "k", "k"]) == ["k", "k #2", "k #3"]


def test_compare_same_name(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A file written by `scenarios show shoigu-2025` compared with shoigu-2025: two rows
    told apart in CSV, JSON, Markdown and the table, and two distinct bar labels."""
    mine = tmp_path / "mine.toml"
    mine.write_text(run("scenarios", "show", "shoigu-2025").stdout)
    given = ["compare", "shoigu-2025", str(mine)]
    names = [r["scenario"] for r in rows(run(*given, "-f", "csv").stdout)]
    assert names == ["shoigu-2025", "shoigu-2025 (mine.toml)"]
    assert '"scenario": "shoigu-2025 (mine.toml)"' in run(*given, "-f", "json").stdout
    title = "The Shoigu deal of June 2025"
    assert f"| {title} (mine.toml) |" in run(*given, "-f", "markdown").stdout
    text = " ".join(table(monkeypatch, 120, *given).stdout.split())
    assert "shoigu-2025 (mine.toml)" in text
    drawn: list[list[str]] = []
    import dprk_ru.render.charts as charts

    real = charts.bars

    def bars(names: list[str], *args: object, **kwargs: object) -> object:
        drawn.append(list(names))
        return real(names, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "bars", bars)
    assert run(*given, "--plot", str(tmp_path / "c.png"), "-f", "csv").exit_code == 0
    assert drawn == [[title, f"{title} (mine.toml)"]]


def test_header_lines() -> None:
    """Headers break after their underscores and at spaces."""
    assert header_lines("bonus_total_usd", 12) == "bonus_total_\nusd"
    assert header_lines("at 95th KRW", 7) == "at 95th\nKRW"
    assert header_lines("troops", 3) == "troops"


def test_blocks_when_narrow() -> None:
    """Too narrow for a table: one record per block; narrower still, each value under its
    header, never cut."""
    from rich.console import Console

    cols = [Col("name", "text"), Col("pay_usd"), Col("total_usd")]
    cells = [["a [b]", "$1,234,567,890", "$1,234,567,891"], ["c", "$1", "$2"]]
    for width, expected in (
        (30, "name       a [b]\npay_usd    $1,234,567,890\ntotal_usd  $1,234,567,891\n\n"
             "name       c\npay_usd    $1\ntotal_usd  $2\n"),
        (20, "name\n  a [b]\npay_usd\n  $1,234,567,890\ntotal_usd\n  $1,234,567,891\n\n"
             "name\n  c\npay_usd\n  $1\ntotal_usd\n  $2\n"),
    ):  # fmt: skip
        con = Console(file=io.StringIO(), width=width, color_system=None)
        show(con, cols, cells)
        text = con.file.getvalue()  # type: ignore[attr-defined]
        assert [line.rstrip() for line in text.splitlines()] == expected.splitlines()
    con = Console(file=io.StringIO(), width=40, color_system=None)
    blocks(con, cols, cells[:1], title="T")
    assert con.file.getvalue().splitlines()[0] == "T"  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", STREAMED)
def test_currency_relayout_of_an_empty_shorthand(fmt: Format) -> None:
    """With its shares apart (--pay-share 0.3 beside --state-share 0.5), state_share is
    empty: JSON's null, Markdown's empty cell (left-aligned, from the first record), also
    once the won columns are added; as the renderers write the records."""
    grid = Grid.from_items({"troops": [D(1), D(2)], "pay_share": [D("0.3")],
                            "state_share": [D("0.5"), D(1)]})  # fmt: skip
    to, money_cols = OtherCurrency("KRW", KRW, "--rate"), money_results(COLUMNS)
    fast = io.StringIO()
    assert stream_sweep(grid, fmt, money_cols, to, fast) == 4
    slow = io.StringIO()
    columns = to.columns(COLUMNS, money_cols)
    render(to.records((e.record() for e in sweep(grid)), money_cols), columns, fmt, slow)
    assert fast.getvalue() == slow.getvalue()
    empty = {"csv": "2000,,7200", "json": '"state_share": null', "jsonl": '"state_share": null',
             "markdown": "| $2,000 |  | $7,200 |"}[fmt]  # fmt: skip
    assert empty in fast.getvalue()
    # 1 x $2,000 x 12 x 0.3 = $7,200 of pay, 10,238,184 won at 1,421.97
    assert ("10,238,184" if fmt == "markdown" else "10238184") in fast.getvalue()


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("args", [(), ("-s", "deployments-2024-2025"),
                                  ("-s", "kursk-plus-shoigu", "--currency", "KRW")])  # fmt: skip
def test_explain_keeps_every_number(
    monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> None:
    """`explain` on a terminal (rich) keeps every amount and every input's value whole at 60,
    80 and 120 columns, the value beside its kind (the value column was dropped at 80 and
    120 by a long contingent list), and no line is wider than the screen."""
    from dprk_ru.render.explain import write_rich

    monkeypatch.setenv("COLUMNS", str(width))
    captured: dict[str, object] = {}
    monkeypatch.setattr("dprk_ru.render.explain.write_text",
                        lambda expl, out, width=80: captured.setdefault("expl", expl))  # fmt: skip
    assert CliRunner().invoke(app, ["explain", *args, "-f", "text"]).exit_code == 0
    out = io.StringIO()
    write_rich(captured["expl"], out)  # type: ignore[arg-type]
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= width
    assert not re.search(r"[0-9$]…|…[0-9]", text)  # a headline's own … is data
    expl = captured["expl"]
    amounts = [f"${t.cents // 100:,}" for p in expl.parts for t in p.terms]  # type: ignore[attr-defined]
    assert amounts and all(a in text for a in amounts)
    for r in expl.input_rows():  # type: ignore[attr-defined]
        assert re.search(rf"(^|\s){re.escape(r.input.text)}\s+{r.input.kind}\b", text, re.M), (
            r.input.param.label,
            r.input.text,
        )


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_narrow_screens_keep_cells_and_numbers(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """At COLUMNS 21, 25, 30 and 40 (above the 20 below which COLUMNS is taken as unset) no
    view draws a table whose cells hold one letter a line (`scenarios` printed 1,238 lines
    so at 25), and every grouped number of the 200-column view is there whole."""
    wide = set(GROUPED.findall(table(monkeypatch, 200, *args).stdout))
    assert wide
    for width in (21, 25, 30, 40):
        out = table(monkeypatch, width, *args).stdout
        letters = [line for line in out.splitlines() if re.search(r"[│┃]", line)
                   and all(len(cell.strip()) <= 1 for cell in re.split(r"[│┃]", line))]  # fmt: skip
        assert letters == [], (width, letters[:3])
        assert sorted(n for n in wide if n not in out) == [], width


def test_scenarios_at_25_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """`COLUMNS=25 revenue scenarios -f table` is one block per scenario, its numbers whole."""
    out = table(monkeypatch, 25, "scenarios").stdout
    assert len(out.splitlines()) < 300
    assert re.search(r"^scenario +article-base", out, re.M)  # the id folds in a text column
    assert re.search(r"^total +\$260,000,000 *$", out, re.M)
    assert re.search(r"^troops +10,000 *$", out, re.M)
