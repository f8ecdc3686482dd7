"""Charts (PNG or SVG) with matplotlib, from the ``plot`` extra, imported only here.

Every chart is built as a figure (``histogram``, ``tornado``, ``lines``, ``bars``,
``timeline``), then saved to a path (``save``) or turned into SVG text (``svg``) for a
brief. Text stays text in SVG (``svg.fonttype: none``), names are never read as math, and
the same inputs give the same bytes (a fixed hash salt, no dates).
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, ParamSpec, TypeVar

from ..core.text import printable
from ..errors import InputError, LimitError, MissingExtraError, OutputError

SUFFIXES: Final = (".png", ".svg")
#: Colours (colour-blind safe, Okabe-Ito).
BLUE, ORANGE, RED, GREEN, GREY = "#0072B2", "#E69F00", "#D55E00", "#009E73", "#666666"
#: rcParams for every chart: text as text, no math, reproducible SVG.
STYLE: Final[dict[str, Any]] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "dprk_ru",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def check_path(path: Path) -> None:
    """Refuse, before any work, a chart path that is neither .png nor .svg or is a
    directory (exit 2), or that cannot be written (exit 1)."""
    from .files import output_target

    if str(path) in ("", "."):  # how a Path shows an empty value
        raise InputError("--plot: expected a file name ending in .png or .svg")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"--plot: the file must end in .png or .svg, got {str(path)!r}")
    output_target(path, "--plot")


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError(
            "--plot needs matplotlib: install the plot extra, pip install 'dprk-ru[plot]' "
            "(from a clone: pip install '.[plot]')"
        ) from None
    matplotlib.use("Agg")
    matplotlib.rcParams.update(STYLE)  # type: ignore[arg-type]
    import matplotlib.pyplot as plt

    return plt


def money(value: float, _pos: int | None = None) -> str:
    """Dollars for a chart: $2.60B, $260M, $2,000."""
    v = abs(value)
    sign = "-" if value < 0 else ""
    if v >= 1e9:
        return f"{sign}${v / 1e9:,.2f}B"
    if v >= 1e6:
        return f"{sign}${v / 1e6:,.1f}M".replace(".0M", "M")
    return f"{sign}${v:,.0f}"


def _thousands(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def _dollars(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(money))


#: The most a chart draws legibly (README, Limits). A command's ``--plot`` refuses more
#: before any work (``check_count``); a brief's chart keeps the first ones and says so.
MAX_BARS: Final = 25  # compare: a bar per scenario
MAX_TORNADO: Final = 20  # sensitivity: a bar per uncertain input
MAX_MARKS: Final = 9  # simulate: a labelled line per percentile
MAX_EVENTS: Final = 16  # timeline: troop changes named in the legend


def check_count(count: int, limit: int, what: str, chart: str) -> None:
    """LimitError if ``chart`` would draw ``count`` ``what``, more than ``limit``."""
    if count > limit:
        raise LimitError(what, count, limit, chart=chart)


def _frame(title: str, subtitle: str, credit: str, size: tuple[float, float]) -> Any:
    """A figure with its title, subtitle and credit line in strips of their own, so the
    plot's layout (constrained) never puts anything over them."""
    plt = _pyplot()
    width, height = size
    title = _wrap(title, int(width * 9))
    subtitle = _wrap(subtitle, int(width * 14))
    credit = _wrap(credit, int(width * 17))
    title_h = 0.25 * (title.count("\n") + 1)
    sub_h = 0.16 * (subtitle.count("\n") + 1) if subtitle else 0.0
    credit_h = 0.13 * (credit.count("\n") + 1)
    height += title_h + sub_h + credit_h
    fig = plt.figure(figsize=(width, height), layout="constrained")
    top, bottom = 0.1 + title_h + sub_h + 0.15, 0.08 + credit_h + 0.05
    fig.get_layout_engine().set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    fig.text(0.01, 1 - 0.08 / height, title, fontsize=12, fontweight="bold", ha="left",
             va="top")  # fmt: skip
    if subtitle:
        fig.text(0.01, 1 - (0.1 + title_h) / height, subtitle, fontsize=8, color=GREY,
                 ha="left", va="top")  # fmt: skip
    fig.text(0.01, 0.06 / height, credit, fontsize=7, color=GREY, ha="left", va="bottom")
    return fig


