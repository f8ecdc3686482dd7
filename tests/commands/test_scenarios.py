"""Scenario files, built-in scenarios and `revenue scenarios` (list and show, TOML out)."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run
from helpers import TWO, rows
from hypothesis import given
from hypothesis import strategies as st

from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.errors import InputError
from dprk_ru.scenarios.contingent import Contingent
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.scenario import (
    BUILTIN_ORDER,
    Scenario,
    SourceRef,
    parse_scenario,
    to_toml,
)


def test_scenario_toml_escapes_what_hides_and_reads_back(run: Run, tmp_path: Path) -> None:
    """`scenarios show` wrote C1 controls, bidi and format characters raw into the TOML;
    now as \\u escapes, and the TOML reads back to the same scenario."""
    f = tmp_path / "h.toml"
    f.write_text('name = "a\\u0085b\\u202ec\\ufeff"\n[[contingents]]\nname = "\\u2066d\\u2069"\n'
                 'troops = 5\nnote = "\\u200b\\u061c"\n')  # fmt: skip
    r = run("scenarios", "show", str(f))
    assert r.exit_code == 0, r.stderr
    assert 'name = "a\\u0085b\\u202Ec\\uFEFF"' in r.stdout
    assert 'note = "\\u200B\\u061C"' in r.stdout
    assert not any(ch in r.stdout for ch in "\x85\u202e\ufeff\u2066\u2069\u200b\u061c")
    again = tmp_path / "again.toml"
    again.write_text(r.stdout)
    assert run("scenarios", "show", str(again)).stdout == r.stdout
    from dprk_ru.scenarios.scenario import parse_scenario

    assert parse_scenario(r.stdout, "x") == parse_scenario(f.read_text(), "x")


names = st.text(min_size=1, max_size=100)


notes = st.none() | st.text(min_size=1, max_size=200)


def _distinct_names(names: list[str | None]) -> bool:
    """Contingent names a scenario takes: each its own, and none "total" (the total row)."""
    given = [n for n in names if n is not None]
    return len(set(given)) == len(given) and "total" not in given


def test_byte_order_mark_is_ignored(run: Run, tmp_path: Path) -> None:
    """A UTF-8 file that starts with a byte-order mark reads like one without."""
    f = tmp_path / "bom.toml"
    f.write_bytes(b'\xef\xbb\xbfname = "bom"\n[[contingents]]\ntroops = 1\n')
    r = run("estimate", "-s", str(f), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert rows(r.stdout)[0]["total_usd"] == "26000"  # 1 x 2000 x 12 + 2000


def test_to_toml_escapes_delete_and_control_characters() -> None:
    """U+007F and the other control characters are written as escapes TOML reads back."""
    s = Scenario(name='a\x7fb\x1b[31m"\\', contingents=(Contingent(troops=1, note="x\ny\tz"),))
    text = to_toml(s)
    assert 'name = "a\\u007Fb\\u001B[31m\\"\\\\"' in text
    assert 'note = "x\\ny\\tz"' in text
    assert parse_scenario(text, "shown") == s


@given(
    name=names,
    description=st.none() | st.text(min_size=1, max_size=300),
    contingent_names=st.lists(st.none() | st.text(min_size=1, max_size=200), min_size=1,
                              max_size=3).filter(_distinct_names),
    note=notes,
    title=st.text(max_size=100),
)  # fmt: skip
def test_to_toml_round_trips_any_text(
    name: str, description: str | None, contingent_names: list[str | None], note: str | None,
    title: str,
) -> None:  # fmt: skip
    """Whatever text a scenario's names and notes hold, `scenarios show` writes TOML that
    reads back to the same scenario."""
    s = Scenario(
        name=name,
        description=description,
        sources=(SourceRef(title=title, quote=note),),
        contingents=tuple(Contingent(name=n, note=note) for n in contingent_names),
    )
    text = to_toml(s)
    tomllib.loads(text)  # valid TOML
    assert parse_scenario(text, "shown") == s


@pytest.mark.parametrize("command", ["estimate", "simulate", "sensitivity"])
def test_empty_scenario_option(run: Run, command: str) -> None:
    """`--scenario ''` says it is empty, not that '.' is a directory."""
    r = run(command, "--scenario", "")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: --scenario: empty; ")
    assert len(r.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\n[[contingents]]\ntroop = 1\n',
         "contingents[0]: unknown field 'troop'; did you mean 'troops'?"),
        ('nme = "x"\n[[contingents]]\n',
         "name: Field required; unknown field 'nme'; did you mean 'name'?"),
        ('name = "x"\n[[contingents]]\n[[sources]]\ntitle = "t"\nurls = "u"\n',
         "sources[0]: unknown field 'urls'; did you mean 'url'?"),
        ('name = "x"\n[[contingents]]\nzzz = 1\n', "contingents[0]: unknown field 'zzz'"),
    ],
)  # fmt: skip
def test_unknown_key_message(text: str, message: str) -> None:
    """An unknown key is named with its path and the closest known field, and pydantic's
    "Tuple should have at least 1 item" echo of the failed contingent is left out."""
    with pytest.raises(InputError) as e:
        parse_scenario(text, "f.toml")
    assert str(e.value) == f"f.toml: {message}"


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


AS_OF_FILE = """\
name = "own-as-of"
as_of = "2025-06"
[[contingents]]
name = "early"
troops = 1000
start = "2025-01"
[[contingents]]
name = "late"
troops = 500
start = "2025-09"
"""


def test_scenario_file_as_of(run: Run, tmp_path: Path) -> None:
    """A file's own as_of: a year running past it is partly projected, a contingent counted
    only after it is projected, and its timeline ends there."""
    f = tmp_path / "own.toml"
    f.write_text(AS_OF_FILE)
    early, late, total = rows(run("estimate", "-s", str(f), "-f", "csv").stdout)
    assert (early["projected"], late["projected"], total["projected"]) == ("partly", "yes",
                                                                           "partly")  # fmt: skip
    assert total["year"] == "2025"
    table = " ".join(run("estimate", "-s", str(f), "-f", "table").stdout.split())
    assert "Partly projected: 2025 runs past 2025-06" in table
    months = rows(run("timeline", "-s", str(f), "-f", "csv").stdout)
    assert months[-1]["month"] == "2025-06"
    shown = run("scenarios", "show", str(f)).stdout
    assert 'as_of = "2025-06"' in shown


def test_scenarios_list_shows_the_year(run: Run) -> None:
    """`scenarios` gives the year a dated total is for, and none for annual ones."""
    out = {x["scenario"]: x for x in rows(run("scenarios", "-f", "csv").stdout)}
    assert list(next(iter(out.values())))[-3:] == ["year", "troop_months", "title"]
    assert (out["deployments-2024-2025"]["year"], out["deployments-2024-2025"]["total_usd"]) == (
        "2025",
        "334000000",
    )
    assert out["article-baseline"]["year"] == ""
    table = run("scenarios", "-f", "table").stdout
    assert "2025" in table and "year" in table
