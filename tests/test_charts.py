"""Charts fit for print: no label over another, text kept as text in SVG, the same bytes
for the same inputs, names never read as math, references far above the bars off-scale."""

from __future__ import annotations

import itertools
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import Run

from dprk_ru.render import charts

CREDIT = (
    "Sources: ISPI (2025); Kyiv Independent (2024). Calculated with the revenue model (dprk_ru)."
)


def _drawn_texts(fig: Any) -> list[tuple[str, Any]]:
    """Every text the figure draws, with its box."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    undrawn = set()  # tick labels of ticks outside the view, which are not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 * abs(hi - lo) <= tick.get_loc() <= hi + 1e-9 * abs(hi - lo):
                    undrawn |= {id(tick.label1), id(tick.label2)}
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in undrawn
    ]


def _overlaps(fig: Any) -> list[tuple[str, str]]:
    """Pairs of visible texts whose boxes overlap (matplotlib measures them)."""
    boxes = _drawn_texts(fig)
    return [
        (a, b)
        for (a, bb), (b, cb) in itertools.combinations(boxes, 2)
        if bb.width and cb.width and bb.overlaps(cb)
    ]


def _clashes(fig: Any) -> list[tuple[str, str]]:
    """Texts whose boxes touch a bar, a drawn line (reference, percentile, series) or an
    axis line, in any plot of the figure: (text, what it touches). Shading (the projected
    months) is a background, not a clash."""
    texts = _drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    found = []
    for k, ax in enumerate(fig.axes):
        if not ax.get_visible():
            continue
        shapes = [(f"bar {k}", p.get_window_extent(renderer)) for p in ax.patches
                  if p.get_visible() and p.get_gid() != "projected"]  # fmt: skip
        shapes += [(f"{side} axis {k}", sp.get_window_extent(renderer))
                   for side, sp in ax.spines.items() if sp.get_visible()]  # fmt: skip
        paths = []
        for line in ax.lines:
            path = line.get_transform().transform_path(line.get_path())
            if line.get_visible() and len(path.vertices) > 1 and line.get_linestyle() != "None":
                paths.append((f"line {line.get_label()!r} {k}", path))
        for text, box in texts:
            if not box.width:
                continue
            found += [
                (text, what) for what, b in shapes if b.width and b.height and box.overlaps(b)
            ]
            found += [
                (text, what) for what, path in paths if path.intersects_bbox(box, filled=False)
            ]
    return found


def _totals() -> Any:
    rng = np.random.default_rng(1)
    return rng.lognormal(19.4, 0.2, 5000)


def _marks(totals: Any) -> dict[str, float]:
    return {
        charts.percentile_words(q): float(np.percentile(totals, q)) for q in (5, 25, 50, 75, 95)
    }


def _figures() -> dict[str, Any]:
    totals = _totals()
    rows = [
        {"parameter": p, "distribution": d, "total_at_low_usd": Decimal(lo),
         "total_at_high_usd": Decimal(hi)}
        for p, d, lo, hi in (("monthly_pay_usd", "1500 to 2500", 200e6, 330e6),
                             ("first-wave.troops", "8000 to 14000", 240e6, 290e6),
                             ("bonus_usd", "uniform(0,4000)", 255e6, 262e6))
    ]  # fmt: skip
    months = [f"{2024 + (10 + i) // 12}-{(10 + i) % 12 + 1:02d}" for i in range(26)]
    cumulative = [40e6 * (i + 1) for i in range(26)]
    troops = [11000] * 2 + [14000] * 4 + [13400] * 4 + [18000] * 16
    events = [("2024-11", "+11,000 deployed", False), ("2025-01", "+3,000 deployed", False),
              ("2025-04", "-600 killed (First wave: dead by April 2025)", True),
              ("2025-09", "+6,000 deployed", False),
              ("2025-09", "-1,400 killed (First wave: dead by September 2025)", True)]  # fmt: skip
    pays = range(1500, 2550, 50)  # 21 lines: three panels
    return {
        "histogram": charts.histogram(totals, _marks(totals), "Simulated revenue, USD a year",
                                      "5,000 draws. Troops 8,000-14,000, your assumption",
                                      CREDIT),
        "tornado": charts.tornado(rows, Decimal(260e6), "What moves the total most", CREDIT,
                                  titles={"first-wave": "First wave (Kursk)"}),
        "bars": charts.bars(
            ["The article's baseline", "Kursk, 2024", "Shoigu's visit, 2025", "Kursk and Shoigu",
             "deployments-2024-2025 (mine.toml)"], [260e6, 312e6, 156e6, 468e6, 380e6],
            [("DPRK exports to China, 2016", 2.6e9), ("DPRK exports to China, 2018", 2e8)],
            "Revenue by scenario, USD a year", CREDIT),
        "timeline": charts.timeline(months, cumulative, troops, events, "2026-01",
                                    "Revenue to date: deployments-2024-2025", CREDIT),
        "lines": charts.lines("Troops", False, {
            f"Monthly pay ${p:,}": ([5000.0, 10000.0, 15000.0], [p * 1e5, p * 2e5, p * 3e5])
            for p in pays}, "Revenue by troops", "Fixed: months deployed 12", CREDIT),
        "lines-one-panel": charts.lines("Troops", False, {
            f"Monthly pay ${p:,}": ([5000.0, 10000.0, 15000.0], [p * 1e5, p * 2e5, p * 3e5])
            for p in (1500, 2000, 2500)}, "Revenue by troops", "", CREDIT),
    }  # fmt: skip


def _phone_figures() -> dict[str, Any]:
    """The same charts drawn for a phone (as a brief draws them)."""
    with charts.sized(charts.PHONE):
        return {f"{k} (phone)": v for k, v in _figures().items()}


@pytest.fixture(scope="module")
def figures() -> Any:
    """Every chart kind at print and phone size, drawn once for the tests that measure them."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    with mpl.rc_context({"figure.max_open_warning": 0}):
        figs = {**_figures(), **_phone_figures()}
        yield figs
        for fig in figs.values():
            plt.close(fig)


