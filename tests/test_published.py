"""Rotations, deaths, currencies and `revenue published`."""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run

from dprk_ru import estimate
from dprk_ru.core.currency import convert, from_usd, given_rates
from dprk_ru.core.numbers import Amount
from dprk_ru.errors import InputError


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_rotations_multiply_the_bonus() -> None:
    """With 3 rotations a year the bonus is paid 3 times: 10,000 x 2,000 x 3 = 60M."""
    e = estimate(troops=10_000, rotations=3)
    assert e.record()["bonus_total_usd"] == D(60_000_000)
    assert e.total_usd == D(300_000_000)


def test_death_payments_at_the_state_share() -> None:
    """600 killed x $8,000 x 0.5 = 2,400,000, added to the total."""
    e = estimate(troops=10_000, killed=600, death_payment_usd=D(8000), state_share=D("0.5"))
    assert e.record()["death_total_usd"] == D(2_400_000)
    assert e.total_usd == D(130_000_000) + D(2_400_000)


def test_new_columns_after_the_old(run: Run) -> None:
    """The new columns come after the existing ones, with their values."""
    r = run("estimate", "--rotations", "2", "--killed", "100", "--death-payment", "6000.50",
            "-f", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert list(row)[8:12] == ["rotations", "killed", "death_payment_usd", "death_total_usd"]
    assert list(row)[12:] == ["pay_share", "bonus_share", "death_share", "personnel"]
    assert (row["bonus_total_usd"], row["death_total_usd"]) == ("40000000", "600050")
    assert row["total_usd"] == str(240_000_000 + 40_000_000 + 600_050)


def test_rub_bonus_at_given_rate(run: Run) -> None:
    """20,000 troops with a 400,000-ruble bonus at 87 RUB/USD: about $571.95M."""
    r = run("estimate", "--troops", "20000", "--bonus", "400000 RUB", "--rate", "RUB=87",
            "--format", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert row["bonus_usd"] == "4597.70"  # 400000 / 87 = 4597.701..., rounded once
    assert row["total_usd"] == "571954000"


def test_currency_column(run: Run) -> None:
    """--currency KRW --rate KRW=1390 adds the money columns in won."""
    r = run("estimate", "--troops", "20000", "--bonus", "400000 RUB", "--rate", "RUB=87",
            "--currency", "KRW", "--rate", "KRW=1390", "-f", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert row["total_krw"] == str(571_954_000 * 1390)
    assert row["pay_total_krw"] == str(480_000_000 * 1390)
    assert list(row)[-4:] == ["pay_total_krw", "bonus_total_krw", "total_krw", "death_total_krw"]


def test_sourced_rub_default(run: Run) -> None:
    """Without --rate, RUB uses the sourced 2025 average of 83.3."""
    (row,) = rows(run("estimate", "--bonus", "400000 RUB", "-f", "csv").stdout)
    assert row["bonus_usd"] == "4801.92"  # 400000 / 83.3 = 4801.9207...


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--bonus", "1000000 CNY"], "--rate CNY="), (["--currency", "CNY"], "--rate CNY="),
     (["--rate", "RUB=-1"], "--rate"), (["--rate", "RUB"], "--rate"),
     (["--currency", "won"], "--currency"), (["--bonus", "400000000 RUB"], "--bonus")],
)  # fmt: skip
def test_currency_refusals(run: Run, args: list[str], message: str) -> None:
    """A missing rate, a bad rate or code: exit 2 naming the option."""
    r = run("estimate", *args)
    assert r.exit_code == 2 and message in r.stderr and r.stdout == ""


def test_conversion_rounds_once() -> None:
    """Conversions are exact fractions rounded once, half up."""
    assert convert(Amount(D(1), "RUB"), {"RUB": D(3)}, "x") == D("0.33")
    assert convert(Amount(D(5), "RUB"), {"RUB": D(3)}, "x") == D("1.67")
    assert from_usd(D("1.005"), "KRW", D(1000)) == D(1005)
    with given_rates({"XYZ": D(2)}):
        assert convert(Amount(D(3), "XYZ"), None, "x") == D("1.50")
    with pytest.raises(InputError, match="rate XYZ="):
        convert(Amount(D(3), "XYZ"), None, "x")


def test_toml_currency_and_rates(run: Run, tmp_path: Path) -> None:
    """A scenario file may give money with a currency and its own rates; --rate overrides."""
    f = tmp_path / "rub.toml"
    f.write_text('name = "rub"\nrates = { RUB = 100 }\n[[contingents]]\ntroops = 1000\n'
                 'bonus_usd = "400000 RUB"\n')  # fmt: skip
    own = rows(run("estimate", "-s", str(f), "-f", "csv").stdout)[0]
    assert own["bonus_usd"] == "4000"
    given = rows(run("estimate", "-s", str(f), "--rate", "RUB=80", "-f", "csv").stdout)[0]
    assert given["bonus_usd"] == "5000"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "b"\n[[contingents]]\nbonus_usd = "5 XYZ"\n')
    r = run("estimate", "-s", str(bad))
    assert r.exit_code == 2 and "contingents[0].bonus_usd" in r.stderr and "--rate XYZ=" in r.stderr


def test_published_table(run: Run) -> None:
    """`published` lists the estimates with recomputations and verdicts."""
    r = run("published", "--format", "csv")
    assert r.exit_code == 0
    by = {x["id"]: x for x in rows(r.stdout)}
    assert set(by) >= {"ispi-chang-2025", "korea-herald-2024-11-03", "inss-lim-2024-11-mercenary",
                       "inss-lim-2024-11-alliance", "fnf-2024-10-low", "fnf-2024-10-high",
                       "kida-2025-04", "inss-2026-01"}  # fmt: skip
    merc = by["inss-lim-2024-11-mercenary"]
    assert merc["recomputed_usd"] == "320000000"
    assert (merc["verdict"], merc["gap_usd"]) == ("reproduced", "0")
    assert by["ispi-chang-2025"]["recomputed_usd"] == "260000000"
    assert by["korea-herald-2024-11-03"]["verdict"] == "reproduced as a bound"
    assert by["fnf-2024-10-high"]["recomputed_usd"] == "571954000"
    assert by["fnf-2024-10-low"]["verdict"] == "reproduced"
    assert by["kida-2025-04"]["verdict"].startswith("disagrees")
    assert by["kida-2025-04"]["recomputed_usd"] == "364000000"
    assert by["inss-2026-01"]["verdict"].startswith("not reproducible")
    assert by["inss-2026-01"]["recomputed_usd"] == ""
    assert "11,166.67 a month" in by["inss-lim-2024-11-alliance"]["note"]
    assert "our reading" in by["fnf-2024-10-low"]["note"].lower()


def test_outside_the_model_shows_no_total_or_gap(run: Run) -> None:
    """An estimate outside the model has its verdict and what the model would need, and no
    recomputed total or gap ($1,340,000,400 and +$400 were printed beside its verdict);
    `estimate --published` still runs that reading."""
    (row,) = [x for x in rows(run("published", "-f", "csv").stdout)
              if x["id"] == "inss-lim-2024-11-alliance"]  # fmt: skip
    assert (row["recomputed_usd"], row["gap_usd"]) == ("", "")
    assert row["verdict"] == "not reproducible (outside this model; see note)"
    assert "would need $11,166.67 a month per soldier and no bonus" in row["note"]
    table = run("published", "-f", "table").stdout
    assert "1,340,000,400" not in table and "$400" not in table
    (est,) = rows(run("estimate", "--published", "inss-lim-2024-11-alliance", "-f", "csv").stdout)
    assert est["total_usd"] == "1340000400"


def test_published_kida_rate(run: Run) -> None:
    """The won rate of the KIDA comparison can be given: at 1,099 won the gap nearly closes."""
    by = {x["id"]: x for x in rows(run("published", "--rate", "KRW=1099", "-f", "csv").stdout)}
    assert by["kida-2025-04"]["verdict"] == "reproduced"


def test_estimate_and_compare_published(run: Run) -> None:
    """--published runs an estimate's assumptions; compare takes published ids."""
    (row,) = rows(run("estimate", "--published", "inss-lim-2024-11-mercenary", "-f", "csv").stdout)
    assert row["total_usd"] == "320000000" and row["scenario"] == "inss-lim-2024-11-mercenary"
    out = rows(run("compare", "article-baseline", "fnf-2024-10-high", "-f", "csv").stdout)
    assert out[1]["total_usd"] == "571954000"
    none = run("estimate", "--published", "inss-2026-01")
    assert none.exit_code == 2 and "states no assumptions" in none.stderr
    both = run("estimate", "--published", "kida-2025-04", "--scenario", "kursk-2024")
    assert both.exit_code == 2


def test_published_table_view(run: Run) -> None:
    """The table view shows verdicts and notes."""
    r = run("published", "-f", "table")
    text = " ".join(r.stdout.replace("│", " ").split())
    assert r.exit_code == 0 and "reproduced as a" in text and "$320,000,000" in text


def test_sweep_new_parameters(run: Run) -> None:
    """sweep varies the new parameters too (through the plain path), exactly."""
    out = rows(run("sweep", "--rotations", "1:3:1", "--killed", "0,100", "--death-payment",
                   "8000", "-f", "csv").stdout)  # fmt: skip
    assert len(out) == 6
    assert out[-1]["bonus_total_usd"] == "60000000"
    assert out[-1]["death_total_usd"] == "800000"
    assert out[-1]["total_usd"] == str(240_000_000 + 60_000_000 + 800_000)


def test_simulate_with_currency_and_published(run: Run) -> None:
    """simulate takes money with a currency code, and published estimates as scenarios."""
    r = run("simulate", "--troops", "20000", "--bonus", "400000 RUB", "--rate", "RUB=87",
            "--seed", "1", "--samples", "10", "-f", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert row["p50_usd"] == "571954000"
    (pub,) = rows(run("simulate", "--scenario", "fnf-2024-10-high", "--seed", "1", "--samples",
                      "10", "-f", "csv").stdout)  # fmt: skip
    assert pub["mean_usd"] == "571954000" and pub["scenario"] == "fnf-2024-10-high"
