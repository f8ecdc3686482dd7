"""`revenue report`: briefs that are self-contained, escaped, deterministic, bounded and equal
to what the other commands print."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Run
from helpers import DEPLOYMENTS, on_terminal, refused, rows, uncertain_file


@pytest.mark.slow
def test_report_on_a_terminal_asks_for_a_file(tmp_path: Path) -> None:
    """`revenue report` with no -o on a terminal is exit 2 saying how to write a file,
    before any work (no page on the screen); -o writes it; in a pipe it writes as before."""
    code, out = on_terminal(["report", "--troops", "10000"], {"NO_COLOR": "1"}, tmp_path)
    assert code == 2 and b"<html" not in out
    assert out.decode().replace("\r\n", "\n") == (
        "Error: report writes a whole page, not for the screen: name a file, revenue report "
        "... -o brief.html (or brief.md), or redirect it (> brief.html)\n"
    )
    code, out = on_terminal(
        ["report", "--troops", "10000", "-o", "brief.html"], {"NO_COLOR": "1"}, tmp_path
    )
    assert code == 0 and (tmp_path / "brief.html").read_text().startswith("<!DOCTYPE html>")
    piped = subprocess.run([sys.executable, "-m", "dprk_ru", "report", "--troops", "10000"],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert piped.returncode == 0 and piped.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("missing", ["matplotlib", "jinja2"])
def test_report_without_its_extra_names_it(run: Run, tmp_path: Path, missing: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Without matplotlib or Jinja2, `report` names the report extra (not --plot, which was
    not given), exit 1, and writes nothing."""
    monkeypatch.setitem(sys.modules, missing, None)
    r = run("report", "--troops", "10000", "-o", str(tmp_path / "b.html"))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        f"Error: report needs the report extra ({missing} is missing): pip install "
        "'dprk-ru[report]' (from a checkout: pip install '.[report]')\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_brief_to_date_follows_the_files_as_of(run: Run, tmp_path: Path) -> None:
    """A scenario file's as_of sets the brief's "to date" as it sets timeline's: 1,000 x
    $2,000 x 2 months + $2M of bonuses = $6,000,000 as of 2024-12 (not $40M as of 2025-12)."""
    f = tmp_path / "asof.toml"
    f.write_text('name = "d"\nas_of = "2024-12"\n[[contingents]]\ntroops = 1000\n'
                 'start = "2024-11"\n')  # fmt: skip
    out = tmp_path / "b.md"
    assert run("report", "-s", str(f), "-o", str(out)).exit_code == 0
    assert "Revenue to date as of 2024-12, the month the data runs to: **$6,000,000**" in (
        out.read_text()
    )
    last = run("timeline", "-s", str(f), "-f", "csv").stdout.splitlines()[-1]
    assert last.startswith("2024-12,") and ",6000000," in last


def test_brief_html_source_text_is_printable(run: Run, tmp_path: Path) -> None:
    """The HTML brief showed a source's address that is no web address (escaped for HTML,
    not for the screen) with its U+202E raw; and a web address's link text too."""
    f = tmp_path / "s.toml"
    f.write_text('name = "s"\n[[contingents]]\ntroops = 5\n[[sources]]\ntitle = "t"\n'
                 'url = "\\u202e"\n[[sources]]\ntitle = "u"\n'
                 'url = "https://a.example/\\u202e"\n')  # fmt: skip
    out = tmp_path / "b.html"
    r = run("report", "-s", str(f), "-n", "20", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    assert "\u202e" not in text
    assert '<a href="https://a.example/%E2%80%AE">https://a.example/%E2%80%AE</a>' in text


@pytest.mark.parametrize(
    "text", ["x\n```", "D\u202eX", "it's a \\ and \x1b[31m", "tab\there", "\x85\u200b", "plain"]
)
def test_the_briefs_command_line_pastes_back_to_the_same_text(text: str) -> None:
    """The brief's command line quotes a value the page shows with escapes (a newline,
    U+202E) in bash's $'...', so pasting it gives the very text (not a literal backslash)."""
    import shutil
    import subprocess

    from dprk_ru.cli.report import _shell_word

    word = _shell_word(text)
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    r = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, check=True)
    assert r.stdout.decode() == text
    assert word.isprintable()  # shown as it is: nothing the page would escape


def test_report_counts_draws_before_work(run: Run, tmp_path: Path) -> None:
    f = uncertain_file(tmp_path, 1000)
    said = refused(run, tmp_path, "report", "-s", f, "-n", "20000", "-o", str(tmp_path / "b.md"))
    assert said.startswith("--samples: 20,000 samples x 2,000 uncertain quantities")


def test_brief_keeps_the_largest_bars_and_first_events(run: Run, tmp_path: Path) -> None:
    """A brief is not refused for a large scenario: its tornado keeps the 20 inputs that move
    the total most and its timeline marks the first 16 troop changes, each saying how many
    it leaves out."""
    pytest.importorskip("matplotlib")
    pytest.importorskip("jinja2")
    f = uncertain_file(tmp_path, 12, dated=True)
    brief = tmp_path / "b.html"
    r = run("report", "-s", f, "-n", "2000", "--seed", "1", "-o", str(brief))
    assert r.exit_code == 0, r.stderr
    import re

    # The charts' texts, each line an element of its own (a phone-width chart wraps them).
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", brief.read_text()))
    assert "the 20 inputs that move it most (4 more not shown)" in texts
    assert "8 later troop changes not marked" in texts


