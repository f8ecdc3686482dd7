"""`revenue sources`: sources a reader can click, the corrected attributions (issue 17), and
the invariants of the shipped data that keep them true."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from helpers import estimates, rows

from dprk_ru.analysis.estimate import default_year, estimate_scenario
from dprk_ru.core.currency import SOURCED_RATES
from dprk_ru.scenarios import published
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.scenario import BUILTIN_ORDER, BUILTINS, SourceRef
from dprk_ru.scenarios.sources import (
    AS_OF,
    DATED_RATES,
    KINDS,
    PARAMETERS,
    RANGES,
    RATES,
    REFERENCES,
    REPORTED,
    Source,
)


def figures(run: Run) -> dict[str, dict[str, Any]]:
    return {x["key"]: x for x in json.loads(run("sources", "-f", "json").stdout)}


#: Where a mirror's page is known, a row says it links a copy.
MIRRORS = ("newsmuncher.com", "millenniumpost.in", "newsare.net", "newsplatform.co.kr")


def every_source() -> list[tuple[str, Source | SourceRef]]:
    """(where, Source) for every figure's source and every built-in scenario's sources."""
    every = [*PARAMETERS.values(), *REFERENCES.values(), *RANGES.values(), *REPORTED.values(),
             *RATES.values(), *DATED_RATES.values()]  # fmt: skip
    out: list[tuple[str, Source | SourceRef]] = [(f.key, f.source) for f in every]
    out += [(name, s) for name in BUILTINS for s in load_scenario(name).sources]
    return out


#: What the outputs may not name: a place outside the package.
OUTSIDE = re.compile(r"shared/|\.\./|/work/|sources/[\w-]+\.txt")


#: Keys that notes and reasoning cite by name (``revenue sources: inss-2026-01-total``).
CITED = re.compile(
    r"(?<![\w-])(?:state-share|death-payment|workers-pay|rate-krw|rate-rub|inss|kida|fnf|shin|yu|mbn|"
    r"china-exports)-[a-z0-9-]*[a-z0-9]\b"
)


def test_every_kind_is_one_of_three(run: Run) -> None:
    """Every row of `sources` (figures and dated facts of the built-ins) is stated, derived
    or assumed."""
    assert {r["kind"] for r in figures(run).values()} <= set(KINDS)


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


def test_no_output_names_a_path_outside_the_package(run: Run) -> None:
    """sources, published and every built-in scenario as shown name no file of ours."""
    texts = [run("sources", "-f", "json").stdout, run("published", "-f", "json").stdout]
    texts += [run("scenarios", "show", name).stdout for name in BUILTINS]
    examples = Path(__file__).parents[2] / "examples"
    texts += [f.read_text() for f in sorted(examples.glob("brief-*.*")) if f.is_file()]
    for text in texts:
        assert OUTSIDE.search(text) is None, OUTSIDE.search(text)


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


def test_bonus_is_stated_for_foreign_recruits(run: Run) -> None:
    """The $2,000 bonus stays derived from the $260M, cross-checked by the lump sum stated
    for foreign recruits; KIDA's note no longer says the lump sum is not given."""
    bonus = figures(run)["bonus_usd"]
    assert bonus["kind"] == "derived"
    assert "2024-11-19" in bonus["reasoning"] and "sedaily.com" in bonus["reasoning"]
    kida = estimates(run)["kida-2025-04"]
    assert "not given" not in kida["note"] and "2024-11-19" in kida["note"]


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
    candidates = [Path(__file__).parents[3] / "shared", Path("/work/shared")]
    found = [p / "sources" / "ispi-chang-dprk-russia.txt" for p in candidates]
    article = next((p for p in found if p.exists()), None)
    if article is None:
        pytest.skip("shared/sources is neither beside this checkout nor at /work/shared")
    text = " ".join(article.read_text(encoding="utf-8").replace("\u2019", "'").split())
    for f in all_figures():
        if f.source is ISPI_CHANG:
            assert " ".join(f.quote.split()) in text, f.key


SRC = Path(__file__).parents[2] / "src" / "dprk_ru"


