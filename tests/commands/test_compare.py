"""`revenue compare`: scenarios side by side, reference figures (`--vs`), ranges, chart limits."""

from __future__ import annotations

import io
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Run
from helpers import TWO, refused, rows

from dprk_ru.analysis.compare import MAX_SCENARIOS, compare_columns, ratio_columns
from dprk_ru.render.charts import (
    MAX_BARS,
)
from dprk_ru.scenarios.sources import DATED_RATES, RANGES, REFERENCES, reference


def test_markdown_names_a_scenario_by_its_title(run: Run) -> None:
    """Markdown shows a scenario's title where its record has one (the id stays in CSV and
    JSON), and the title column is not repeated; names without a title stay as they are.
    Text stays inert (a title is user text)."""
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


def test_compare_ceiling_before_loading(run: Run, tmp_path: Path) -> None:
    """The count is checked before any scenario is loaded: 201 names that do not exist are
    refused for their number, not for the first missing file."""
    names = [str(tmp_path / f"missing-{i}.toml") for i in range(MAX_SCENARIOS + 1)]
    said = refused(run, tmp_path, "compare", *names, "-o", str(tmp_path / "c.csv"))
    assert (
        said
        == "SCENARIO: 201 scenarios is more than one compare takes (200); compare fewer at a time"
    )


def test_compare_plot_bars(run: Run, tmp_path: Path) -> None:
    said = refused(run, tmp_path, "compare", *["kursk-2024"] * (MAX_BARS + 1),
                   "--plot", str(tmp_path / "c.svg"), "-o", str(tmp_path / "c.csv"))  # fmt: skip
    assert said == (
        "--plot: 26 scenarios is more than a bar chart draws legibly (25); "
        "give fewer, or leave out --plot"
    )


def test_compare_plot_at_the_ceiling_draws(run: Run, tmp_path: Path) -> None:
    """25 bars are drawn: the ceiling is a limit, not a refusal of everything."""
    pytest.importorskip("matplotlib")
    chart = tmp_path / "c.svg"
    r = run("compare", *["kursk-2024"] * MAX_BARS, "--plot", str(chart), "-o", "/dev/null")
    assert r.exit_code == 0, r.stderr
    assert chart.read_text().count("Kursk, 2024") >= MAX_BARS  # by title, told apart


def test_range_gives_two_ratios_and_its_period(run: Run) -> None:
    """INSS's $7.67-14.4B: article-baseline's $260M is 0.0339 of the low end and 0.0181 of
    the high end (by hand: 260/7,670 = 0.033898..., 260/14,400 = 0.018055...), no midpoint,
    its period beside them; a point reference keeps its one column, and the new columns come
    after the old ones."""
    out = run("compare", "article-baseline", "--vs", "china-exports-2016", "--vs",
              "inss-2026-01-total", "-f", "csv").stdout  # fmt: skip
    (row,) = rows(out)
    assert list(row)[:7] == ["scenario", "troops", "pay_total_usd", "bonus_total_usd",
                             "total_usd", "delta_usd", "vs_china_exports_2016"]  # fmt: skip
    assert list(row)[7:10] == ["vs_inss_2026_01_total_low", "vs_inss_2026_01_total_high",
                               "vs_inss_2026_01_total_period"]  # fmt: skip
    assert (row["vs_inss_2026_01_total_low"], row["vs_inss_2026_01_total_high"]) == (
        "0.0339", "0.0181"
    )  # fmt: skip
    assert row["vs_inss_2026_01_total_period"] == "2023-08 to 2025-12"
    assert row["vs_china_exports_2016"] == "0.1"


def test_krw_reference_at_the_rate_of_its_date(run: Run) -> None:
    """KIDA's KRW 28.7tn converts at 1,473.2 won per dollar (the close of 2025-04-08, a
    sourced rate): $19,481,401,031.77; the rate and the KRW amount are in `sources`."""
    kida = reference("kida-2025-04-relationship")
    rate = DATED_RATES["rate-krw-2025-04-08"]
    assert kida.rate is rate and rate.value == D("1473.2")
    exact = Fraction(28_700_000_000_000) / Fraction("1473.2")
    assert abs(Fraction(kida.value) - exact) <= Fraction(1, 200)
    found = {x["key"]: x for x in rows(run("sources", "-f", "csv").stdout)}
    assert found["kida-2025-04-relationship"]["value"] == "19481401031.77"
    assert "KRW 28.7tn" in found["kida-2025-04-relationship"]["reasoning"]
    assert "rate-krw-2025-04-08" in found["kida-2025-04-relationship"]["reasoning"]
    assert "seoul.co.kr" in found["rate-krw-2025-04-08"]["url"]
    (row,) = rows(run("compare", "article-baseline", "--vs", "kida-2025-04-relationship",
                      "-f", "csv").stdout)  # fmt: skip
    assert row["vs_kida_2025_04_relationship"] == "0.0133"  # 260e6 / 19.48e9 = 0.013346...
    assert row["vs_kida_2025_04_relationship_period"] == "2023-08 to 2025-03"


def test_every_reference_works_with_vs(run: Run) -> None:
    """Every reference, point or range, is listed by `sources` and taken by compare's --vs
    and report's --vs; a range's columns are its two ends."""
    listed = {x["key"] for x in rows(run("sources", "-f", "csv").stdout)}
    for key in [*REFERENCES, *RANGES]:
        assert key in listed, key
        r = run("compare", "article-baseline", "--vs", key, "-f", "csv")
        assert r.exit_code == 0, (key, r.stderr)
        (row,) = rows(r.stdout)
        cols = compare_columns([reference(key)])
        assert list(row) == list(cols)
        stem = "vs_" + key.replace("-", "_")
        assert (f"{stem}_low" in row and f"{stem}_high" in row) == (key in RANGES)
        assert all(row[c] != "" for c in ratio_columns(reference(key)))


