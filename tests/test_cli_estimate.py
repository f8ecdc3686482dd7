"""`revenue estimate` and `revenue sources` through the CLI."""

from __future__ import annotations

import json

import pytest
from conftest import Run, revenue, shell

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


def test_bad_format(run: Run) -> None:
    """An unknown --format is a usage error listing the choices."""
    r = run("estimate", "--format", "xml")
    assert r.exit_code == 2
    assert "xml" in r.stderr and "markdown" in r.stderr
    assert r.stdout == ""


def test_help_shows_defaults_and_bonus_derivation(run: Run) -> None:
    """--help shows each default, workers' pay and where the bonus comes from."""
    r = run("estimate", "--help")
    text = " ".join(r.stdout.replace("│", " ").split())
    for default in ("[default: 10000]", "[default: 2000]", "[default: 12]", "[default: 1]"):
        assert default in text
    assert "800 for workers" in text and "lump sum INSS reports for foreign recruits" in text


def test_sources_lists_every_figure(run: Run) -> None:
    """`sources` gives each default and reference, stated or derived, with source and quote."""
    r = run("sources", "--format", "json")
    rows = {row["key"]: row for row in json.loads(r.stdout)}
    assert rows["monthly_pay_usd"]["value"] == 2000
    assert rows["monthly_pay_usd"]["kind"] == "stated"
    assert rows["bonus_usd"]["kind"] == "derived"
    assert "$20M over 10,000 soldiers" in rows["bonus_usd"]["reasoning"]
    assert rows["china-exports-2016"]["value"] == 2600000000
    assert rows["china-exports-2018"]["value"] == 200000000
    assert rows["china-exports-2020"]["value"] == 50000000
    article = [row for row in rows.values() if "ISPI" in row["source"] and "." not in row["key"]]
    assert {row["key"] for row in article} >= {"troops", "bonus_usd", "china-exports-2016"}
    assert all(row["quote"] for row in article)
    # Every default is cited, new ones included, and what share of deaths the state keeps.
    assert {"rotations", "killed", "death_payment_usd", "rate-rub-2025"} <= set(rows)
    assert "The state keeps death_share of it" in rows["death_payment_usd"]["reasoning"]
    assert rows["rate-rub-2025"]["value"] == 83.3 and "Vedomosti" in rows["rate-rub-2025"]["source"]


def test_sources_quotes_are_in_the_article() -> None:
    """Every quote of the article is found, word for word, in the article's text."""
    from pathlib import Path

    from dprk_ru.scenarios.sources import ISPI_CHANG, all_figures

    # CI has shared/ beside the clone (../shared); a helper's worktree sits beside it too.
    candidates = [Path(__file__).parents[2] / "shared", Path("/work/shared")]
    found = [p / "sources" / "ispi-chang-dprk-russia.txt" for p in candidates]
    article = next((p for p in found if p.exists()), None)
    if article is None:
        pytest.skip("shared/sources is neither beside this checkout nor at /work/shared")
    text = " ".join(article.read_text(encoding="utf-8").replace("\u2019", "'").split())
    for f in all_figures():
        if f.source is ISPI_CHANG:
            assert " ".join(f.quote.split()) in text, f.key


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


def test_version(run: Run) -> None:
    """--version prints the installed package version."""
    from dprk_ru import __version__

    r = run("--version")
    assert r.stdout.strip() == f"revenue {__version__}"
    assert __version__ != "0+unknown"


def test_markdown_names_a_scenario_by_its_title(run: Run) -> None:
    """Markdown shows a scenario's title where its record has one (the id stays in CSV and
    JSON), and the title column is not repeated; names without a title stay as they are.
    Text stays inert (a title is user text)."""
    import io
    from decimal import Decimal

    from dprk_ru.render.markdown import write_markdown

    out = io.StringIO()
    records = [
        {
            "scenario": "kursk-2024",
            "title": "Kursk, 2024 *first*",
            "total_usd": Decimal("312000000"),
        },
        {"scenario": "shoigu-2025", "title": "", "total_usd": -Decimal("104000000.5")},
    ]
    write_markdown(records, ["scenario", "title", "total_usd"], out)
    assert out.getvalue().splitlines() == [
        "| Scenario | Total |",
        "|---|---:|",
        "| Kursk, 2024 \\*first\\* | $312,000,000 |",
        "| shoigu-2025 | -$104,000,000.50 |",
    ]
    out = io.StringIO()
    write_markdown([{"scenario": "s", "contingent": "first-wave", "contingent_title": "First wave"},
                    {"scenario": "s", "contingent": "total", "contingent_title": None}],
                   ["scenario", "contingent", "contingent_title"], out)  # fmt: skip
    assert out.getvalue().splitlines()[2:] == ["| s | First wave |", "| s | total |"]
    compare = run("compare", "article-baseline", "shoigu-2025", "-f", "markdown").stdout
    assert compare.splitlines()[3].startswith(
        "| The Shoigu deal of June 2025 | 6,000 | $144,000,000 |"
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


def test_readable_numbers() -> None:
    """Markdown's number formats: separators, $ before money with two places of cents where
    there are any, the sign before the $; anything else as it is."""
    from dprk_ru.core.money import DOLLARS, GROUPED

    assert DOLLARS("260000000") == "$260,000,000"
    assert DOLLARS("-1999.5") == "-$1,999.50" and DOLLARS("0.05") == "$0.05"
    assert GROUPED("1234567.125") == "1,234,567.125" and GROUPED("0.9") == "0.9"
    assert DOLLARS("") == "" and GROUPED("8000 to 9000") == "8000 to 9000"