def _figure(title: str, subtitle: str, credit: str, size: tuple[float, float]) -> tuple[Any, Any]:
    """A figure with one plot, framed by ``_frame``."""
    fig = _frame(title, subtitle, credit, size)
    return fig, fig.add_subplot()


def _wrap(text: str, width: int = 110) -> str:
    import textwrap

    text = printable(text)
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Drawing without matplotlib's warnings on stderr (a glyph a font lacks is drawn as a
    box; a warning would only be noise in a pipeline)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def close(figs: Any) -> None:
    """Close each of ``figs`` (a run closes every figure it makes, even when it fails)."""
    import matplotlib.pyplot as plt

    for fig in figs:
        plt.close(fig)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _closed_on_error(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """A chart builder that closes the figures it made when it fails (a warning made an
    error, a bug): a library user's process goes on, and its figures would pile up."""

    @functools.wraps(build)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        plt = _pyplot()
        before = set(plt.get_fignums())
        try:
            return build(*args, **kwargs)
        except BaseException:
            for number in set(plt.get_fignums()) - before:
                plt.close(number)
            raise

    return wrapper


def save(fig: Any, path: Path) -> None:
    """Write the figure to ``path`` (PNG or SVG, by its suffix) atomically, then close it."""
    from .files import atomic_file

    plt = _pyplot()
    fmt = path.suffix.lower().lstrip(".")
    metadata = {"Software": None} if fmt == "png" else {"Date": None}
    try:
        with atomic_file(path, "--plot", binary=True) as f, _quiet():
            fig.savefig(f, format=fmt, dpi=150, metadata=metadata)
    except OSError as e:
        raise OutputError(f"--plot: cannot write {str(path)!r}: {e.strerror or e}") from None
    finally:
        plt.close(fig)


def svg(fig: Any, full: bool = False) -> str:
    """The figure as SVG text (its text as <text>), then close it; without ``full``, the
    ``<svg>`` element alone (to inline in HTML)."""
    plt = _pyplot()
    buf = io.StringIO()
    try:
        with _quiet():
            fig.savefig(buf, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    text = buf.getvalue()
    return text if full else text[text.index("<svg") :]


@_closed_on_error
def histogram(
    totals: Any, marks: Mapping[str, float], title: str, subtitle: str, credit: str
) -> Any:
    """Histogram of simulated totals; each percentile a dashed line labelled with its value;
    the x axis spans the draws."""
    import numpy as np

    check_count(len(marks), MAX_MARKS, "percentiles", "a histogram")
    fig, ax = _figure(title, subtitle, credit, (8, 4.8))
    lo, hi = float(np.min(totals)), float(np.max(totals))
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    ax.hist(totals, bins=60, range=(lo, hi), color=BLUE, alpha=0.85)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, ax.get_ylim()[1] * (1 + 0.12 * len(marks)))
    for i, (label, x) in enumerate(marks.items()):
        ax.axvline(x, color=RED, lw=1, ls="--")
        y = 0.97 - 0.085 * i
        align = "left" if x <= (lo + hi) / 2 else "right"
        ax.annotate(f"{label} {money(x)}", (x, y), xycoords=("data", "axes fraction"),
                    ha=align, va="top", fontsize=8, color=RED,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})  # fmt: skip
    _dollars(ax.xaxis)
    _thousands(ax.yaxis)
    ax.set_xlabel("Revenue to the state, USD a year")
    ax.set_ylabel("Draws")
    return fig


def _fit_x(fig: Any, ax: Any, texts: Sequence[Any]) -> None:
    """Widen the x limits until every text placed in data coordinates (values at bar ends)
    lies inside the axes, so none is cut off at the figure's edge."""
    for _ in range(4):
        with _quiet():  # drawing to measure warns of missing glyphs as saving does
            fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        box = ax.get_window_extent(renderer)
        spans = [t.get_window_extent(renderer) for t in texts]
        over_right = max((b.x1 - box.x1 for b in spans), default=0.0)
        over_left = max((box.x0 - b.x0 for b in spans), default=0.0)
        if over_right <= 0 and over_left <= 0:
            return
        lo, hi = ax.get_xlim()
        per_pixel = (hi - lo) / max(box.width, 1.0)
        ax.set_xlim(lo - max(over_left, 0) * per_pixel * 1.1,
                    hi + max(over_right, 0) * per_pixel * 1.1)  # fmt: skip