KINDS = ["histogram", "tornado", "bars", "timeline", "lines", "lines-one-panel"]


ALL = KINDS + [f"{k} (phone)" for k in KINDS]


#: The width a brief's chart is shown at on a 390-px phone: the page's padding (0.6rem, at
#: 16 px a rem) taken off each side.
PHONE_PX = 390 - 2 * 0.6 * 16


@pytest.mark.parametrize("name", ALL)
def test_no_label_is_cut_off(name: str, figures: dict[str, Any]) -> None:
    """Every text lies inside the figure (nothing cut at its edge)."""
    fig = figures[name]
    width, height = fig.bbox.width, fig.bbox.height
    outside = [
        t
        for t, b in _drawn_texts(fig)
        if b.x0 < -0.5 or b.y0 < -0.5 or b.x1 > width + 0.5 or b.y1 > height + 0.5
    ]
    assert outside == []


@pytest.mark.parametrize("name", ALL)
def test_no_label_overlaps_another(name: str, figures: dict[str, Any]) -> None:
    """No two text labels' boxes overlap: titles, ticks, values on bars, legends, credits."""
    assert _overlaps(figures[name]) == []


@pytest.mark.parametrize("name", ALL)
def test_no_label_touches_a_bar_a_line_or_an_axis(name: str, figures: dict[str, Any]) -> None:
    """No text touches a bar, a reference or percentile line, a series or an axis line."""
    assert _clashes(figures[name]) == []


def test_the_clash_check_sees_a_label_on_a_line() -> None:
    """The check above can fail: a value label drawn across a reference line is found."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.barh([0], [190.0])
    ax.axvline(200, label="ref")
    ax.set_xlim(0, 300)
    ax.annotate("$190M value", (190, 0), ha="left", va="center")
    try:
        assert ("$190M value", "line 'ref' 0") in _clashes(fig)
    finally:
        plt.close(fig)


def test_reference_far_above_is_off_scale(figures: dict[str, Any]) -> None:
    """$2.6B beside $156M-$468M bars is named off-scale in the subtitle; the bars keep the
    plot (the value axis ends near the longest bar, not at $2.6B)."""
    fig = figures["bars"]
    assert fig.axes[0].get_xlim()[1] < 700e6
    texts = [t.get_text().replace("\n", " ") for t in fig.texts]
    assert any("DPRK exports to China, 2016: $2.60B (off scale)" in t for t in texts)


def test_svg_text_is_text_and_bytes_repeat() -> None:
    """SVG keeps labels as <text> (searchable) and the same chart gives the same bytes, for
    every kind at both sizes."""
    import matplotlib as mpl

    with mpl.rc_context({"figure.max_open_warning": 0}):
        first = {k: charts.svg(f) for k, f in {**_figures(), **_phone_figures()}.items()}
        second = {k: charts.svg(f) for k, f in {**_figures(), **_phone_figures()}.items()}
    assert first == second
    assert "<text" in first["timeline"] and "Revenue to date" in first["timeline"]
    assert "<dc:date>" not in first["timeline"]


def test_names_are_never_math(run: Run, tmp_path: Path) -> None:
    """A scenario named `a $\\foo$ b` charts as text (no mathtext error)."""
    f = tmp_path / "m.toml"
    f.write_text('name = "a $\\\\foo$ b"\n[[contingents]]\ntroops = 100\n')
    r = run("compare", str(f), "--plot", str(tmp_path / "c.svg"), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert "a $\\foo$ b" in (tmp_path / "c.svg").read_text()


@pytest.mark.parametrize(
    "args",
    [
        ("compare",),
        ("simulate", "--troops", "8000 to 14000", "--samples", "500", "--seed", "1"),
        ("sensitivity", "--troops", "8000 to 14000", "--bonus", "uniform(0,4000)"),
        ("sweep", "--troops", "5000:20000:5000", "--monthly-pay", "1500,2500"),
        ("timeline", "--to", "2026-03"),
    ],
)
def test_command_charts_have_titles_and_credits(
    run: Run, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Every --plot takes --title and credits the sources behind its numbers."""
    out = tmp_path / "c.svg"
    r = run(*args, "--plot", str(out), "--title", "My chart", "-f", "csv")
    assert r.exit_code == 0, r.stderr
    svg = out.read_text()
    # ISPI for the article's defaults (and The Korea Herald for the pay, when not given).
    assert "My chart" in svg and "Sources: " in svg and "ISPI" in svg and "dprk_ru" in svg