def test_text_options_at_their_length(run: Run, tmp_path: Path) -> None:
    """A 200-character title and a 40-character date (two bytes a character) are written."""
    out = tmp_path / "b.md"
    r = run("report", "-o", str(out), "--title", "t" * 200, "--date", "é" * 40)
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    assert text.startswith("# " + "t" * 200 + "\n") and "\n" + "é" * 40 + "\n" in text


def test_brief_marks_given_only_where_applied(run: Run, tmp_path: Path) -> None:
    """The brief's inputs say 'given' only for the contingents an option changed."""
    out = tmp_path / "b.md"
    r = run("report", "-s", DEPLOYMENTS, "--contingent", "second-wave", "--troops", "5000",
            "-o", str(out))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    lines = out.read_text().splitlines()
    given = [line for line in lines if line.startswith("|") and "given" in line]
    assert given == [
        "| Second wave | soldiers | 5,000 (given) | 11 (assumed) | from Feb 2025 | [7-8][12-14] |"
    ]


EXAMPLES = Path(__file__).parents[2] / "examples"


def _headline(page: str) -> str:
    m = re.search(r'<p class="headline" id="headline">(.*?)</p>', page, re.S)
    assert m is not None
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


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
    point = rows(run("estimate", "--troops", "12000", "--monthly-pay", "1936.49", "-f", "csv")
                 .stdout)[0]  # fmt: skip
    assert Decimal(m.group(1)) == Decimal(point["total_usd"])


def test_report_percentiles_equal_simulate(run: Run, tmp_path: Path) -> None:
    """The brief's percentile table is what simulate prints for the same inputs and seed."""
    args = ("--troops", "8000 to 14000", "--monthly-pay", "1500 to 2500", "--samples", "3000",
            "--seed", "7")  # fmt: skip
    out = tmp_path / "b.html"
    assert run("report", *args, "-o", str(out)).exit_code == 0
    sim = rows(run("simulate", *args, "-f", "csv").stdout)[0]
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


def test_report_refuses_what_cannot_apply(run: Run, tmp_path: Path) -> None:
    """--correlate with no uncertain input, and a Markdown brief to a FIFO, are exit 2."""

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
    sim = rows(run("simulate", *args, "-f", "csv").stdout)[0]
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


def _pert_file(path: Path) -> Path:
    """1,000 contingents with every parameter a pert: 9,000 uncertain quantities."""
    fields = {
        "troops": "pert(800,1000,1500)", "monthly_pay_usd": "pert(1500,2000,2600)",
        "bonus_usd": "pert(1000,2000,2500)", "rotations": "pert(1,1,2)",
        "killed": "pert(5,10,20)", "death_payment_usd": "pert(8000,10000,15000)",
        "pay_share": "pert(0.3,0.5,0.6)", "bonus_share": "pert(0.3,0.5,0.6)",
        "death_share": "pert(0.3,0.5,0.6)",
    }  # fmt: skip
    body = "".join(f'{k} = "{v}"\n' for k, v in fields.items())
    text = "".join(f'[[contingents]]\nname = "c{i}"\n{body}' for i in range(1000))
    path.write_text('name = "x"\n' + text, "utf-8")
    return path


@pytest.mark.parametrize("command", ["simulate", "report"])
def test_draws_ceiling_refuses_a_large_pert_file_at_once(
    run: Run, tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,223 samples x 9,000 quantities pass the 20,000,000 draws: refused before any
    quantile is taken (a quantile here fails the test; the time is benchmarks' to measure:
    benchmarks/scenario_files.py)."""
    import dprk_ru.inputs.distributions as distributions

    def no_quantile(*args: object) -> float:
        raise AssertionError("a quantile was taken before the ceiling was checked")

    path = _pert_file(tmp_path / "s.toml")
    monkeypatch.setattr(distributions, "beta_ppf", no_quantile)
    out = ["-o", str(tmp_path / "b.md")] if command == "report" else []
    r = run(command, "-s", str(path), "-n", "2223", *out)
    assert r.exit_code == 2, r.stderr
    assert "2,223 samples x 9,000 uncertain quantities is more than 20,000,000 draws" in r.stderr
    assert "give --samples 2222 or fewer" in r.stderr


def test_report_counts_the_draws_before_the_medians(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """report refuses too many draws before it works out a single median."""
    import dprk_ru.scenarios.medians as medians

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("medians computed before the draws were counted")

    monkeypatch.setattr(medians, "point_scenario", never)
    r = run("report", "--troops", "pert(800,1000,1500)", "--monthly-pay", "pert(1,2,3)",
            "--bonus", "pert(1,2,3)", "-n", "7000000", "-o", str(tmp_path / "b.md"))  # fmt: skip
    assert r.exit_code == 2, r.output
    assert "7,000,000 samples x 3 uncertain quantities is more than 20,000,000" in r.stderr
