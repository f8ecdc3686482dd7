"""Scenarios and `compare` (`solve` is in test_solve.py)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run

from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.scenario import BUILTIN_ORDER, parse_scenario, to_toml

TWO = """\
name = "two-contingents"
description = "..."
[[contingents]]
name = "assault"
troops = 8000
monthly_pay_usd = 2500
[[contingents]]
name = "construction"
troops = 5000
monthly_pay_usd = 1000
months = 6
bonus_usd = 0
"""


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("name", "troops", "total"),
    [("article-baseline", 10_000, 260_000_000), ("kursk-2024", 12_000, 312_000_000),
     ("shoigu-2025", 6_000, 156_000_000), ("kursk-plus-shoigu", 18_000, 468_000_000)],
)  # fmt: skip
def test_builtin_totals(name: str, troops: int, total: int) -> None:
    """The four built-ins give the issue's totals."""
    e = estimate_scenario(load_scenario(name))
    assert e.troops == troops
    assert e.total_usd == D(total)


def test_builtins_have_sources_and_assumptions() -> None:
    """Every built-in has a description, sources with a quote or a note, and marks its
    assumed and derived values."""
    for name in BUILTIN_ORDER:
        s = load_scenario(name)
        assert s.description and s.sources and all(src.quote or src.note for src in s.sources)
        soldiers = [c for c in s.contingents if c.personnel == "soldiers"]
        assert all("bonus_usd" in c.assumed + c.derived for c in soldiers)
    assert load_scenario("shoigu-2025").contingents[0].assumed[0] == "monthly_pay_usd"


def test_two_contingent_file(run: Run, tmp_path: Path) -> None:
    """The issue's two-contingent file: per-contingent records, then a total of 286,000,000."""
    f = tmp_path / "two.toml"
    f.write_text(TWO)
    r = run("estimate", "--scenario", str(f), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    out = rows(r.stdout)
    assert list(out[0])[:2] == ["scenario", "contingent"]
    assert [(x["contingent"], x["total_usd"]) for x in out] == [
        ("assault", "256000000"),  # 8000 x 2500 x 12 + 8000 x 2000
        ("construction", "30000000"),  # 5000 x 1000 x 6
        ("total", "286000000"),
    ]
    assert out[2]["troops"] == "13000" and out[2]["monthly_pay_usd"] == ""


def test_options_override_every_contingent(run: Run) -> None:
    """Parameter options beside --scenario apply to every contingent."""
    r = run("estimate", "-s", "shoigu-2025", "--monthly-pay", "1000", "-f", "json")
    data = json.loads(r.stdout)
    assert [x["monthly_pay_usd"] for x in data[:2]] == [1000, 1000]
    assert data[-1]["total_usd"] == 6000 * 1000 * 12 + 6000 * 2000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name = \"x\"\n[[contingents]]\ntroops = \n", "line 3"),
        ("name = \"x\"\n[[contingents]]\ntroops = -5\n", "contingents[0].troops"),
        ("name = \"x\"\n[[contingents]]\ntroops = 5\n[[contingents]]\ntroops = 8000.0\n",
         "contingents[1].troops"),
        ("name = \"x\"\n[[contingents]]\nmonthly_pay = 2000\n",
         "contingents[0]: unknown field 'monthly_pay'"),
        ("name = \"x\"\ncontingents = []\n", "contingents"),
        ("name = \"x\"\nextra = 1\n[[contingents]]\n", "extra"),
        ("name = \"x\"\n[[contingents]]\nmonths = 13\n", "contingents[0].months"),
    ],
)  # fmt: skip
def test_bad_files(run: Run, tmp_path: Path, text: str, expected: str) -> None:
    """Bad files exit 2 naming the file and the line or the field path."""
    f = tmp_path / "bad.toml"
    f.write_text(text)
    r = run("estimate", "--scenario", str(f))
    assert r.exit_code == 2
    assert r.stdout == ""
    assert str(f) in r.stderr and expected in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_unknown_scenario_name(run: Run) -> None:
    """An unknown name exits 2, naming it and the built-ins."""
    r = run("estimate", "--scenario", "atlantis")
    assert r.exit_code == 2
    assert "'atlantis'" in r.stderr and "article-baseline" in r.stderr