def unlinked(entries: Sequence[Mapping[str, object]]) -> list[object]:
    """The keys (or ids) of entries with neither a URL nor a note saying why there is none."""
    return [
        e.get("key", e.get("id")) for e in entries if not e.get("url") and not e.get("url_note")
    ]


def test_unlinked_flags_an_entry_with_neither() -> None:
    """The URL check below can fail: an entry with no url and no url_note is reported."""
    assert unlinked([{"key": "a", "url": "https://x.org", "url_note": ""},
                     {"key": "b", "url": "", "url_note": "not found"},
                     {"key": "c", "url": "", "url_note": ""}]) == ["c"]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "markdown"])
def test_every_source_has_a_url_or_a_reason(run: Run, fmt: str) -> None:
    """Every row of `sources` and `published`, in every data format, carries a url or a
    url_note, and every format has the same rows as CSV."""
    for command, key in (("sources", "key"), ("published", "id")):
        text = run(command, "-f", fmt).stdout
        if fmt == "csv":
            out: list[Mapping[str, object]] = list(rows(text))
        elif fmt == "json":
            out = json.loads(text)
        elif fmt == "jsonl":
            out = [json.loads(line) for line in text.splitlines()]
        else:
            from dprk_ru.render.markdown import markdown_header

            columns = rows(run(command, "-f", "csv").stdout)[0].keys()
            named = {markdown_header(c): c for c in columns}  # headers in words
            lines = [line.strip("|").split(" | ") for line in text.splitlines()]
            header = [named[h.strip()] for h in lines[0]]
            out = [dict(zip(header, (v.strip() for v in line), strict=True)) for line in lines[2:]]
        assert [r[key] for r in out] == [r[key] for r in rows(run(command, "-f", "csv").stdout)]
        assert out and unlinked(out) == [], command
        assert all(not str(r["url"]) or str(r["url"]).startswith("http") for r in out)


def test_tables_show_the_domain(run: Run) -> None:
    """The table views show each link's domain, or say there is none."""
    pub = " ".join(run("published", "-f", "table").stdout.split())
    assert "koreaherald.com" in pub and "chosun.com" in pub and "no URL" in pub
    src = run("sources", "-f", "table").stdout
    assert "vedomosti.ru" in src and "asiapress.org" in src


def test_monthly_pay_is_stated_by_the_korea_herald() -> None:
    """$2,000 a month is stated of DPRK soldiers by The Korea Herald (NIS, 2024-11-03); ISPI
    says it of Russian mercenaries and stays the article the defaults reproduce."""
    pay = PARAMETERS["monthly_pay_usd"]
    assert (pay.kind, pay.value, pay.source.publisher) == ("stated", D(2000), "The Korea Herald")
    assert pay.source.date == "2024-11-03" and "koreaherald.com" in (pay.source.url or "")
    assert "ISPI" in (pay.reasoning or "")
    assert PARAMETERS["troops"].source.publisher.startswith("ISPI")


def test_kinds_of_months_and_state_share() -> None:
    """months = 12 is derived and state_share = 1 assumed, in sources and in every built-in
    and published scenario (never taken as stated)."""
    assert (PARAMETERS["months"].kind, PARAMETERS["state_share"].kind) == ("derived", "assumed")
    base = load_scenario("article-baseline").contingents[0]
    assert "months" in base.derived and "state_share" in base.assumed
    for name in BUILTINS:
        for c in load_scenario(name).contingents:
            kinds = c.assumed + c.derived
            shares = ("pay_share", "bonus_share", "death_share")
            assert "state_share" in kinds or all(x in kinds for x in shares), (name, c.name)
            if not c.dated:
                assert "months" in c.assumed + c.derived, (name, c.name)
    for pid in published.ids():
        s = published.scenario(pid)
        for c in s.contingents if s is not None else ():
            assert "state_share" in c.assumed, pid
    text = (SRC / "scenarios" / "data" / "article-baseline.toml").read_text()
    assert re.search(r"months = 12 +# derived", text)
    assert re.search(r"state_share = 1 +# assumed", text)


