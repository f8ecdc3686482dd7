"""``revenue explain`` and ``revenue report``: terms that add up, briefs that are
self-contained, escaped, deterministic and equal to what the other commands print."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Run, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.analysis.explain import explain
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.options import scenario_from_options

EXAMPLES = Path(__file__).parents[1] / "examples"


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


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
    est = _csv(run("estimate", *args, "-f", "csv").stdout)[0]
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
    total = [r for r in _csv(est.stdout) if r["contingent"] == "total"][0]["total_usd"]
    assert f"Total: ${int(total):,} a year" in r.stdout


money = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)


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


def test_report_html_is_self_contained_and_matches_estimate(run: Run, tmp_path: Path) -> None:
    """One HTML file: no script, stylesheet, font or image fetched; the headline is
    estimate's total; every chart inline as SVG with real text."""
    out = tmp_path / "brief.html"
    r = run("report", "--troops", "12000", "--monthly-pay", "1500 to 2500", "--samples", "2000",
            "-o", str(out))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    page = out.read_text()
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(
        r"""(src|href)=["']?(https?:)?//""", page.split('<section id="published"')[0]
    )
    assert "@import" not in page and "url(http" not in page
    assert page.count("<svg") == 2  # histogram and tornado (no timeline: nothing dated)
    assert "<text" in page and 'role="img"' in page
    assert "@media print" in page
    m = re.search(r'id="total" data-usd="([0-9.]+)"', page)
    assert m is not None
    point = _csv(run("estimate", "--troops", "12000", "--monthly-pay", "1936.49", "-f", "csv")
                 .stdout)[0]  # fmt: skip
    assert Decimal(m.group(1)) == Decimal(point["total_usd"])


def test_report_percentiles_equal_simulate(run: Run, tmp_path: Path) -> None:
    """The brief's percentile table is what simulate prints for the same inputs and seed."""
    args = ("--troops", "8000 to 14000", "--monthly-pay", "1500 to 2500", "--samples", "3000",
            "--seed", "7")  # fmt: skip
    out = tmp_path / "b.html"
    assert run("report", *args, "-o", str(out)).exit_code == 0
    sim = _csv(run("simulate", *args, "-f", "csv").stdout)[0]
    page = out.read_text()
    found = dict(re.findall(r'data-percentile="(p[0-9_]+)" data-usd="([0-9]+)"', page))
    assert found == {
        k.removesuffix("_usd"): v for k, v in sim.items() if re.fullmatch(r"p[0-9_]+_usd", k)
    }


def test_report_escapes_scenario_text(run: Run, tmp_path: Path) -> None:
    """A scenario named <script>alert(1)</script> shows as text, in HTML and in Markdown."""
    f = tmp_path / "evil.toml"
    f.write_text('name = "<script>alert(1)</script>"\n[[contingents]]\nname = "<b>x</b>"\n'
                 'troops = 100\nnote = "<img src=x onerror=alert(1)>"\n')  # fmt: skip
    html = tmp_path / "e.html"
    assert run("report", "--scenario", str(f), "-o", str(html)).exit_code == 0
    page = html.read_text()
    assert "<script>alert(1)</script>" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    md = tmp_path / "e.md"
    assert run("report", "--scenario", str(f), "-o", str(md)).exit_code == 0
    text = md.read_text()
    assert "<script>" not in text and "<img src" not in text and "&lt;script&gt;" in text