def test_bad_bytes_file(run: Run, tmp_path: Path) -> None:
    """A binary file is refused as not UTF-8, exit 2, no traceback."""
    f = tmp_path / "bin.toml"
    f.write_bytes(b"\xff\xfe\x00garbage")
    r = run("compare", str(f))
    assert r.exit_code == 2 and "not UTF-8" in r.stderr


def test_scenarios_list_and_show(run: Run) -> None:
    """`scenarios` lists the built-ins; `scenarios show` prints TOML that reads back the same."""
    listing = rows(run("scenarios", "-f", "csv").stdout)
    assert [x["scenario"] for x in listing] == [*BUILTIN_ORDER, "deployments-2024-2025"]
    assert listing[3]["total_usd"] == "468000000"
    shown = run("scenarios", "show", "kursk-plus-shoigu")
    assert shown.exit_code == 0
    assert parse_scenario(shown.stdout, "shown") == load_scenario("kursk-plus-shoigu")
    assert run("scenarios", "show", "nope").exit_code == 2


def test_to_toml_round_trip(tmp_path: Path) -> None:
    """to_toml writes what parse_scenario reads back unchanged."""
    s = parse_scenario(TWO, "two")
    assert parse_scenario(to_toml(s), "again") == s


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


@pytest.mark.parametrize(
    ("args", "prefix"),
    [(["estimate", "--scenario", "nope"], "--scenario: "),
     (["estimate", "--published", "nope"], "--published: "),
     (["estimate", "--year", "99"], "--year: "),
     (["compare", "nope"], "SCENARIO: "), (["compare", "--vs", "gdp"], "--vs: "),
     (["scenarios", "show", "nope"], "NAME: "),
     (["timeline", "--scenario", "x.toml"], "--scenario: "),
     (["solve", "--for", "troops", "--target", "1", "--scenario", "nope"], "--scenario: ")],
)  # fmt: skip
def test_errors_name_the_option(run: Run, args: list[str], prefix: str) -> None:
    """Errors about a scenario, a reference or a year name the option or argument they concern,
    and --year is checked even when no contingent is dated."""
    r = run(*args)
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: " + prefix), r.stderr


def test_titles_and_labels() -> None:
    """A title for people, the id kept visible where a user types it: "Title (id)"."""
    from dprk_ru.scenarios.loading import load_scenario
    from dprk_ru.scenarios.titles import label, title

    s = load_scenario("deployments-2024-2025")
    assert title(s) == "Deployments of 2024-2025, as reported"
    assert label(s) == "Deployments of 2024-2025, as reported (deployments-2024-2025)"
    c = s.contingents[1]
    assert (title(c), label(c)) == (
        "First wave, dead by April 2025",
        "First wave, dead by April 2025 (first-wave-dead-by-april-2025)",
    )
    plain = c.model_copy(update={"title": None})
    assert title(plain) == label(plain) == "first-wave-dead-by-april-2025"
    assert title(plain.model_copy(update={"name": None}), "contingent-2") == "contingent-2"


@pytest.mark.parametrize("name", ["article-baseline", "deployments-2024-2025", "kursk-2024",
                                  "kursk-plus-shoigu", "kursk-state-share-deaths", "mbn-2024",
                                  "shoigu-2025", "shoigu-2025-workers"])  # fmt: skip
def test_every_built_in_has_titles(name: str) -> None:
    from dprk_ru.scenarios.loading import load_scenario

    s = load_scenario(name)
    assert s.title and all(c.title for c in s.contingents)


def test_an_unknown_contingent_lists_titles_with_ids(run: Run) -> None:
    """An error names each contingent as "Title (id)": the id is what --contingent takes."""
    r = run("estimate", "-s", "kursk-plus-shoigu", "--contingent", "nope", "--troops", "3")
    assert r.exit_code == 2
    assert (
        "its contingents: Kursk force (kursk), Engineers (engineers), Military builders "
        "(construction)" in r.stderr
    )