def human_parameter(name: str) -> str:
    """``monthly_pay_usd`` -> "Monthly pay"; ``kursk.troops`` -> "kursk: Troops"."""
    from ..core.params import PARAM_BY_NAME

    contingent, _, field = name.rpartition(".")
    param = PARAM_BY_NAME.get(field)
    label = param.label if param else field
    return f"{contingent}: {label}" if contingent else label


@_closed_on_error
def tornado(rows: Sequence[Mapping[str, Any]], base: Decimal, title: str, credit: str) -> Any:
    """Per uncertain input, the total at its 5th and 95th percentile around the total with
    every input at its median (the line), values at the bar ends: the first ``MAX_TORNADO``
    rows (the inputs that move the total most come first), the others counted."""
    left_out = len(rows) - MAX_TORNADO
    rows = rows[:MAX_TORNADO]
    n = max(len(rows), 1)
    subtitle = f"All inputs at their medians: {money(float(base))} a year"
    if left_out > 0:
        subtitle += f"; the {len(rows)} inputs that move it most ({left_out:,} more not shown)"
    fig, ax = _figure(title, subtitle, credit, (8, 1.9 + 0.55 * n))
    b = float(base)
    labels, values = [], []
    for i, r in enumerate(rows[::-1]):
        lo, hi = float(r["total_at_low_usd"]), float(r["total_at_high_usd"])
        ax.barh(i, lo - b, left=b, color=RED, height=0.6)
        ax.barh(i, hi - b, left=b, color=BLUE, height=0.6)
        for v, color in ((lo, RED), (hi, BLUE)):
            left = v < b or (v == b and color == RED)
            values.append(ax.annotate(f" {money(v)} ", (v, i), ha="right" if left else "left",
                                      va="center", fontsize=7, color=color))  # fmt: skip
        # Escaped apart: the line break between them is the label's own.
        name, dist = human_parameter(str(r["parameter"])), str(r["distribution"])
        labels.append(f"{printable(name)}\n{printable(dist)}")
    ax.axvline(b, color="black", lw=1)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.margins(x=0.05)
    _dollars(ax.xaxis)
    ax.set_xlabel("Total a year with the input at its\n5th (red) and 95th (blue) percentile")
    _fit_x(fig, ax, values)
    return fig


@_closed_on_error
def lines(
    x_label: str,
    money_x: bool,
    series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    title: str,
    note: str,
    credit: str,
) -> Any:
    """Total against a swept parameter, one line per combination of the others."""
    fig, ax = _figure(title, note, credit, (8, 4.8))
    for label, (xs, ys) in series.items():
        ax.plot(xs, ys, marker="o" if len(xs) < 25 else None, ms=3, label=label or None)
    _dollars(ax.yaxis)
    if money_x:
        _dollars(ax.xaxis)
    else:
        from matplotlib.ticker import FuncFormatter

        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,g}"))
    ax.set_xlabel(x_label)
    ax.set_ylabel("Revenue to the state, USD a year")
    ax.set_ylim(bottom=0)
    if len(series) > 1:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


#: A reference more than this many times the largest bar is marked off-scale, not drawn.
OFF_SCALE: Final = 2.5


@_closed_on_error
def bars(
    names: Sequence[str],
    totals: Sequence[float],
    refs: Sequence[tuple[str, float]],
    title: str,
    credit: str,
) -> Any:
    """A horizontal bar per scenario with its value (names never collide); references as
    dashed lines, or, when far above the bars, named off-scale with their values in the
    subtitle so the bars keep the plot."""
    check_count(len(names), MAX_BARS, "scenarios", "a bar chart")
    top = max(totals, default=0.0) or 1.0
    on = [(label, v) for label, v in refs if v <= OFF_SCALE * top]
    off = [(label, v) for label, v in refs if v > OFF_SCALE * top]
    subtitle = "; ".join(f"{label}: {money(v)} (off scale)" for label, v in off)
    # Room for the title, subtitle, axis label, legend and credit however few the bars.
    fig, ax = _figure(title, subtitle, credit, (8, max(3.2, 1.6 + 0.45 * len(names))))
    ys = list(range(len(names)))[::-1]
    ax.barh(ys, totals, color=BLUE, height=0.6)
    values = [
        ax.annotate(f" {money(v)}", (v, y), ha="left", va="center", fontsize=8)
        for y, v in zip(ys, totals, strict=True)
    ]
    for i, (label, x) in enumerate(on):
        ax.axvline(x, color=(ORANGE, GREEN, RED, GREY)[i % 4], lw=1, ls="--",
                   label=f"{label}: {money(x)}")  # fmt: skip
    ax.set_xlim(0, max([top, *(v for _, v in on)]) * 1.18)
    _dollars(ax.xaxis)
    ax.set_xlabel("Revenue to the state, USD a year")
    ax.set_yticks(ys, [_wrap(n, 34) for n in names], fontsize=8)
    if on:
        below = -0.18 - 0.6 / max(len(names), 2)  # under the axis label, on the canvas
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, below), ncol=2,
                  frameon=False)  # fmt: skip
    _fit_x(fig, ax, values)
    return fig


