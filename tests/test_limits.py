"""The ceilings of the README's Limits section: each is one line naming the option, exit 2,
and comes before the work (no output file, no chart, nothing on stdout; scenarios are not
even loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run

from dprk_ru.analysis.compare import MAX_SCENARIOS
from dprk_ru.analysis.simulate import MAX_DRAWS
from dprk_ru.render.charts import (
    MAX_BARS,
    MAX_EVENTS,
    MAX_LINES,
    MAX_MARKS,
    MAX_PANELS,
    MAX_TORNADO,
    PANEL_LINES,
)


def uncertain_file(folder: Path, count: int, dated: bool = False) -> str:
    """A scenario file of ``count`` contingents, each with two uncertain inputs."""
    one = '[[contingents]]\ntroops = "uniform(100,200)"\nmonthly_pay_usd = "1500 to 2500"\n'
    dates = 'start = "2025-{m:02d}"\nend = "2026-{m:02d}"\n'
    text = 'name = "many"\n' + "".join(
        one + (dates.format(m=i % 12 + 1) if dated else "") for i in range(count)
    )
    path = folder / f"{count}.toml"
    path.write_text(text)
    return str(path)


def refused(run: Run, tmp_path: Path, *args: str) -> str:
    """Run with -o and --plot in ``tmp_path``: exit 2, one line, no file written; the line."""
    before = sorted(tmp_path.iterdir())
    r = run(*args)
    assert r.exit_code == 2, r.stderr
    assert r.stdout == "" and r.stderr.count("\n") == 1
    assert sorted(tmp_path.iterdir()) == before  # neither -o nor --plot, nor a temporary
    return r.stderr.removeprefix("Error: ").rstrip("\n")


def test_samples_times_quantities(run: Run, tmp_path: Path) -> None:
    """10,000,000 samples of three uncertain inputs are 30,000,000 draws: refused with the
    largest --samples that fits (20,000,000 // 3)."""
    out = tmp_path / "s.csv"
    said = refused(run, tmp_path, "simulate", "--troops", "8000 to 14000", "--monthly-pay",
                   "1500 to 2500", "--months", "6 to 12", "-n", "10000000", "-o", str(out),
                   "--samples-out", str(tmp_path / "d.csv"))  # fmt: skip
    assert said == (
        "--samples: 10,000,000 samples x 3 uncertain quantities is more than 20,000,000 "
        "draws; give --samples 6666666 or fewer (or fewer uncertain inputs)"
    )
    assert MAX_DRAWS == 20_000_000


def test_samples_times_quantities_in_a_file(run: Run, tmp_path: Path) -> None:
    """A file's contingents count: 1,000 contingents x 2 inputs at 20,000 samples."""
    f = uncertain_file(tmp_path, 1000)
    said = refused(run, tmp_path, "simulate", "-s", f, "-n", "20000",
                   "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert said.startswith("--samples: 20,000 samples x 2,000 uncertain quantities")
    assert said.endswith("give --samples 10000 or fewer (or fewer uncertain inputs)")


def test_report_counts_draws_before_work(run: Run, tmp_path: Path) -> None:
    f = uncertain_file(tmp_path, 1000)
    said = refused(run, tmp_path, "report", "-s", f, "-n", "20000", "-o", str(tmp_path / "b.md"))
    assert said.startswith("--samples: 20,000 samples x 2,000 uncertain quantities")


def test_compare_ceiling_before_loading(run: Run, tmp_path: Path) -> None:
    """The count is checked before any scenario is loaded: 201 names that do not exist are
    refused for their number, not for the first missing file."""
    names = [str(tmp_path / f"missing-{i}.toml") for i in range(MAX_SCENARIOS + 1)]
    said = refused(run, tmp_path, "compare", *names, "-o", str(tmp_path / "c.csv"))
    assert (
        said
        == "SCENARIO: 201 scenarios is more than one compare takes (200); compare fewer at a time"
    )


def test_compare_plot_bars(run: Run, tmp_path: Path) -> None:
    said = refused(run, tmp_path, "compare", *["kursk-2024"] * (MAX_BARS + 1),
                   "--plot", str(tmp_path / "c.svg"), "-o", str(tmp_path / "c.csv"))  # fmt: skip
    assert said == (
        "--plot: 26 scenarios is more than a bar chart draws legibly (25); "
        "give fewer, or leave out --plot"
    )


def test_compare_plot_at_the_ceiling_draws(run: Run, tmp_path: Path) -> None:
    """25 bars are drawn: the ceiling is a limit, not a refusal of everything."""
    pytest.importorskip("matplotlib")
    chart = tmp_path / "c.svg"
    r = run("compare", *["kursk-2024"] * MAX_BARS, "--plot", str(chart), "-o", "/dev/null")
    assert r.exit_code == 0, r.stderr
    assert chart.read_text().count("Kursk, 2024") >= MAX_BARS  # by title, told apart


def test_sensitivity_plot_bars(run: Run, tmp_path: Path) -> None:
    f = uncertain_file(tmp_path, 11)
    said = refused(run, tmp_path, "sensitivity", "-s", f, "--plot", str(tmp_path / "t.svg"),
                   "-o", str(tmp_path / "t.csv"))  # fmt: skip
    assert said == (
        f"--plot: 22 uncertain inputs is more than a tornado chart draws legibly ({MAX_TORNADO}); "
        "give fewer, or leave out --plot"
    )


def test_simulate_plot_percentiles(run: Run, tmp_path: Path) -> None:
    marks = ",".join(str(i) for i in range(1, MAX_MARKS + 2))
    said = refused(run, tmp_path, "simulate", "--troops", "1 to 10", "--percentiles", marks,
                   "--plot", str(tmp_path / "h.svg"), "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert said == (
        "--plot: 10 percentiles is more than a histogram draws legibly (9); "
        "give fewer, or leave out --plot"
    )


def test_timeline_plot_events(run: Run, tmp_path: Path) -> None:
    """Nine contingents starting in nine months and ending in nine: 18 troop changes."""
    f = uncertain_file(tmp_path, 9, dated=True)
    said = refused(run, tmp_path, "timeline", "-s", f, "--plot", str(tmp_path / "t.svg"),
                   "-o", str(tmp_path / "t.csv"))  # fmt: skip
    assert said == (
        f"--plot: 18 troop changes is more than a timeline chart draws legibly ({MAX_EVENTS}); "
        "give fewer, or leave out --plot"
    )


def test_sweep_plot_refuses_more_lines_than_its_panels_hold(run: Run, tmp_path: Path) -> None:
    """49 lines (7 pay values x 7 bonus values, troops on the x axis) is one more than 6
    panels of 8 hold: refused before any work, naming the options to narrow; 48 is drawn."""
    chart = tmp_path / "s.png"
    said = refused(run, tmp_path, "sweep", "--troops", "5000,10000", "--monthly-pay",
                   "1500:2100:100", "--bonus", "0:6000:1000", "--plot", str(chart),
                   "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert said == (
        f"--plot: 49 lines is more than a sweep chart draws legibly ({MAX_LINES}: "
        f"{MAX_PANELS} panels of {PANEL_LINES}); narrow the grid: fewer values of "
        "--monthly-pay or --bonus, or leave out --plot"
    )
    assert not chart.exists()
    r = run("sweep", "--troops", "5000,10000", "--monthly-pay", "1500:2200:100", "--bonus",
            "0:5000:1000", "--plot", str(chart), "-o", str(tmp_path / "s.csv"))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert chart.stat().st_size > 0


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


@pytest.mark.parametrize(
    ("args", "said"),
    [(["sweep", "--troops", "1,2", "--plot", "tt.png", "--title", "t" * 100_000],
      "--title: at most 200 characters, got 100,000; expected the chart's title (with --plot)"),
     (["report", "-o", "b.md", "--title", "t" * 201],
      "--title: at most 200 characters, got 201; expected the brief's title"),
     (["report", "-o", "b.md", "--date", "d" * 41],
      "--date: at most 40 characters, got 41; expected a date to print in the brief (none "
      "unless given, so the same inputs give the same file)")],
    ids=["sweep title", "report title", "report date"],
)  # fmt: skip
def test_text_options_have_a_length(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    """A 100,000-character --title took 12 s and 339 MB to draw: --title takes 200
    characters, --date 40, refused before any work (no chart, no brief)."""
    monkeypatch.chdir(tmp_path)
    assert refused(run, tmp_path, *args) == said


def test_text_options_at_their_length(run: Run, tmp_path: Path) -> None:
    """A 200-character title and a 40-character date (two bytes a character) are written."""
    out = tmp_path / "b.md"
    r = run("report", "-o", str(out), "--title", "t" * 200, "--date", "é" * 40)
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    assert text.startswith("# " + "t" * 200 + "\n") and "\n" + "é" * 40 + "\n" in text


def test_readme_states_the_limits_the_code_keeps() -> None:
    """The README's Limits table gives each constant's value, so the two cannot drift."""
    import re

    from dprk_ru.analysis.sweep import DEFAULT_MAX_ROWS
    from dprk_ru.analysis.timeline import MAX_MONTHS
    from dprk_ru.cli.options import MAX_SAMPLES, MAX_TEXT
    from dprk_ru.render.xlsx import MAX_ROWS
    from dprk_ru.scenarios import scenario as s

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    table = readme[readme.index("## Limits") :]
    table = table[: table.index("\n\n", table.index("| --- |"))]
    stated = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", table, re.M)[2:])
    assert stated == {
        "scenario file size": f"{s.MAX_FILE_BYTES:,} bytes",
        "scenario file lines": f"{s.MAX_LINES:,}",
        "dotted key or table name depth": f"{s.MAX_KEY_DEPTH}",
        "arrays and inline tables nested": f"{s.MAX_NESTING}",
        "pieces of structure (dotted-key parts, tables, arrays, items)": f"{s.MAX_PIECES:,}",
        "keys in a scenario file": f"{s.MAX_KEYS:,}",
        "contingents in a scenario file": f"{s.MAX_CONTINGENTS:,}",
        "sources in a scenario file": f"{s.MAX_SOURCES:,}",
        "integer digits in a scenario file": "4,300",
        "significant digits of a decimal number in a scenario file":
            f"{s.MAX_FLOAT_DIGITS} (and at most 1e{s.MAX_FLOAT_EXPONENT} either way)",
        "`sweep` rows (`--max-rows`, every format)":
            f"{DEFAULT_MAX_ROWS:,} (xlsx: {MAX_ROWS:,})",
        "`simulate` and `report` `--samples`": f"{MAX_SAMPLES:,}",
        "samples x uncertain quantities (`simulate`, `report`)": f"{MAX_DRAWS:,} draws",
        "scenarios in one `compare`": f"{MAX_SCENARIOS}",
        "`timeline` months shown": f"{MAX_MONTHS:,}",
        "`compare --plot` bars": f"{MAX_BARS}",
        "`sensitivity --plot` inputs": f"{MAX_TORNADO}",
        "`simulate --plot` percentiles": f"{MAX_MARKS}",
        "`timeline --plot` troop changes": f"{MAX_EVENTS}",
        f"`sweep --plot` lines ({MAX_PANELS} panels of {PANEL_LINES})": f"{MAX_LINES}",
        "`--title` (a chart's or the brief's)": f"{MAX_TEXT['--title']} characters",
        "`report --date`": f"{MAX_TEXT['--date']} characters",
    }  # fmt: skip
