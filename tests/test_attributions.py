"""Issue 17's attributions and kinds, through what `sources`, `published` and the scenarios
print, and the invariants of the shipped data that keep them true."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

from dprk_ru.scenarios import published
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.scenario import BUILTINS, SourceRef
from dprk_ru.scenarios.sources import (
    DATED_RATES,
    KINDS,
    PARAMETERS,
    RANGES,
    RATES,
    REFERENCES,
    REPORTED,
    Source,
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def figures(run: Run) -> dict[str, dict[str, Any]]:
    return {x["key"]: x for x in json.loads(run("sources", "-f", "json").stdout)}


def estimates(run: Run) -> dict[str, dict[str, Any]]:
    return {x["id"]: x for x in json.loads(run("published", "-f", "json").stdout)}


# --- invariants of the data ---------------------------------------------------------------


def test_every_kind_is_one_of_three(run: Run) -> None:
    """Every row of `sources` (figures and dated facts of the built-ins) is stated, derived
    or assumed."""
    assert {r["kind"] for r in figures(run).values()} <= set(KINDS)


#: Where a mirror's page is known, a row says it links a copy.
MIRRORS = ("newsmuncher.com", "millenniumpost.in", "newsare.net", "newsplatform.co.kr")


def every_source() -> list[tuple[str, Source | SourceRef]]:
    """(where, Source) for every figure's source and every built-in scenario's sources."""
    every = [*PARAMETERS.values(), *REFERENCES.values(), *RANGES.values(), *REPORTED.values(),
             *RATES.values(), *DATED_RATES.values()]  # fmt: skip
    out: list[tuple[str, Source | SourceRef]] = [(f.key, f.source) for f in every]
    out += [(name, s) for name in BUILTINS for s in load_scenario(name).sources]
    return out


def test_a_mirror_says_it_is_a_copy(run: Run) -> None:
    """A link to a copy on another site says so, and that the publisher's page was not
    found; in sources, scenarios and published estimates alike."""
    for where, s in every_source():
        if s.url and any(m in s.url for m in MIRRORS):
            assert "copy" in (s.note or "") and "not found" in (s.note or ""), (where, s.url)
    for e in estimates(run).values():
        if any(m in e["url"] for m in MIRRORS):
            assert "copy" in e["note"] and "not found" in e["note"], e["id"]


def test_a_figure_without_url_says_why() -> None:
    """Every source of a figure or a built-in has a URL or says why it has none."""
    assert [where for where, s in every_source() if not s.url and not s.url_note] == []


#: What the outputs may not name: a place outside the package.
OUTSIDE = re.compile(r"shared/|\.\./|/work/|sources/[\w-]+\.txt")


def test_no_output_names_a_path_outside_the_package(run: Run) -> None:
    """sources, published and every built-in scenario as shown name no file of ours."""
    texts = [run("sources", "-f", "json").stdout, run("published", "-f", "json").stdout]
    texts += [run("scenarios", "show", name).stdout for name in BUILTINS]
    examples = Path(__file__).parents[1] / "examples"
    texts += [f.read_text() for f in sorted(examples.glob("brief-*.*")) if f.is_file()]
    for text in texts:
        assert OUTSIDE.search(text) is None, OUTSIDE.search(text)


#: Keys that notes and reasoning cite by name (``revenue sources: inss-2026-01-total``).
CITED = re.compile(
    r"(?<![\w-])(?:state-share|death-payment|workers-pay|rate-krw|rate-rub|inss|kida|fnf|shin|yu|mbn|"
    r"china-exports)-[a-z0-9-]*[a-z0-9]\b"
)


def test_every_key_cited_exists(run: Run) -> None:
    """A key named in a reasoning or note is a row of `sources`, an estimate of `published`
    or a built-in scenario; a published estimate's rate is a dated rate."""
    keys = set(figures(run)) | set(estimates(run)) | set(BUILTINS)
    texts = [r["reasoning"] for r in figures(run).values()]
    texts += [e["note"] for e in estimates(run).values()]
    cited = {k for t in texts for k in CITED.findall(t)}
    assert cited and cited <= keys, cited - keys
    for e in published.entries():
        if "rate" in e:
            assert e["rate"] in DATED_RATES, e["id"]


# --- the corrections, as printed -----------------------------------------------------------


def test_monthly_pay_is_the_nis_statement(run: Run) -> None:
    """$2,000 a month quotes the NIS as The Korea Herald reports it; ISPI's $2,000 is of
    Russian mercenaries."""
    pay = figures(run)["monthly_pay_usd"]
    assert "National Intelligence Service" in pay["quote"] and "$2,000" in pay["quote"]
    assert "The Korea Herald" in pay["source"] and "NIS" in pay["source"]
    assert "Russian mercenaries" in pay["reasoning"]


def test_bonus_is_stated_for_foreign_recruits(run: Run) -> None:
    """The $2,000 bonus stays derived from the $260M, cross-checked by the lump sum stated
    for foreign recruits; KIDA's note no longer says the lump sum is not given."""
    bonus = figures(run)["bonus_usd"]
    assert bonus["kind"] == "derived"
    assert "2024-11-19" in bonus["reasoning"] and "sedaily.com" in bonus["reasoning"]
    kida = estimates(run)["kida-2025-04"]
    assert "not given" not in kida["note"] and "2024-11-19" in kida["note"]


def test_donga_is_a_share_of_monthly_pay(run: Run) -> None:
    """Dong-A's 75-80% is of monthly pay, under its headline and most likely date."""
    low = figures(run)["state-share-donga-low"]
    assert "monthly pay" in low["label"] and "assumption" in low["reasoning"]
    assert "상납" in low["source"] and "2025-02-27" in low["source"]