@_closed_on_error
def timeline(
    months: Sequence[str],
    cumulative: Sequence[float],
    troops: Sequence[int],
    events: Sequence[tuple[str, str, bool]],
    projected_from: str | None,
    title: str,
    credit: str,
) -> Any:
    """Revenue to date (from zero) above, troops deployed below; deployments (▲) and
    contingents that end (▼, losses) listed in the legend by month; projected months
    dashed and shaded."""
    subtitle = "Projected months shaded and dashed" if projected_from else ""
    left_out = len(events) - MAX_EVENTS
    if left_out > 0:  # the first ones marked and named; the others counted
        events = events[:MAX_EVENTS]
        more = f"{left_out:,} later troop changes not marked"
        subtitle = f"{subtitle}; {more}" if subtitle else more.capitalize()
    fig = _frame(title, subtitle, credit, (8, 5.6 + 0.14 * ((len(events) + 1) // 2)))
    fig.get_layout_engine().set(h_pad=0.12)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    xs = list(range(len(months)))
    cut = months.index(projected_from) if projected_from in months else len(months)
    top.plot(xs[:cut], cumulative[:cut], color=BLUE, marker="o", ms=3, label="reported months")
    if cut < len(months):
        start = max(cut - 1, 0)
        top.plot(xs[start:], cumulative[start:], color=BLUE, ls="--", marker="o", ms=3,
                 mfc="white", label="projected months")  # fmt: skip
        for ax in (top, bottom):
            ax.axvspan(cut - 0.5, len(months) - 0.5, color="0.92", lw=0)
    top.set_ylim(bottom=0, top=max(cumulative, default=0) * 1.1 or 1)
    _dollars(top.yaxis)
    top.set_ylabel("Revenue to date, USD")
    edges = [x - 0.5 for x in xs] + [xs[-1] + 0.5] if xs else []
    bottom.stairs(troops, edges, color=GREY, baseline=None)
    bottom.set_ylim(0, max(troops, default=0) * 1.25 or 1)
    bottom.set_ylabel("Troops")
    _thousands(bottom.yaxis)
    for month, label, loss in events:
        if month in months:
            i = months.index(month)
            y = troops[i]
            bottom.plot([i + (0.2 if loss else -0.2)], [y], marker="v" if loss else "^",
                        color=RED if loss else GREEN,
                        ms=7, ls="none", label=printable(f"{month}: {label}"))  # fmt: skip
    step = max(1, -(-len(months) // 12))
    bottom.set_xticks(xs[::step], list(months[::step]), rotation=45, ha="right", fontsize=7)
    top.legend(fontsize=7, loc="upper left", frameon=False)
    if events:
        bottom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.42), ncol=2, fontsize=7,
                      frameon=False)  # fmt: skip
    return fig


def write(fig: Any, path: Path) -> None:
    """Save a chart built by one of the functions above (an alias of ``save``)."""
    save(fig, path)


def timeline_events(contingents: Sequence[Any]) -> list[tuple[str, str, bool]]:
    """By month: troops deployed ("+11,000 deployed", False) and troops that leave the month
    after a contingent ends ("-600 killed (name)", True: a loss), for the timeline chart.
    Contingents starting together read as one deployment."""
    arrive: dict[str, int] = {}
    leave: dict[str, list[tuple[int, str]]] = {}
    for c in contingents:
        if c.start:
            arrive[c.start] = arrive.get(c.start, 0) + c.troops
        if c.end:
            year, month = int(c.end[:4]), int(c.end[5:7])
            after = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
            leave.setdefault(after, []).append((c.troops, c.name or "contingent"))
    events = [(m, f"+{n:,} deployed", False) for m, n in arrive.items()]
    for m, items in leave.items():
        for n, name in items:
            how = "killed" if any(w in name.lower() for w in ("dead", "kill")) else "leave"
            events.append((m, f"-{n:,} {how} ({name})", True))
    return sorted(events)