def test_range_in_the_table_and_the_brief(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table shows both ends and the period; a brief says both ends, never a midpoint.
    (At 120 columns: the headers whole on one line.)"""
    monkeypatch.setenv("COLUMNS", "120")
    table = " ".join(run("compare", "article-baseline", "--vs", "fnf-2025-09-compensation",
                         "-f", "table").stdout.split())  # fmt: skip
    assert "x (1) low" in table and "x (1) high" in table
    assert "over 2023 to 2025-09 (not annualised)" in table
    out = tmp_path / "brief.md"
    r = run("report", "--vs", "fnf-2025-09-compensation", "--samples", "1000", "-f",
            "markdown", "-o", str(out))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    assert "the low end and" in text and "the high end of FNF" in text
    assert "2023 to 2025-09, not annualised" in text


def test_compare_default(run: Run) -> None:
    """compare: the annual built-ins, deltas against the first, ratios to the China export
    figures; kursk-state-share-deaths is 12,000 x 2,000 x 13 x 0.8 + 2,000 x 5,000 = 259.6M;
    mbn-2024 is 10,000 x 2,000 x 12 + 4,000 x 800 x 12 = 278.4M; shoigu-2025-workers
    1,000 x 2,000 x 13 + 5,000 x 800 x 12 = 74M; death payments and kinds come last."""
    out = rows(run("compare", "-f", "csv").stdout)
    assert list(out[0]) == ["scenario", "troops", "pay_total_usd", "bonus_total_usd", "total_usd",
                            "delta_usd", "vs_china_exports_2016", "vs_china_exports_2018",
                            "vs_china_exports_2020", "death_total_usd", "personnel",
                            "troop_months", "title"]  # fmt: skip
    base = out[0]
    assert (base["vs_china_exports_2016"], base["vs_china_exports_2018"],
            base["vs_china_exports_2020"]) == ("0.1", "1.3", "5.2")  # fmt: skip
    assert [x["delta_usd"] for x in out] == ["0", "52000000", "-104000000", "208000000",
                                             "-400000", "18400000", "-186000000"]  # fmt: skip
    assert [x["death_total_usd"] for x in out][4] == "10000000"
    assert [x["personnel"] for x in out][4:] == ["soldiers", "mixed", "mixed"]
    assert out[1]["vs_china_exports_2018"] == "1.56"


def test_compare_vs_and_files(run: Run, tmp_path: Path) -> None:
    """--vs chooses references; files and names mix; an unknown reference exits 2."""
    f = tmp_path / "two.toml"
    f.write_text(TWO)
    out = rows(run("compare", "kursk-2024", str(f), "--vs", "article-estimate", "-f", "csv").stdout)
    want = ["vs_article_estimate", "death_total_usd", "personnel", "troop_months", "title"]
    assert list(out[0])[6:] == want
    assert [x["vs_article_estimate"] for x in out] == ["1.2", "1.1"]
    assert [x["delta_usd"] for x in out] == ["0", "-26000000"]
    bad = run("compare", "--vs", "gdp")
    assert bad.exit_code == 2 and "gdp" in bad.stderr and "china-exports-2016" in bad.stderr


def test_compare_table_has_bars(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table view draws a bar per scenario where the screen is wide enough."""
    monkeypatch.setenv("COLUMNS", "120")
    r = run("compare", "-f", "table")
    assert r.exit_code == 0 and "█" in r.stdout and "kursk-plus-shoigu" in r.stdout


def test_compare_dated_year(run: Run) -> None:
    """compare takes dated scenarios, counted in --year, with a year column."""
    out = rows(run("compare", "article-baseline", "deployments-2024-2025", "--year", "2025",
                   "-f", "csv").stdout)  # fmt: skip
    assert out[1]["year"] == "2025" and out[0]["year"] == ""
    # 7,000 x 24,000 + 600 x 6,000 + 1,400 x 16,000 + 2,000 x 4,000 + 3,000 x 24,000
    # (11 months and the bonus) + 1,000 x 10,000 + 5,000 x 10,000 (4 months and the bonus)
    assert out[1]["total_usd"] == "334000000" and out[1]["projected"] == "no"


def test_compare_and_scenarios_give_the_peak(run: Run) -> None:
    """compare and the scenarios list show 16,000 for deployments-2024-2025, troop_months
    beside it (appended last); undated scenarios keep their troops, x months."""
    cmp = rows(run("compare", "deployments-2024-2025", "kursk-plus-shoigu", "-f", "csv").stdout)
    assert list(cmp[0])[-2:] == ["troop_months", "title"]
    assert [(x["troops"], x["troop_months"]) for x in cmp] == [
        ("16000", "158000"),
        ("18000", "216000"),  # 12,000 + 1,000 + 5,000, for 12 months
    ]
    listed = {x["scenario"]: x for x in rows(run("scenarios", "-f", "csv").stdout)}
    for name, want in (
        ("deployments-2024-2025", ("16000", "158000")),
        ("kursk-2024", ("12000", "144000")),
    ):
        assert (listed[name]["troops"], listed[name]["troop_months"]) == want
    assert "16,000" in run("scenarios", "-f", "table").stdout
    assert "16,000" in run("compare", "deployments-2024-2025", "-f", "table").stdout
