"""`revenue published`: the published estimates, their authors, dates and rates."""

from __future__ import annotations

import pytest
from conftest import Run
from helpers import estimates, rows


@pytest.mark.parametrize("pid", ["mbn-kang-2024", "shin-2024-11-28", "yu-2024-11-01"])
def test_new_published_estimates(run: Run, pid: str) -> None:
    """MBN's $20M + $3.2M a month, Shin Beom-chul's $240M and Rep. Yu's $572M are reproduced
    from what they state, each with its verdict and source."""
    e = estimates(run)[pid]
    assert e["verdict"] == "reproduced" and e["url"].startswith("http")
    assert (
        e["published_usd"] == e["recomputed_usd"]
        or abs(e["recomputed_usd"] - e["published_usd"]) <= 0.01 * e["published_usd"]
    )


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


def test_published_authors_and_dates(run: Run) -> None:
    """FNF, KIDA and INSS carry the checked authors and dates; INSS 2026 says its day is
    uncertain."""
    by = {x["id"]: x for x in rows(run("published", "-f", "csv").stdout)}
    fnf = by["fnf-2024-10-low"]
    assert (fnf["author"], fnf["date"], fnf["title"]) == ("Olena Guseinova (HUFS)", "2024-10-28",
                                                          "Putin's Partner")  # fmt: skip
    assert (by["kida-2025-04"]["author"], by["kida-2025-04"]["date"]) == ("Park Yong-han",
                                                                          "2025-04-08")  # fmt: skip
    for pid in ("inss-lim-2024-11-mercenary", "inss-lim-2024-11-alliance"):
        assert (by[pid]["author"], by[pid]["date"]) == ("Lim Soo-ho", "2024-11-18")
    inss = by["inss-2026-01"]
    assert (inss["author"], inss["date"]) == ("Lim Soo-ho", "2026-01")
    assert "uncertain" in inss["note"]
    ispi = by["ispi-chang-2025"]
    assert ispi["url"] == "" and "No public URL was found" in ispi["url_note"]
    assert "shared/" not in ispi["url_note"] and "as circulated" in ispi["url_note"]


def test_kida_at_the_rate_of_its_date(run: Run) -> None:
    """400bn won on 2025-04-08 at 1,473.2 won/USD is $271,517,784.41; our $364M is 34% more.
    --rate overrides the estimate's own rate; the KRW default (1,421.97) does not apply."""
    kida = {x["id"]: x for x in rows(run("published", "-f", "csv").stdout)}["kida-2025-04"]
    assert "1473.2" in kida["published"] and "2025-04-08" in kida["published"]
    assert kida["published_usd"] == "271517784.41"  # 400e9 / 1473.2, half up to the cent
    assert kida["gap_usd"] == "92482215.59"  # 364,000,000 - 271,517,784.41
    assert kida["verdict"] == "disagrees (ours +34%)"
    given = {x["id"]: x for x in rows(run("published", "--rate", "KRW=1250", "-f", "csv").stdout)}
    assert given["kida-2025-04"]["published_usd"] == "320000000"
    figures = {x["key"]: x for x in rows(run("sources", "-f", "csv").stdout)}
    assert figures["rate-krw-2025-04-08"]["value"] == "1473.2"
    assert "seoul.co.kr" in figures["rate-krw-2025-04-08"]["url"]