def test_credit_names_each_source_once_in_words() -> None:
    """A credit line names each publisher once with the years it published (ISPI appears in
    the scenario and as the pay's source, spelled two ways; Associated Press in 2024 and
    2025), never an option, never a parenthesis inside another."""
    from dprk_ru.analysis.explain import credit
    from dprk_ru.scenarios.loading import load_scenario

    assert credit([], None) == (
        "Sources: ISPI (2025); The Korea Herald (2024). "
        "Calculated with the revenue model (dprk_ru)."
    )
    # The pay given: its source (The Korea Herald) is the user's assumption, not credited.
    assert credit(["monthly_pay_usd"], None).startswith("Sources: ISPI (2025). ")
    line = credit([], [load_scenario("deployments-2024-2025")])
    assert line.count("ISPI") == 1 and "Associated Press (2024, 2025)" in line
    assert "--" not in line and "((" not in line and "))" not in line
    assert "Dong-A Ilbo (2025);" in line


def test_histogram_axis_ends_where_the_data_do() -> None:
    """1..1,000 and one draw at 10,000: the axis ends at the 99.9th percentile (1,000, the
    999th of the sorted draws), and the subtitle says the one draw left off and its value."""
    import matplotlib.pyplot as plt

    data = np.array([*range(1, 1001), 10_000], dtype=float)
    fig = charts.histogram(data, {"median": 501.0}, "T", "1,001 draws", CREDIT)
    try:
        assert fig.axes[0].get_xlim() == (1.0, 1000.0)
        texts = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
        assert "1 draw above $1,000 ($10,000 at most) not drawn" in texts
        labels = [t.get_text() for t in fig.axes[0].texts]
        assert labels == ["median $501"]
    finally:
        plt.close(fig)


def test_percentile_lines_stop_under_their_labels(figures: dict[str, Any]) -> None:
    """Each percentile's line ends at its label's top; the labels run left to right from
    the top, so the 5th's is highest and its line the tallest."""
    ax = figures["histogram"].axes[0]
    tops = [line.get_ydata()[1] for line in ax.lines]
    assert tops == sorted(tops, reverse=True) and tops[0] <= 1.0
    assert [t.get_text().split(" $")[0] for t in ax.texts] == [
        "5th percentile", "25th percentile", "median", "75th percentile", "95th percentile"
    ]  # fmt: skip