def test_rates_are_stated_once_and_cited() -> None:
    """RUB 83.3 is stated by Vedomosti under its real title; KRW 1,421.97 is the 2025 average;
    `sources` reads both numbers from core.currency."""
    rub, krw = RATES["rate-rub-2025"], RATES["rate-krw-2025"]
    assert (rub.kind, rub.value, rub.source.publisher) == ("stated", D("83.3"), "Vedomosti")
    assert "ослабления рубля" in rub.source.title and rub.source.date == "2026-01-12"
    assert "vedomosti.ru" in (rub.source.url or "")
    assert (krw.kind, krw.value) == ("stated", D("1421.97"))
    assert rub.value is SOURCED_RATES["RUB"].per_usd and krw.value is SOURCED_RATES["KRW"].per_usd


def test_kursk_attributions() -> None:
    """kursk-2024 cites KBS/NIS for the 12,000 of 2024 and AP/NIS for Kursk; its troops and
    pay are stated, its year is assumed."""
    s = load_scenario("kursk-2024")
    by = {src.publisher: src for src in s.sources}
    assert by["KBS World"].date == "2024-10-18" and "12,000" in (by["KBS World"].note or "")
    assert "Kursk" in (by["Associated Press"].note or "")
    (c,) = s.contingents
    assert c.troops == 12000 and "troops" not in c.assumed and "monthly_pay_usd" not in c.assumed
    assert "months" in c.assumed


def test_deployments_kinds_and_counts(run: Run) -> None:
    """The dated deployments: 1,400 dead is derived, every month no source states is
    assumed, the wounded leave, and NIS's about 10,000 near the border in November 2025."""
    s = load_scenario("deployments-2024-2025")
    by = {c.name: c for c in s.contingents}
    assert by["first-wave-dead-by-september-2025"].derived == ("troops",)
    assert by["first-wave"].derived == ("troops",)
    for c in s.contingents:
        # The first wave's month is sourced (sent in October 2024, at the front in November:
        # Dong-A Ilbo, KIDA); every other start and every end is ours.
        assert c.name is not None
        first_wave = c.name.startswith("first-wave")
        assert ("start" in c.assumed) != first_wave, c.name
        assert c.end is None or "end" in c.assumed, c.name
    assert by["first-wave-wounded-repatriated"].troops == 2000
    assert by["first-wave-wounded-repatriated"].end == "2025-02"
    kyiv = next(src for src in s.sources if src.date == "2024-10-23")
    assert kyiv.title.startswith("Russia helping North Korea with sanctions evasion")
    records = {x["key"]: x for x in rows(run("sources", "-f", "csv").stdout)}
    assert records["deployments-2024-2025.first-wave-dead-by-september-2025.troops"]["kind"] == (
        "derived"
    )
    assert records["deployments-2024-2025.first-wave-dead-by-april-2025.end"]["kind"] == ("assumed")
    second = records["deployments-2024-2025.second-wave.troops"]
    # 3,000 = about 14,000 in two waves (KIDA via Chosun Ilbo) - 11,000; NIS's 15,000 (KBS)
    # and the early 1,000-3,000 (Edaily TV) are named beside it.
    assert second["kind"] == "derived"
    assert all(d in second["url"] for d in ("chosun.com", "news.kbs.co.kr", "tv.edaily.co.kr"))
    assert "14,000" in second["reasoning"] and "Lee Seong-kweun" in second["reasoning"]
    start = records["deployments-2024-2025.first-wave.start"]
    assert start["kind"] == "stated" and "October 2024" in start["reasoning"]
    months = {x["month"]: x for x in rows(run("timeline", "-f", "csv").stdout)}
    assert months["2024-11"]["troops"] == "11000"
    assert months["2025-11"]["troops"] == "16000"  # 7,000 + 3,000 near the border + 6,000