def test_inss_2024_title(run: Run) -> None:
    """INSS's November 2024 report carries its title."""
    for pid in ("inss-lim-2024-11-mercenary", "inss-lim-2024-11-alliance"):
        assert estimates(run)[pid]["title"].startswith("용병인가, 동맹군인가")


def test_inss_2026_as_corrected(run: Run) -> None:
    """INSS 2026: $560M a year is from the dispatch alone; the $620M is cumulative (wages and
    death compensation), the $7.67-14.4B is everything with munitions, confirmed receipts
    4-19.6%; the two are reference figures."""
    inss = estimates(run)["inss-2026-01"]
    assert "alone" in inss["estimates"] and "wages" not in inss["estimates"]
    assert all(s in inss["note"] for s in ("$620M cumulative", "$7.67-14.4B", "4-19.6%"))
    assert inss["title"].startswith("북한의 대러 파병")
    found = figures(run)
    total = found["inss-2026-01-total"]
    assert (total["value"], total["high"], total["period"]) == (
        7_670_000_000,
        14_400_000_000,
        "2023-08 to 2025-12",
    )
    assert found["inss-2026-01-dispatch-to-date"]["value"] == 620_000_000


def test_death_payments(run: Run) -> None:
    """Daily NK's $6,000-10,000 has no copy and says so; NK Insider's $30,000 and AsiaPress's
    $5,000 go to the state whole, with no division by a share."""
    found = figures(run)
    dailynk = found["death-payment-dailynk"]
    assert (dailynk["value"], dailynk["high"], dailynk["url"]) == (6000, 10000, "")
    assert "No copy" in dailynk["url_note"] and dailynk["uncertain"] is True
    nk = found["death-payment-nkinsider"]
    assert (nk["value"], nk["kind"]) == (30000, "stated") and "nkinsider.org" in nk["url"]
    asia = found["death-payment-asiapress"]
    assert "whole" in asia["reasoning"] and "/ 0.8" not in asia["reasoning"]


def test_reported_shares_of_ninety_percent(run: Run) -> None:
    """0.9 from MBN (KINU's Cho Han-bum: $1,800 of $2,000), Shin Beom-chul and The
    Independent."""
    found = figures(run)
    for key, who in (("state-share-mbn", "Cho Han-bum"), ("state-share-shin", "Shin Beom-chul"),
                     ("state-share-independent", "The Independent")):  # fmt: skip
        assert found[key]["value"] == 0.9 and who in found[key]["source"], key
    assert "1,800 / 2,000" in found["state-share-mbn"]["reasoning"]


def test_new_parameters_and_worker_defaults(run: Run) -> None:
    """The three shares default to 1, assumed (the $260M counts all); state_share stays as
    the shorthand; workers' $800 is stated by NIS via The Korea Herald, their bonus assumed,
    and the hourly figure is an assumed alternative."""
    found = figures(run)
    for key in ("pay_share", "bonus_share", "death_share", "state_share"):
        assert (found[key]["value"], found[key]["kind"]) == (1, "assumed"), key
        assert "$260M" in found[key]["reasoning"], key
    assert "shorthand" in found["state_share"]["label"].lower()
    pay = found["workers.monthly_pay_usd"]
    assert (pay["value"], pay["kind"]) == (800, "stated") and "2024-11-03" in pay["source"]
    assert "$800" in pay["quote"]
    assert (found["workers.bonus_usd"]["value"], found["workers.bonus_usd"]["kind"]) == (
        0, "assumed"
    )  # fmt: skip
    hourly = found["workers-pay-hourly"]
    assert hourly["kind"] == "assumed" and "Interfax-Ukraine" in hourly["source"]
    assert "2025-11-14" in hourly["source"] and "26 days" in hourly["reasoning"]
    assert hourly["value"] == 2.5 * 12 * 26


def test_krw_2025_says_why_no_link(run: Run) -> None:
    """The won's 2025 average links no section list page: it says why, and names KB
    Think's permanent page."""
    krw = figures(run)["rate-krw-2025"]
    assert krw["url"] == "" and "list page" in krw["url_note"]
    assert "kode.co.kr" not in json.dumps(krw)


def test_kursk_ap_report_is_dated(run: Run) -> None:
    """AP's Kursk report is dated 2024-11-21 and says it links a copy."""
    ap = next(s for s in load_scenario("kursk-2024").sources if s.publisher == "Associated Press")
    assert ap.date == "2024-11-21" and "copy" in (ap.note or "")


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


def test_mbn_counts_workers_as_workers(run: Run) -> None:
    """MBN's 4,000 are workers at $800 with no bonus: its scenario says so in every format,
    and the 0.9 it reports is listed, not applied (its total is all the pay)."""
    r = run("estimate", "--published", "mbn-kang-2024", "-f", "json")
    assert r.exit_code == 0, r.stderr
    by = {x["contingent"]: x for x in json.loads(r.stdout)}
    assert (by["workers"]["personnel"], by["soldiers"]["personnel"]) == ("workers", "soldiers")
    assert (by["workers"]["monthly_pay_usd"], by["workers"]["bonus_usd"]) == (800, 0)
    assert "state-share-mbn" in estimates(run)["mbn-kang-2024"]["note"]


def test_2026_reports_beside_an_unmoved_as_of(run: Run) -> None:
    """Reports of 2026 (INSS's figures, January's troop count) are listed with their dates,
    and the data's as-of month stays 2025-12: the defaults do not move."""
    found = figures(run)
    dated_2026 = {k for k, r in found.items() if ", 2026-" in r["source"]}
    assert {"inss-2026-01-total", "inss-2026-01-dispatch-to-date", "troops-2026-01"} <= dated_2026
    assert found["as-of"]["value"] == "2025-12"