def test_report_is_deterministic(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same inputs and seed give the same bytes, HTML and Markdown with its charts."""
    args = ("--scenario", "deployments-2024-2025", "--monthly-pay", "1500 to 2500",
            "--samples", "2000")  # fmt: skip
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        assert run("report", *args, "-o", "brief.html").exit_code == 0
        assert run("report", *args, "-o", "brief.md").exit_code == 0
    files = sorted(f for f in (tmp_path / "a").rglob("*") if f.is_file())
    assert len(files) == 5  # brief.html, brief.md and three charts
    for f in files:
        if f.is_file():
            assert f.read_bytes() == (tmp_path / "b" / f.relative_to(tmp_path / "a")).read_bytes()


def test_report_markdown_links_resolve_and_folder_is_replaced(run: Run, tmp_path: Path) -> None:
    """brief.md's images are files in brief_files/; a stale file there is gone after a
    second run; without -o, Markdown is refused (exit 2)."""
    md = tmp_path / "brief.md"
    args = (
        "--monthly-pay",
        "1500 to 2500",
        "--scenario",
        "deployments-2024-2025",
        "--samples",
        "500",
    )
    assert run("report", *args, "-o", str(md)).exit_code == 0
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md.read_text())
    assert sorted(links) == ["brief_files/histogram.svg", "brief_files/timeline.svg",
                             "brief_files/tornado.svg"]  # fmt: skip
    assert all((tmp_path / link).is_file() for link in links)
    (tmp_path / "brief_files" / "notes.txt").write_text("mine")
    r = run("report", "--troops", "9000", "-o", str(md))
    assert r.exit_code == 1 and "notes.txt" in r.stderr  # not ours: never deleted
    assert (tmp_path / "brief_files" / "notes.txt").read_text() == "mine"
    (tmp_path / "brief_files" / "notes.txt").unlink()
    assert run("report", "--troops", "9000", "-o", str(md)).exit_code == 0
    assert not (tmp_path / "brief_files").exists()  # no charts: no folder, nothing stale
    assert "brief_files/" not in md.read_text()
    r = run("report", "--format", "markdown")
    assert r.exit_code == 2 and "--output" in r.stderr
    r = run("report", "-o", str(tmp_path / "brief.pdf"))
    assert r.exit_code == 2 and ".html or .md" in r.stderr
    assert not (tmp_path / "brief.pdf").exists()


def test_report_html_to_stdout(run: Run) -> None:
    """Without -o the HTML goes to stdout."""
    r = run("report", "--troops", "10000")
    assert r.exit_code == 0
    assert r.stdout.startswith("<!DOCTYPE html>") and "$260,000,000" in r.stdout


@pytest.mark.parametrize(
    "args,name",
    [
        (("--troops", "10000"), "brief-article.html"),
        (("--scenario", "deployments-2024-2025", "--monthly-pay", "1500 to 2500",
          "--samples", "20000"), "brief-deployments.md"),
    ],
)  # fmt: skip
def test_example_briefs_are_current(
    run: Run, tmp_path: Path, args: tuple[str, ...], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The briefs in examples/ are what the command makes today (REVENUE_REGENERATE=1
    rewrites them)."""
    import os
    import shutil

    target = tmp_path / name
    monkeypatch.chdir(tmp_path)
    assert run("report", *args, "-o", name).exit_code == 0
    files = [target] + sorted((tmp_path / f"{target.stem}_files").glob("*"))
    if os.environ.get("REVENUE_REGENERATE"):
        for f in files:
            dest = EXAMPLES / f.relative_to(tmp_path)
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(f, dest)
    for f in files:
        assert f.read_bytes() == (EXAMPLES / f.relative_to(tmp_path)).read_bytes(), f.name


def test_only_web_addresses_become_links(run: Run, tmp_path: Path) -> None:
    """A source's ``javascript:`` URL in a scenario file is shown as text, never a link."""
    f = tmp_path / "s.toml"
    f.write_text('name = "x"\n[[sources]]\ntitle = "t"\nurl = "javascript:alert(4)"\n'
                 '[[contingents]]\ntroops = 10\n')  # fmt: skip
    for name in ("b.html", "b.md"):
        assert run("report", "--scenario", str(f), "-o", str(tmp_path / name)).exit_code == 0
    html = (tmp_path / "b.html").read_text()
    assert 'href="javascript' not in html and "javascript:alert(4)" in html
    assert "<javascript" not in (tmp_path / "b.md").read_text()


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


def test_report_refuses_what_cannot_apply(run: Run, tmp_path: Path) -> None:
    """--correlate with no uncertain input, and a Markdown brief to a FIFO, are exit 2."""
    import os

    r = run("report", "--correlate", "troops:monthly_pay=0.5")
    assert r.exit_code == 2 and "--correlate" in r.stderr
    fifo = tmp_path / "b.md"
    os.mkfifo(fifo)
    r = run("report", "-o", str(fifo))
    assert r.exit_code == 2 and "regular file" in r.stderr


def test_control_characters_never_reach_the_output(run: Run, tmp_path: Path) -> None:
    """A scenario name or note with ESC or BEL shows them as escapes in explain and briefs."""
    f = tmp_path / "c.toml"
    f.write_text('name = "a\\u001b[31mred"\n[[contingents]]\nname = "[reverse]rev"\n'
                 'troops = 10\nnote = "bell\\u0007 x"\n')  # fmt: skip
    for args in (("explain",), ("explain", "-f", "markdown")):
        out = run(*args, "-s", str(f)).stdout
        assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out
    assert run("report", "-s", str(f), "-o", str(tmp_path / "c.html")).exit_code == 0
    page = (tmp_path / "c.html").read_text()
    assert "\x1b" not in page and "\x07" not in page


@pytest.mark.parametrize(
    "usd,text",
    [(323_965_420, "$324 million"), (333_500_000, "$334 million"), (412_499_999, "$412 million"),
     (999_600_000, "$1 billion"), (1_340_000_400, "$1.34 billion"),
     (7_670_000_000, "$7.67 billion"), (14_450_000_000, "$14.5 billion"),
     (260_000, "$260,000"), (0, "$0")],
)  # fmt: skip
def test_reporter_rounding(usd: int, text: str) -> None:
    """To the nearest million below $1 billion, three significant figures above."""
    from dprk_ru.analysis.report import reporter_usd

    assert reporter_usd(usd) == text


def test_reporter_ranges() -> None:
    from dprk_ru.analysis.report import reporter_range

    assert reporter_range(255_418_147, 412_614_559) == "$255-$413 million"
    assert reporter_range(900_000_000, 1_200_000_000) == "$900 million-$1.2 billion"


def _headline(page: str) -> str:
    m = re.search(r'<p class="headline" id="headline">(.*?)</p>', page, re.S)
    assert m is not None
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


def test_headline_is_one_rounded_number_in_the_sources_mood(run: Run, tmp_path: Path) -> None:
    """The article's inputs: ISPI's conditional, "could bring", $260 million, no cents; the
    exact total stays in the page (#total)."""
    out = tmp_path / "b.html"
    assert run("report", "--troops", "10000", "-o", str(out)).exit_code == 0
    page = out.read_text()
    assert _headline(page) == (
        "10,000 troops in Russia could bring North Korea about $260 million a year."
    )
    assert 'id="total" data-usd="260000000"' in page and "$21,666,666.67" in page
    assert not re.search(r"\.[0-9]{2}\b", _headline(page))


def test_headline_range_is_simulates_rounded(run: Run, tmp_path: Path) -> None:
    """With an uncertain input the headline gives simulate's 5th-95th percentiles, each
    rounded to the nearest million; a counted year says "brought"."""
    args = ("--scenario", "deployments-2024-2025", "--monthly-pay", "1500 to 2500",
            "--samples", "3000", "--seed", "7")  # fmt: skip
    out = tmp_path / "b.html"
    assert run("report", *args, "-o", str(out)).exit_code == 0
    sim = _csv(run("simulate", *args, "-f", "csv").stdout)[0]
    low, high = (int(Decimal(sim[k]) / 1_000_000 + Decimal("0.5")) for k in ("p5_usd", "p95_usd"))
    head = _headline(out.read_text())
    assert head == (
        "North Korea's troops in Russia brought it about $324 million in 2025 "
        f"(90% range ${low}-${high} million)."
    )
    assert not re.search(r"\.[0-9]{2}\b", head)


def test_brief_sources_once_and_no_footnote_to_ourselves(run: Run, tmp_path: Path) -> None:
    """Each publication is listed once (ISPI was twice); the model's defaults say
    "Assumption:" instead of citing "the revenue developers"; inputs every contingent
    shares are one row; contingents show their titles."""
    out = tmp_path / "b.md"
    args = ("-s", "deployments-2024-2025", "--monthly-pay", "1500 to 2500", "--samples", "500")
    assert run("report", *args, "-o", str(out)).exit_code == 0
    text = out.read_text()
    sources = text.split("## Sources")[1]
    titles = re.findall(r'^\d+\. .*?"(.*?)"', sources, re.M)
    assert titles and len(titles) == len(set(titles))
    assert sum("Why Is North Korea Strengthening" in t for t in titles) == 1
    assert "revenue developers" not in text and "model defaults" not in text
    assert "| Rotations a year | 1 | assumed |  Assumption: One bonus per soldier" in text
    inputs = text.split("### Inputs")[1].split("### Contingents")[0]
    assert inputs.count("| Enlistment bonus |") == 1 and inputs.count("| State share |") == 1
    table = text.split("### Contingents")[1]
    assert (
        "| First wave, dead by April 2025 | soldiers | 600 (stated) | 3 (assumed) "
        "| Nov 2024 to Mar 2025 |" in table
    )
    assert "first-wave-dead-by-april-2025 " not in table
    # numbered in order of first use: the first footnote in the text is [1]
    used = [int(n) for n in re.findall(r"\[(\d+)(?:-\d+)?\]", text.split("## Sources")[0])]
    assert used[0] == 1 and max(used) == len(titles)


def test_what_the_figure_leaves_out_is_from_the_data(run: Run, tmp_path: Path) -> None:
    """Each figure the section quotes is in the cited figure's own text, and the section
    is footnoted to INSS (2026) and FNF (2025)."""
    from dprk_ru.analysis.report import ASSUMES, BESIDE, _figure

    assumes: tuple[tuple[str, tuple[str, ...]], ...] = ASSUMES
    for text, keys in assumes:
        for number in re.findall(r"[0-9][0-9.,-]*%?", text):
            f = _figure(keys[0])
            assert f.reasoning is not None
            assert number.rstrip(".,") in f.reasoning + (f.source.note or ""), (number, keys)
    out = tmp_path / "b.md"
    assert run("report", "--troops", "10000", "-o", str(out)).exit_code == 0
    section = out.read_text().split("## What the figure leaves out")[1].split("## How")[0]
    assert "$7.67-$14.4 billion, 2023-08 to 2025-12 (INSS, 2026).[2]" in section
    assert "confirmed receipts are only 4-19.6% of its own estimate.[2]" in section
    assert "no currency inflows visible.[3]" in section
    assert len(BESIDE) == section.count("\n- ") - len(ASSUMES)
