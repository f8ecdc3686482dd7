"""Charts fit for print: no label over another, text kept as text in SVG, the same bytes
for the same inputs, names never read as math, references far above the bars off-scale."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dprk_ru.render import charts

CREDIT = "Sources: ISPI (2025); Kyiv Independent (2024-10-23). Model: revenue (dprk_ru)."


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
        for (a, ba), (b, bb) in itertools.combinations(boxes, 2)
        if ba.width and bb.width and ba.overlaps(bb)
    ]


def _figures() -> dict[str, Any]:
    rng = np.random.default_rng(1)
    totals = rng.lognormal(19.4, 0.2, 5000)
    marks = {f"p{q}": float(np.percentile(totals, q)) for q in (5, 25, 50, 75, 95)}
    rows = [
        {"parameter": p, "distribution": "1500 to 2500", "total_at_low_usd": Decimal(lo),
         "total_at_high_usd": Decimal(hi)}
        for p, lo, hi in (("monthly_pay_usd", 200e6, 330e6), ("first-wave.troops", 240e6, 290e6),
                          ("bonus_usd", 255e6, 262e6))
    ]  # fmt: skip
    months = [f"{2024 + (10 + i) // 12}-{(10 + i) % 12 + 1:02d}" for i in range(26)]
    cumulative = [40e6 * (i + 1) for i in range(26)]
    troops = [11000] * 2 + [14000] * 4 + [13400] * 4 + [18000] * 16
    events = [("2024-11", "+11,000 deployed", False), ("2025-01", "+3,000 deployed", False),
              ("2025-04", "-600 killed (first-wave-dead-by-april-2025)", True),
              ("2025-09", "+6,000 deployed", False),
              ("2025-09", "-1,400 killed (first-wave-dead-by-september-2025)", True)]  # fmt: skip
    return {
        "histogram": charts.histogram(totals, marks, "Simulated revenue, USD a year",
                                      "100,000 draws, seed 1. Troops 8000 to 14000", CREDIT),
        "tornado": charts.tornado(rows, Decimal(260e6), "What moves the total most", CREDIT),
        "bars": charts.bars(
            ["article-baseline", "kursk-2024", "shoigu-2025", "kursk-plus-shoigu",
             "deployments-2024-2025 (mine.toml)"], [260e6, 312e6, 156e6, 468e6, 380e6],
            [("DPRK exports to China, 2016", 2.6e9), ("DPRK exports to China, 2018", 2e8)],
            "Revenue by scenario, USD a year", CREDIT),
        "timeline": charts.timeline(months, cumulative, troops, events, "2026-01",
                                    "Revenue to date: deployments-2024-2025", CREDIT),
        "lines": charts.lines("Troops", False, {
            f"monthly_pay_usd={p}": ([5000.0, 10000.0, 15000.0], [p * 1e5, p * 2e5, p * 3e5])
            for p in (1500, 2000, 2500)}, "Revenue by troops", "", CREDIT),
    }  # fmt: skip


@pytest.fixture(scope="module")
def figures() -> Any:
    """The five charts, drawn once for the tests that only measure them."""
    import matplotlib.pyplot as plt

    figs = _figures()
    yield figs
    for fig in figs.values():
        plt.close(fig)


@pytest.mark.parametrize("name", ["histogram", "tornado", "bars", "timeline", "lines"])
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


@pytest.mark.parametrize("name", ["histogram", "tornado", "bars", "timeline", "lines"])
def test_no_label_overlaps_another(name: str, figures: dict[str, Any]) -> None:
    """No two text labels' boxes overlap: titles, ticks, values on bars, legends, credits."""
    assert _overlaps(figures[name]) == []


def test_reference_far_above_is_off_scale(figures: dict[str, Any]) -> None:
    """$2.6B beside $156M-$468M bars is named off-scale in the subtitle; the bars keep the
    plot (the value axis ends near the longest bar, not at $2.6B)."""
    fig = figures["bars"]
    assert fig.axes[0].get_xlim()[1] < 700e6
    texts = [t.get_text().replace("\n", " ") for t in fig.texts]
    assert any("DPRK exports to China, 2016: $2.60B (off scale)" in t for t in texts)


def test_svg_text_is_text_and_bytes_repeat() -> None:
    """SVG keeps labels as <text> (searchable) and the same chart gives the same bytes."""
    import matplotlib.pyplot as plt

    figs = [_figures(), _figures()]
    first, second = charts.svg(figs[0]["timeline"]), charts.svg(figs[1]["timeline"])
    for f in figs:
        for fig in f.values():
            plt.close(fig)
    assert first == second
    assert "<text" in first and "Revenue to date" in first
    assert "<dc:date>" not in first


def test_names_are_never_math(run, tmp_path: Path) -> None:
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
def test_command_charts_have_titles_and_credits(run, tmp_path: Path, args: tuple[str, ...]) -> None:
    """Every --plot takes --title and credits the sources behind its numbers."""
    out = tmp_path / "c.svg"
    r = run(*args, "--plot", str(out), "--title", "My chart", "-f", "csv")
    assert r.exit_code == 0, r.stderr
    svg = out.read_text()
    # ISPI for the article's defaults (and The Korea Herald for the pay, when not given).
    assert "My chart" in svg and "Sources: " in svg and "ISPI" in svg and "dprk_ru" in svg
