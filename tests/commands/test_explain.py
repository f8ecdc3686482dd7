"""`revenue explain`: terms with the numbers put in, that add up to estimate's total."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Run, examples
from helpers import rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.analysis.explain import explain
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.options import scenario_from_options

money = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)


def test_explain_terms_with_numbers_put_in(run: Run) -> None:
    """The article's model with 12,000 troops, term by term, in plain text off a terminal."""
    r = run("explain", "--troops", "12000")
    assert r.exit_code == 0, r.stderr
    assert "12,000 soldiers x $2,000 a month x 12 months = $288,000,000" in r.stdout
    assert "12,000 soldiers x $2,000 bonus" in r.stdout and "$24,000,000" in r.stdout
    assert "= $312,000,000 a year" in r.stdout
    assert "Troops: 12,000 (given) - --troops 12000" in r.stdout
    assert "Monthly pay: $2,000 (stated)[1]" in r.stdout
    assert "\x1b" not in r.stdout
    assert "\n[1] " in r.stdout and "Why Is North Korea" in r.stdout


def test_explain_markdown_and_json_agree_with_estimate(run: Run) -> None:
    """--format json's total is estimate's CSV total; Markdown has the terms as a table."""
    args = ("--troops", "7000", "--rotations", "2", "--killed", "100", "--death-payment", "5000",
            "--state-share", "0.9")  # fmt: skip
    est = rows(run("estimate", *args, "-f", "csv").stdout)[0]
    import json

    data = json.loads(run("explain", *args, "-f", "json").stdout)
    assert Decimal(str(data["total_usd"])) == Decimal(est["total_usd"])
    terms = {t["term"]: Decimal(str(t["usd"])) for t in data["parts"][0]["terms"]}
    assert terms == {"pay": Decimal(est["pay_total_usd"]), "bonus": Decimal(est["bonus_total_usd"]),
                     "death": Decimal(est["death_total_usd"])}  # fmt: skip
    md = run("explain", *args, "-f", "markdown").stdout
    assert (
        "| Bonuses | 7,000 soldiers x $2,000 bonus x 2 rotations x 90% of bonuses to the state |"
        in md
    )
    assert (
        "| Death payments | 100 killed x $5,000 a death x 90% of death payments to the state "
        "| $450,000 |" in md
    )


def test_explain_dated_year_says_what_was_counted(run: Run) -> None:
    """A dated scenario for a year: months from the dates, no bonus before the start year."""
    r = run("explain", "--scenario", "deployments-2024-2025", "--year", "2025")
    assert r.exit_code == 0, r.stderr
    assert "no bonus in 2025: deployed from 2024-11" in r.stdout
    assert "600 soldiers x $2,000 a month x 3 months" in r.stdout
    est = run("estimate", "--scenario", "deployments-2024-2025", "--year", "2025", "-f", "csv")
    total = [r for r in rows(est.stdout) if r["contingent"] == "total"][0]["total_usd"]
    assert f"Total: ${int(total):,} a year" in r.stdout


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    troops=st.integers(0, 100_000), pay=money, bonus=money,
    share=st.decimals(min_value=0, max_value=1, places=4),
    rotations=st.integers(1, 12), killed=st.integers(0, 5_000), death=money,
    months=st.decimals(min_value=Decimal("0.01"), max_value=12, places=2),
)  # fmt: skip
def test_explained_terms_add_up_to_the_total(
    troops: int,
    pay: Decimal,
    bonus: Decimal,
    share: Decimal,
    rotations: int,
    killed: int,
    death: Decimal,
    months: Decimal,
) -> None:
    """Whatever the inputs, the terms shown sum to the total, and it is estimate's."""
    killed = min(killed, troops * rotations)  # at most everyone ever deployed (else refused)
    given_ = {"troops": str(troops), "monthly_pay_usd": str(pay), "bonus_usd": str(bonus),
              "state_share": str(share), "rotations": str(rotations), "killed": str(killed),
              "death_payment_usd": str(death), "months": str(months)}  # fmt: skip
    result = estimate_scenario(scenario_from_options(None, given_))
    expl = explain(result, given_, from_file=False)
    assert (
        sum(t.cents for p in expl.parts for t in p.terms) == expl.total_cents == result.total_cents
    )


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_explained_dated_terms_add_up(year: int) -> None:
    """The dated built-in, any year: the terms shown sum to estimate --year's total."""
    result = estimate_scenario(load_scenario("deployments-2024-2025"), year)
    expl = explain(result, {}, from_file=True)
    assert sum(t.cents for p in expl.parts for t in p.terms) == result.total_cents


def test_explain_output_format_follows_the_extension(run: Run, tmp_path: Path) -> None:
    """explain -o x.json writes JSON, x.md Markdown; an extension it cannot write is exit 2
    and no file."""
    import json

    assert run("explain", "-o", str(tmp_path / "e.json")).exit_code == 0
    assert json.loads((tmp_path / "e.json").read_text())["total_usd"] == 260000000
    assert run("explain", "-o", str(tmp_path / "e.md")).exit_code == 0
    assert (tmp_path / "e.md").read_text().startswith("## How the figure is built")
    r = run("explain", "-o", str(tmp_path / "e.xlsx"))
    assert r.exit_code == 2 and "--output" in r.stderr and not (tmp_path / "e.xlsx").exists()
