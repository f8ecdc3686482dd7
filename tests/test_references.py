"""Reference figures beside the troop money: ranges compared end by end, a KRW figure at the
rate of its own date, and each figure's period beside its ratio."""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Run

from dprk_ru.analysis.compare import compare_columns, ratio_columns
from dprk_ru.scenarios.sources import DATED_RATES, RANGES, REFERENCES, reference


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


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


def test_a_range_is_not_a_solve_target(run: Run) -> None:
    """solve takes one amount: a range's key is refused (exit 2), a point's is taken."""
    r = run("solve", "--for", "troops", "--target", "inss-2026-01-total")
    assert r.exit_code == 2 and "--target" in r.stderr
    ok = run("solve", "--for", "troops", "--target", "inss-2024-09-arms-2023", "-f", "csv")
    assert ok.exit_code == 0