def test_builtin_counts_in_help_and_readme(run: Run) -> None:
    """`compare --help` and the README count the built-in scenarios correctly."""
    words = {"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
    help_text = " ".join(run("compare", "--help").stdout.replace("│", " ").split())
    m = re.search(r"without any, the (\w+) annual built-ins", help_text)
    assert m is not None and words[m.group(1)] == len(BUILTIN_ORDER)
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    m = re.search(r"(\w+) ship\s+built in", readme)
    assert m is not None and words[m.group(1).lower()] == len(BUILTINS)
    for name in BUILTINS:
        assert f"| {name}" in readme


def test_reported_share_and_death_payment(run: Run) -> None:
    """Dong-A's 75-80% share and AsiaPress's $5,000 (a rumour: flagged uncertain, kind
    stated) are listed by `sources`."""
    figures = {x["key"]: x for x in json.loads(run("sources", "-f", "json").stdout)}
    assert (figures["state-share-donga-low"]["value"],
            figures["state-share-donga-high"]["value"]) == (0.75, 0.8)  # fmt: skip
    assert "monthly pay" in figures["state-share-donga-low"]["label"]
    assert "assumption" in figures["state-share-donga-low"]["reasoning"]
    death = figures["death-payment-asiapress"]
    assert (death["value"], death["kind"], death["uncertain"]) == (5000, "stated", True)
    assert figures["monthly_pay_usd"]["uncertain"] is False
    assert figures["rate-krw-2025"]["value"] == 1421.97


def test_state_share_scenario_gives_the_state_5000_per_death(run: Run) -> None:
    """In kursk-state-share-deaths the state keeps AsiaPress's $5,000 per death whole (no
    invented $6,250): 2,000 killed x $5,000 x 1 = $10,000,000; its pay share is Dong-A's
    high end, and the same share of bonuses is listed as assumed."""
    (c,) = load_scenario("kursk-state-share-deaths").contingents
    assert (c.death_payment_usd, c.death_share) == (REPORTED["death-payment-asiapress"].value, D(1))
    assert c.pay_share == c.bonus_share == REPORTED["state-share-donga-high"].value
    assert "bonus_share" in c.assumed and "pay_share" in c.derived
    (row,) = rows(run("estimate", "-s", "kursk-state-share-deaths", "-f", "csv").stdout)
    assert row["death_total_usd"] == "10000000"
    assert D(row["death_total_usd"]) / int(row["killed"]) == 5000
    assert row["total_usd"] == "259600000"  # 12,000 x 2,000 x 13 x 0.8 + 10,000,000


def test_as_of_is_stated_and_drives_the_defaults(run: Run) -> None:
    """`sources` states the as-of month; --year defaults to its year."""
    figures = {x["key"]: x for x in rows(run("sources", "-f", "csv").stdout)}
    assert figures["as-of"]["value"] == AS_OF == "2025-12"
    assert "November 2025" in figures["as-of"]["reasoning"]
    assert default_year() == 2025
    assert estimate_scenario(load_scenario("deployments-2024-2025")).year == 2025
    (total,) = [x for x in rows(run("estimate", "-s", "deployments-2024-2025", "-f",
                                    "csv").stdout) if x["contingent"] == "total"]  # fmt: skip
    assert (total["year"], total["projected"], total["total_usd"]) == ("2025", "no", "334000000")


def test_no_clock_in_the_code() -> None:
    """No module reads today's date: defaults come from the data, so nothing changes on
    1 January."""
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        for clock in ("date.today(", "datetime.now(", "datetime.today(", "time.localtime("):
            assert clock not in text, (path, clock)


def test_estimate_and_compare_say_projected(run: Run) -> None:
    """A year past the as-of month is projected, in a column and a line of the table."""
    out = rows(run("estimate", "-s", "deployments-2024-2025", "--year", "2026", "-f",
                   "csv").stdout)  # fmt: skip
    assert list(out[0])[-3:] == ["projected", "troop_months", "title"]
    assert {x["projected"] for x in out} == {"yes"}
    table = run("estimate", "-s", "deployments-2024-2025", "--year", "2026", "-f", "table")
    assert "Projected: 2026 is after 2025-12" in " ".join(table.stdout.split())
    cmp = rows(run("compare", "article-baseline", "deployments-2024-2025", "--year", "2026",
                   "-f", "csv").stdout)  # fmt: skip
    assert [(x["year"], x["projected"]) for x in cmp] == [("", ""), ("2026", "yes")]
    view = " ".join(run("compare", "deployments-2024-2025", "--year", "2026", "-f",
                        "table").stdout.split())  # fmt: skip
    assert "deployments-2024-2025: Projected: 2026" in view


@pytest.mark.parametrize(
    ("extra", "message"),
    [('as_of = "2025-13"\n', "as_of"), ('as_of = "soon"\n', "YYYY-MM"),
     ('[[sources]]\ntitle = "t"\nsupports = ["nobody"]\n', "nobody")],
)  # fmt: skip
def test_bad_as_of_and_supports(run: Run, tmp_path: Path, extra: str, message: str) -> None:
    """as_of must be a month and `supports` must name contingents: exit 2 naming them."""
    f = tmp_path / "bad.toml"
    f.write_text('name = "x"\n' + extra + '[[contingents]]\nname = "a"\ntroops = 5\n')
    r = run("estimate", "-s", str(f))
    assert r.exit_code == 2 and message in r.stderr and r.stdout == ""


def test_sources_filters_by_parameter(run: Run) -> None:
    """`revenue sources troops` keeps the troops default, the reported total and each dated
    contingent's troops, nothing else (CSV keeps the raw columns)."""
    import io

    r = run("sources", "troops", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    keys = [row["key"] for row in csv.DictReader(io.StringIO(r.stdout))]
    assert keys[:2] == ["troops", "troops-2026-01"]
    assert len(keys) == 9 and all(k.endswith(".troops") for k in keys[2:])
    # by option name, by key prefix, by source, several at once (their union)
    by = {name: run("sources", *name.split("|"), "-f", "csv").stdout for name in
          ("monthly-pay", "china-exports", "Daily NK", "inss|fnf")}  # fmt: skip
    firsts = {n: [line.split(",")[0] for line in t.splitlines()[1:]] for n, t in by.items()}
    assert firsts["monthly-pay"] == [
        "monthly_pay_usd",
        "workers.monthly_pay_usd",
        "workers-pay-hourly",
    ]
    assert firsts["china-exports"] == [
        "china-exports-2016",
        "china-exports-2018",
        "china-exports-2020",
    ]
    assert firsts["Daily NK"] == ["death-payment-dailynk"]
    assert firsts["inss|fnf"] == ["inss-2024-09-arms-2023", "inss-2026-01-dispatch-to-date",
                                  "inss-2026-01-total", "fnf-2025-09-supplied",
                                  "fnf-2025-09-compensation"]  # fmt: skip


def test_sources_unknown_name_is_exit_2_with_a_suggestion(run: Run) -> None:
    r = run("sources", "trops")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: NAME: 'trops' is no parameter, reference or source; "
                               "did you mean 'troops'? Give a parameter (troops, ")  # fmt: skip
    assert r.stderr.count("\n") == 1


def test_sources_table_groups_and_shows_each_quote_once(run: Run) -> None:
    """The ISPI quote behind eight figures is printed once, under its source; the table
    groups the figures by parameter and lists each source once, numbered."""
    r = run("sources", "--format", "table")
    assert r.exit_code == 0
    out = r.stdout
    words = " ".join(out.split())
    assert words.count("plus enlistment bonuses") == 1  # was 8
    assert len(re.findall(r"^\[\d+\] +Hee Kyoung Chang", out, re.M)) == 1
    assert re.search(r"^\[2\] +Hee Kyoung Chang", out, re.M)  # [1]: the model's as-of
    assert "Monthly pay (monthly_pay_usd)\n" in out and "Reference figures\n" in out
    assert "Dated facts of deployments-2024-2025\n" in out
    # full URLs, as text, in a pipe
    assert "https://www.koreaherald.com/view.php?ud=20241103050116" in out
    assert "\x1b]8;" not in out
    assert len(out.splitlines()) < 700  # 837 before grouping


def test_sources_links_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the URLs are hyperlinks (OSC 8); with NO_COLOR they are plain."""

    from dprk_ru.render.tables import sources_table
    from dprk_ru.scenarios.sources import records, select

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    rows = select(records(), ["monthly-pay"])
    monkeypatch.setenv("TERM", "xterm-256color")
    for no_color, linked in (("", True), ("1", False)):
        monkeypatch.setenv("NO_COLOR", no_color)
        out = Tty()
        sources_table(rows, out)
        url = "https://www.koreaherald.com/view.php?ud=20241103050116"
        text = out.getvalue()
        assert url in text
        assert ("\x1b]8;id=" in text and f";{url}\x1b\\" in text) is linked