@pytest.mark.parametrize("seed", [None, "7"])
def test_seed_shown_only_when_given(run: Run, tmp_path: Path, seed: str | None) -> None:
    """The histogram's subtitle names the seed the user gave, and no seed otherwise; the
    pay given reads in words, with $ and thousands separators."""
    out = tmp_path / "h.svg"
    args = ("simulate", "--monthly-pay", "1500 to 2500", "-n", "2000", "--plot", str(out))
    r = run(*args, *(("--seed", seed) if seed else ()), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    svg = out.read_text()
    assert ("seed 7" in svg) is (seed is not None) and ("seed" in svg) is (seed is not None)
    assert "Monthly pay $1,500-$2,500, your assumption" in svg
    assert "--monthly-pay" not in svg and "Your inputs" not in svg


def test_timeline_changes_on_the_month(figures: dict[str, Any]) -> None:
    """Troops step at their month's tick (month i from i to i + 1), markers sit on their
    month, and the as-of month (2025-12, before the first projected) is drawn solid."""
    from matplotlib.patches import StepPatch

    top, bottom = figures["timeline"].axes[:2]
    (steps,) = [p for p in bottom.patches if isinstance(p, StepPatch)]
    assert list(steps.get_data()[1]) == list(range(27))  # (values, edges, baseline)
    marked = {line.get_label(): line.get_xdata()[0] for line in bottom.lines}
    assert marked["2025-01: +3,000 deployed"] == 2 and marked["2025-09: +6,000 deployed"] == 10
    assert marked["2025-04: -600 killed (First wave: dead by April 2025)"] == 5
    solid, _dashes, hollow = top.lines
    assert list(solid.get_xdata()) == list(range(14)) and solid.get_markerfacecolor() != "white"
    assert (
        list(hollow.get_xdata()) == list(range(14, 26)) and hollow.get_markerfacecolor() == "white"
    )


@pytest.mark.parametrize("projected", [None, "2027-01"])
def test_timeline_says_projected_only_when_shown(projected: str | None) -> None:
    """No projected month shown (none, or one past the end): no caption, no legend of it."""
    import matplotlib.pyplot as plt

    fig = charts.timeline(["2025-01", "2025-02"], [1e6, 2e6], [100, 100], [], projected, "T",
                          CREDIT)  # fmt: skip
    try:
        texts = " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))
        assert "rojected" not in texts
    finally:
        plt.close(fig)


def test_tornado_legend_shows_the_colours_drawn(figures: dict[str, Any]) -> None:
    """The legend's swatches are the bars' own colours, and no text names a colour."""
    from matplotlib.colors import to_hex

    ax = figures["tornado"].axes[0]
    bars = {to_hex(p.get_facecolor()) for p in ax.patches}
    legend = ax.get_legend()
    swatches = {to_hex(h.get_facecolor()) for h in legend.legend_handles}
    assert swatches == bars == {charts.RED.lower(), charts.BLUE.lower()}
    words = " ".join(t.get_text().lower() for t in figures["tornado"].findobj(
        lambda o: hasattr(o, "get_text")))  # fmt: skip
    assert not any(c in words.split() for c in ("red", "blue", "orange"))
    assert "First wave (Kursk): Troops\n8,000-14,000" in [
        t.get_text() for t in ax.get_yticklabels()
    ]


def test_sweep_panels_of_eight_distinct_lines(figures: dict[str, Any]) -> None:
    """21 lines: three panels of 8, 8 and 5, every line in a panel its own colour and its
    own line style, each panel titled with the pay it covers."""
    fig = figures["lines"]
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [len(ax.lines) for ax in shown] == [8, 8, 5]
    for ax in shown:
        colours = [line.get_color() for line in ax.lines]
        styles = [str(line._dash_pattern) for line in ax.lines]
        assert len(set(colours)) == len(colours) and len(set(styles)) == len(styles)
    assert [ax.get_title(loc="left") for ax in shown] == [
        "Monthly pay $1,500 to $1,850", "Monthly pay $1,900 to $2,250",
        "Monthly pay $2,300 to $2,500",
    ]  # fmt: skip


def test_sweep_chart_notes_what_is_fixed(run: Run, tmp_path: Path) -> None:
    """sweep --plot says the swept values in words and the values held fixed."""
    out = tmp_path / "s.svg"
    r = run("sweep", "--troops", "5000:20000:5000", "--monthly-pay", "1500:2500:250",
            "--months", "6", "--plot", str(out), "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    import re

    svg = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", out.read_text()))  # lines joined
    assert "Troops 5,000-20,000 (4 values); monthly pay $1,500-$2,500 (5 values)" in svg
    assert "Fixed: months deployed 6; enlistment bonus $2,000; state share 100%" in svg
    assert "Monthly pay $1,750" in svg


def test_compare_value_labels_never_on_a_reference_line() -> None:
    """A $190M bar beside a $200M reference: its label starts past the line, not on it."""
    import matplotlib.pyplot as plt

    fig = charts.bars(["A", "B"], [190e6, 400e6], [("Reference", 200e6)], "T", CREDIT)
    try:
        ax = fig.axes[0]
        label = next(t for t in ax.texts if t.get_text() == "$190M")
        renderer = fig.canvas.get_renderer()
        line_x = ax.transData.transform((200e6, 0))[0]
        assert label.get_window_extent(renderer).x0 > line_x
        assert _clashes(fig) == []
    finally:
        plt.close(fig)


def test_compare_axis_unit_matches_the_table(run: Run, tmp_path: Path) -> None:
    """compare --year 2025: the axis counts USD in 2025, as the table does."""
    out = tmp_path / "c.svg"
    r = run("compare", "--year", "2025", "--plot", str(out), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    svg = out.read_text()
    assert "Revenue to the state, USD in 2025" in svg and "USD a year" not in svg


def test_brief_charts_read_on_a_phone(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every chart of a brief with uncertainty, sensitivity and a timeline: no text over
    another or over a bar, line or axis, and every text at least 9 px high when the chart is
    shown 370.8 px wide (its font size in points times 370.8 over its width in points)."""
    pytest.importorskip("jinja2")
    measured: dict[str, tuple[list[Any], list[Any], float]] = {}
    original = charts.svg

    def svg(fig: Any, full: bool = False) -> str:
        from matplotlib.text import Text

        fig.canvas.draw()
        sizes = [
            t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
        ]
        scale = PHONE_PX / (fig.get_figwidth() * 72)
        measured[fig.texts[0].get_text()] = (_overlaps(fig), _clashes(fig), min(sizes) * scale)
        return original(fig, full)

    monkeypatch.setattr(charts, "svg", svg)
    r = run("report", "-s", "deployments-2024-2025", "--monthly-pay", "1500 to 2500",
            "-n", "2000", "--seed", "1", "-o", str(tmp_path / "b.html"))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert len(measured) == 3
    for title, (overlaps, clashes, smallest) in measured.items():
        assert (title, overlaps, clashes) == (title, [], [])
        assert smallest >= 9.0, (title, smallest)


def test_brief_chart_labels_show_bidi_as_escapes(run: Run, tmp_path: Path) -> None:
    """The HTML brief's chart labels (aria-label) carried a contingent's U+202E raw."""
    f = tmp_path / "b.toml"
    f.write_text('name = "x"\n[[contingents]]\nname = "\\u202e"\ntroops = "1000 to 2000"\n')
    out = tmp_path / "b.html"
    r = run("report", "-s", str(f), "-n", "20", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    assert "\u202e" not in text and "\\u202e: Troops moves it most" in text


def test_chart_titles_a_font_lacks_say_nothing(tmp_path: Path) -> None:
    """compare and sweep measured their bars with a draw outside the warnings' filter: a
    title in a script the font lacks (U+0675) printed matplotlib's glyph warning on stderr,
    two lines at exit 0 (and under -W error, exit 1 with no message and a figure left open)."""
    from conftest import revenue

    for args in (["compare"], ["sweep", "--troops", "1,2"]):
        r = revenue(*args, "--plot", str(tmp_path / "c.svg"), "--title", "\u0675 x",
                    "-o", str(tmp_path / "c.csv"))  # fmt: skip
        assert (r.returncode, r.stderr) == (0, ""), args


def test_a_failing_chart_closes_its_figure(run: Run, tmp_path: Path) -> None:
    """Where drawing fails (here a glyph warning made an error), the figure is closed: a
    library user's figures do not pile up."""
    import warnings

    import matplotlib.pyplot as plt

    from dprk_ru.render import charts

    before = plt.get_fignums()
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        def failing(*args: object) -> None:
            plt.figure()
            raise UserWarning("Glyph missing")

        import pytest

        with pytest.raises(UserWarning):
            charts._closed_on_error(failing)()
    assert plt.get_fignums() == before


CHARTS = [
    ("simulate", "--troops", "8000 to 12000", "--samples", "2000", "--seed", "1"),
    ("sensitivity", "--troops", "8000 to 12000", "--monthly-pay", "pert(1500,2000,3000)"),
    ("sweep", "--troops", "5000:20000:5000", "--monthly-pay", "1500,2000"),
    ("compare",),
]


@pytest.mark.parametrize("args", CHARTS, ids=lambda a: a[0])
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_charts_written(run: Run, tmp_path: Path, args: tuple[str, ...], suffix: str) -> None:
    """Each --plot writes a valid PNG or SVG, and the data still goes to stdout."""
    path = tmp_path / f"chart{suffix}"
    r = run(*args, "--plot", str(path), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("\n") >= 2
    data = path.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    else:
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert b"Revenue" in data or b"revenue" in data
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_plot_bad_suffix_and_missing_matplotlib(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart path that is not .png/.svg exits 2; without matplotlib, exit 1 naming the extra."""
    r = run("compare", "--plot", str(tmp_path / "c.pdf"))
    assert r.exit_code == 2 and ".png or .svg" in r.stderr and r.stdout == ""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    r = run("compare", "--plot", str(tmp_path / "c.png"))
    assert r.exit_code == 1 and "pip install 'dprk-ru[plot]'" in r.stderr
    assert r.stdout == ""
