"""Sources a reader can click, the corrected attributions, and projections that say so."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run

from dprk_ru.analysis.estimate import default_year, estimate_scenario
from dprk_ru.core.currency import SOURCED_RATES
from dprk_ru.scenarios import published
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.scenario import BUILTIN_ORDER, BUILTINS
from dprk_ru.scenarios.sources import AS_OF, PARAMETERS, RATES, REPORTED

SRC = Path(__file__).parents[1] / "src" / "dprk_ru"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def unlinked(entries: Sequence[Mapping[str, object]]) -> list[object]:
    """The keys (or ids) of entries with neither a URL nor a note saying why there is none."""
    return [
        e.get("key", e.get("id")) for e in entries if not e.get("url") and not e.get("url_note")
    ]


# --- URLs ---------------------------------------------------------------------------------


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


def test_builtin_scenario_sources_are_linked() -> None:
    """Every source of every built-in scenario has a url or a url_note."""
    for name in BUILTINS:
        for s in load_scenario(name).sources:
            assert s.url or s.url_note, (name, s.title)


# --- corrections, as facts of the shipped data --------------------------------------------


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


def test_krw_default_and_rate_override(run: Run) -> None:
    """Money in KRW converts at 1,421.97 unless --rate says otherwise."""
    (row,) = rows(run("estimate", "--bonus", "1421970 KRW", "-f", "csv").stdout)
    assert row["bonus_usd"] == "1000"
    (row,) = rows(run("estimate", "--bonus", "1421970 KRW", "--rate", "KRW=1000", "-f",
                      "csv").stdout)  # fmt: skip
    assert row["bonus_usd"] == "1421.97"


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
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    m = re.search(r"(\w+) ship\s+built in", readme)
    assert m is not None and words[m.group(1).lower()] == len(BUILTINS)
    for name in BUILTINS:
        assert f"| {name}" in readme


# --- new sourced values -----------------------------------------------------------------


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


# --- projections ------------------------------------------------------------------------


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


def test_timeline_stops_at_the_as_of_month(run: Run) -> None:
    """By default the timeline ends at 2025-12 ($400M to date), nothing projected, no note;
    the projected column comes last."""
    r = run("timeline", "-f", "csv")
    out = rows(r.stdout)
    assert (out[0]["month"], out[-1]["month"], len(out)) == ("2024-11", "2025-12", 14)
    assert out[-1]["cumulative_usd"] == "400000000"
    assert list(out[0])[-1] == "projected" and {x["projected"] for x in out} == {"false"}
    assert r.stderr == ""


def test_timeline_past_the_as_of_month(run: Run) -> None:
    """With --to past the as-of month the months are given, marked projected, with one note
    on stderr; the table marks them too."""
    r = run("timeline", "--from", "2025-11", "--to", "2026-02", "-f", "csv")
    assert r.exit_code == 0
    assert [(x["month"], x["projected"]) for x in rows(r.stdout)] == [
        ("2025-11", "false"),
        ("2025-12", "false"),
        ("2026-01", "true"),
        ("2026-02", "true"),
    ]
    assert len(r.stderr.splitlines()) == 1 and "after 2025-12 are projections" in r.stderr
    table = run("timeline", "--from", "2025-12", "--to", "2026-01", "-f", "table").stdout
    assert "2026-01 *" in table and "partly projected" in table
    late = run("timeline", "--from", "2026-02")
    assert late.exit_code == 2 and "--from 2026-02" in late.stderr and "--to" in late.stderr


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


# revenue sources NAME... ------------------------------------------------------------------


def test_sources_filters_by_parameter(run: Run) -> None:
    """`revenue sources troops` keeps the troops default, the reported total and each dated
    contingent's troops, nothing else (CSV keeps the raw columns)."""
    import csv
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
    import io

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
