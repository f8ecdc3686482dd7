"""Charts (PNG or SVG) with matplotlib, from the ``plot`` extra, imported only here.

Every chart is built as a figure (``histogram``, ``tornado``, ``lines``, ``bars``,
``timeline``), then saved to a path (``save``) or turned into SVG text (``svg``) for a
brief. Text stays text in SVG (``svg.fonttype: none``), names are never read as math, and
the same inputs give the same bytes (a fixed hash salt, no dates).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import io
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_formatter(FuncFormatter(money))
    if axis.axis_name == "x" and _width() < 6:  # "$225M" at 9 pt: four fit a phone's width
        axis.set_major_locator(MaxNLocator(4))


def value_words(param: Any, value: float) -> str:
    """One value of a parameter as a chart writes it: $1,500, 8,000, 50%, 10.5."""
    if param.money:
        return f"${value:,.2f}".removesuffix(".00")
    if param.unit == "fraction":
        return f"{value * 100:,.4g}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def dist_words(param: Any, dist: Any) -> str:
    """A value or distribution in words: "$1,500-$2,500" (a 90% range written "a to b"),
    "$0-$4,000, uniform", "about 10,000 (sd 1,500)", "8,000"."""
    a = dist.args

    def w(v: float) -> str:
        return value_words(param, v)

    if dist.kind == "constant":
        return w(float(dist.exact if dist.exact is not None else a[0]))
    if " to " in dist.text:
        lo, _, hi = dist.text.partition(" to ")
        try:
            return f"{w(float(lo.strip().lstrip('$').replace(',', '')))}-" \
                   f"{w(float(hi.strip().lstrip('$').replace(',', '')))}"  # fmt: skip
        except ValueError:  # an amount with a currency code: said as the user wrote it
            return printable(dist.text)
    if dist.kind == "uniform":
        return f"{w(a[0])}-{w(a[1])}, uniform"
    if dist.kind in ("triangular", "pert"):
        return f"{w(a[0])}-{w(a[2])}, most likely {w(a[1])}"
    if dist.kind == "normal":
        return f"about {w(a[0])} (sd {w(a[1])})"
    return printable(dist.text)


def given_words(params: Mapping[str, str | None]) -> str:
    """What the user changed, in words, for a chart's subtitle: "Troops 8,000-14,000;
    monthly pay $1,500-$2,500: your assumptions" ("" when nothing was given)."""
    from ..core.params import PARAM_BY_NAME
    from ..inputs.distributions import parse_param

    parts: list[str] = []
    for name, text in params.items():
        if text is None or name not in PARAM_BY_NAME:
            continue
        param = PARAM_BY_NAME[name]
        try:
            words = dist_words(param, parse_param(text, param.option, name))
        except (InputError, ValueError):  # a grid or a selection: as written
            words = printable(text)
        label = param.label if not parts else param.label[0].lower() + param.label[1:]
        parts.append(f"{label} {words}")
    if not parts:
        return ""
    return "; ".join(parts) + (": your assumptions" if len(parts) > 1 else ", your assumption")


#: The most a chart draws legibly (README, Limits). A command's ``--plot`` refuses more
#: before any work (``check_count``); a brief's chart keeps the first ones and says so.
#: The most a chart draws legibly (README, Limits). A command's ``--plot`` refuses more
#: before any work (``check_count``); a brief's chart keeps the first ones and says so.
MAX_BARS: Final = 25  # compare: a bar per scenario
MAX_TORNADO: Final = 20  # sensitivity: a bar per uncertain input
MAX_MARKS: Final = 9  # simulate: a labelled line per percentile
MAX_EVENTS: Final = 16  # timeline: troop changes named in the legend
PANEL_LINES: Final = 8  # sweep: lines in one panel, each its own colour and line style
MAX_PANELS: Final = 6  # sweep: panels (small multiples) in one chart
MAX_LINES: Final = PANEL_LINES * MAX_PANELS  # sweep: lines in all


def check_count(
    count: int, limit: int, what: str, chart: str, fix: str = "give fewer", detail: str = ""
) -> None:
    """LimitError if ``chart`` would draw ``count`` ``what``, more than ``limit``
    (``detail`` says how the limit is made up; ``fix`` how to ask for fewer)."""
    if count > limit:
        raise LimitError(what, count, limit, chart=chart, fix=fix, detail=detail)


@dataclass(frozen=True)
class Size:
    """How large a chart is drawn: its width (inches) and its smallest text (points)."""

    width: float
    small: float


#: Print and screens (8 inches wide), and the brief's charts, drawn to be read on a 390-px
#: phone: shown 390 CSS px wide (less the page's margins), 4.8 inches (345.6 pt) of
#: 9-pt text keep every letter at least 9 px high.
PRINT: Final = Size(8.0, 7.0)
PHONE: Final = Size(4.8, 9.0)
_SIZE: contextvars.ContextVar[Size] = contextvars.ContextVar("chart_size", default=PRINT)


@contextlib.contextmanager
def sized(size: Size) -> Iterator[None]:
    """Draw the charts built inside at ``size`` (the brief draws at ``PHONE``)."""
    token = _SIZE.set(size)
    try:
        yield
    finally:
        _SIZE.reset(token)


def _fs(points: float) -> float:
    """A font size, no smaller than the current size's smallest."""
    return max(points, _SIZE.get().small)


def _width() -> float:
    return _SIZE.get().width


def _chars(width: float, points: float) -> int:
    """About how many characters of ``points`` text fit in ``width`` inches."""
    return max(20, int(width * 72 / (points * 0.6)))


def _frame(title: str, subtitle: str, credit: str, height: float) -> Any:
    """A figure with its title, subtitle and credit line in strips of their own, so the
    plot's layout (constrained) never puts anything over them."""
    plt = _pyplot()
    width = _width()
    t_fs, s_fs, c_fs = _fs(12), _fs(8), _fs(7)
    title = _wrap(title, _chars(width, t_fs * 1.1))
    subtitle = _wrap(subtitle, _chars(width, s_fs))
    credit = _wrap(credit, _chars(width, c_fs))
    line = 1.0 / 72 * 1.3  # inches per point of a line of text
    title_h = t_fs * line * (title.count("\n") + 1)
    sub_h = s_fs * line * (subtitle.count("\n") + 1) if subtitle else 0.0
    credit_h = c_fs * line * (credit.count("\n") + 1)
    height += title_h + sub_h + credit_h
    fig = plt.figure(figsize=(width, height), layout="constrained")
    top, bottom = 0.1 + title_h + sub_h + 0.15, 0.08 + credit_h + 0.05
    fig.get_layout_engine().set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    fig.text(0.01, 1 - 0.08 / height, title, fontsize=t_fs, fontweight="bold", ha="left",
             va="top")  # fmt: skip
    if subtitle:
        fig.text(0.01, 1 - (0.1 + title_h) / height, subtitle, fontsize=s_fs, color=GREY,
                 ha="left", va="top")  # fmt: skip
    fig.text(0.01, 0.06 / height, credit, fontsize=c_fs, color=GREY, ha="left", va="bottom")
    return fig


def _axes(ax: Any) -> Any:
    """Tick labels at the current size's smallest text or larger."""
    ax.tick_params(labelsize=_fs(9))
    return ax


def _figure(title: str, subtitle: str, credit: str, height: float) -> tuple[Any, Any]:
    """A figure with one plot, framed by ``_frame``."""
    fig = _frame(title, subtitle, credit, height)
    return fig, _axes(fig.add_subplot())


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


def _draw(fig: Any) -> Any:
    """Lay the figure out and return its renderer (to measure texts)."""
    with _quiet():  # a glyph the font lacks is drawn as a box, as savefig draws it
        fig.canvas.draw()
    return fig.canvas.get_renderer()


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


def percentile_words(q: float) -> str:
    """A percentile as a chart names it: "5th percentile", "median", "2.5th percentile"."""
    if q == 50:
        return "median"
    n = f"{q:f}".rstrip("0").rstrip(".")
    last2 = n[-2:]
    suffix = {"1": "st", "2": "nd", "3": "rd"}.get(n[-1], "th")
    if last2 in ("11", "12", "13") or "." in n:
        suffix = "th"
    return f"{n}{suffix} percentile"


#: The share of draws at each end a histogram may leave off its axis (noted when it does).
TAIL: Final = 0.001


@_closed_on_error
def histogram(
    totals: Any, marks: Mapping[str, float], title: str, subtitle: str, credit: str
) -> Any:
    """Histogram of simulated totals; each percentile a dashed line labelled with its value,
    the labels stacked so that none crosses a line or the bars. The x axis ends where the
    data do: a long tail past the 0.1th or 99.9th percentile is left off and noted."""
    import numpy as np

    check_count(len(marks), MAX_MARKS, "percentiles", "a histogram")
    data = np.asarray(totals, dtype=float)
    lo, hi = float(np.min(data)), float(np.max(data))
    cut_lo, cut_hi = (float(v) for v in np.quantile(data, [TAIL, 1 - TAIL]))
    span = max(cut_hi - cut_lo, 1.0)
    notes = []
    if cut_hi < max(marks.values(), default=cut_hi):
        cut_hi = max(marks.values())
    if cut_lo > min(marks.values(), default=cut_lo):
        cut_lo = min(marks.values())
    if hi - cut_hi > 0.05 * span:
        n = int(np.count_nonzero(data > cut_hi))
        notes.append(f"{n:,} draw{'s' if n != 1 else ''} above {money(cut_hi)} "
                     f"({money(hi)} at most) not drawn")  # fmt: skip
        hi = cut_hi
    if cut_lo - lo > 0.05 * span:
        n = int(np.count_nonzero(data < cut_lo))
        notes.append(f"{n:,} draw{'s' if n != 1 else ''} below {money(cut_lo)} not drawn")
        lo = cut_lo
    if notes:
        subtitle = f"{subtitle}. {'; '.join(notes)}" if subtitle else "; ".join(notes).capitalize()
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    fs = _fs(8)
    fig, ax = _figure(title, subtitle, credit, 3.8 + fs * 1.5 / 72 * len(marks))
    counts, _edges, _patches = ax.hist(data, bins=60, range=(lo, hi), color=BLUE, alpha=0.85)
    ax.set_xlim(lo, hi)
    order = sorted(marks.items(), key=lambda kv: kv[1])
    step = fs * 1.45  # points between label rows

    def place(rightward: bool) -> list[tuple[Any, Any, float]]:
        for t in ax.texts[:]:
            t.remove()
        for ln in ax.lines[:]:
            ln.remove()
        # Rightward, the leftmost label on top: each label crosses only lines to its
        # right, whose labels (and so their lines' tops) are lower. Leftward, mirrored.
        rows = order if rightward else order[::-1]
        placed = []
        for i, (label, x) in enumerate(rows):
            line = ax.axvline(x, color=RED, lw=1, ls="--")
            text = ax.annotate(f"{label} {money(x)}", (x, 1), xycoords=("data", "axes fraction"),
                               xytext=(3 if rightward else -3, -2 - step * i),
                               textcoords="offset points", ha="left" if rightward else "right",
                               va="top", fontsize=fs, color=RED)  # fmt: skip
            placed.append((text, line, x))
        return placed

    def overflow(placed: list[tuple[Any, Any, float]]) -> float:
        renderer = _draw(fig)
        box = ax.get_window_extent(renderer)
        spans = [t.get_window_extent(renderer) for t, _, _ in placed]
        return max(max(b.x1 - box.x1, box.x0 - b.x0) for b in spans) if spans else 0.0

    placed = place(True)
    if overflow(placed) > 0:
        placed = place(False)
        if overflow(placed) > 0:
            placed = place(order[-1][1] - lo < hi - order[0][1])
            _fit_x(fig, ax, [t for t, _, _ in placed])
    renderer = _draw(fig)
    box = ax.get_window_extent(renderer)
    lowest = 1.0
    for text, line, _x in placed:  # each line stops under its own label
        top = (text.get_window_extent(renderer).y1 - box.y0) / max(box.height, 1.0)
        line.set_ydata([0, top])
        lowest = min(lowest, (text.get_window_extent(renderer).y0 - box.y0) / box.height)
    peak = float(max(counts, default=0.0)) or 1.0
    ax.set_ylim(0, peak / max(lowest - 0.04, 0.2))
    _dollars(ax.xaxis)
    _thousands(ax.yaxis)
    ax.set_xlabel("Revenue to the state, USD a year", fontsize=_fs(9))
    ax.set_ylabel("Draws", fontsize=_fs(9))
    return fig


def _fit_x(fig: Any, ax: Any, texts: Sequence[Any], pad: float = 6.0) -> None:
    """Widen the x limits until every text placed in data coordinates (values at bar ends)
    lies inside the axes, ``pad`` pixels clear of its edges, so none is cut off at the
    figure's edge or touches an axis."""
    for _ in range(6):
        renderer = _draw(fig)
        box = ax.get_window_extent(renderer)
        spans = [t.get_window_extent(renderer) for t in texts]
        over_right = max((b.x1 - box.x1 + pad for b in spans), default=0.0)
        over_left = max((box.x0 + pad - b.x0 for b in spans), default=0.0)
        if over_right <= 0 and over_left <= 0:
            return
        lo, hi = ax.get_xlim()
        per_pixel = (hi - lo) / max(box.width, 1.0)
        ax.set_xlim(lo - max(over_left, 0) * per_pixel * 1.2,
                    hi + max(over_right, 0) * per_pixel * 1.2)  # fmt: skip


def title_of(obj: Any) -> str:
    """A scenario's or contingent's name as charts show it: its title, else its id."""
    return str(getattr(obj, "title", None) or getattr(obj, "name", None) or "")


def human_parameter(name: str, titles: Mapping[str, str] | None = None) -> str:
    """``monthly_pay_usd`` -> "Monthly pay"; ``kursk.troops`` -> "kursk: Troops" (with
    ``titles``, the contingent's title for its id)."""
    from ..core.params import PARAM_BY_NAME

    contingent, _, field = name.rpartition(".")
    param = PARAM_BY_NAME.get(field)
    label = param.label if param else field
    if contingent and titles:
        contingent = titles.get(contingent, contingent)
    return f"{contingent}: {label}" if contingent else label


def _dist_label(parameter: str, text: str) -> str:
    from ..core.params import PARAM_BY_NAME
    from ..inputs.distributions import parse_param

    field = parameter.rpartition(".")[2]
    param = PARAM_BY_NAME.get(field)
    if param is None:
        return printable(text)
    try:
        return dist_words(param, parse_param(text, param.option, field))
    except (InputError, ValueError):
        return printable(text)


@_closed_on_error
def tornado(
    rows: Sequence[Mapping[str, Any]],
    base: Decimal,
    title: str,
    credit: str,
    subtitle: str = "",
    titles: Mapping[str, str] | None = None,
) -> Any:
    """Per uncertain input, the total at its 5th and 95th percentile around the total with
    every input at its median (the line), values beside the bar ends, clear of the bars and
    axes: the first ``MAX_TORNADO`` rows (the inputs that move the total most come first),
    the others counted. ``titles`` names contingents by id."""
    from matplotlib.patches import Patch

    left_out = len(rows) - MAX_TORNADO
    rows = rows[:MAX_TORNADO]
    n = max(len(rows), 1)
    head = f"All inputs at their medians: {money(float(base))} a year"
    if left_out > 0:
        head += f"; the {len(rows)} inputs that move it most ({left_out:,} more not shown)"
    subtitle = f"{head}. {subtitle}" if subtitle else head
    fs = _fs(8)
    fig, ax = _figure(title, subtitle, credit, 2.2 + (0.3 + 2.6 * fs / 72) * n)
    b = float(base)
    labels, values = [], []
    for i, r in enumerate(rows[::-1]):
        lo, hi = float(r["total_at_low_usd"]), float(r["total_at_high_usd"])
        ax.barh(i, lo - b, left=b, color=RED, height=0.6)
        ax.barh(i, hi - b, left=b, color=BLUE, height=0.6)
        for v, color in ((lo, RED), (hi, BLUE)):
            left = v < b or (v == b and color == RED)
            values.append(ax.annotate(money(v), (v, i), xytext=(-4 if left else 4, 0),
                                      textcoords="offset points", ha="right" if left else "left",
                                      va="center", fontsize=fs, color=color))  # fmt: skip
        # Escaped apart: the line break between them is the label's own.
        param = str(r["parameter"])
        name = human_parameter(param, titles)
        dist = _dist_label(param, str(r["distribution"]))
        width = _chars(_width() * 0.4, fs)
        labels.append(f"{_wrap(name, width)}\n{_wrap(dist, width)}")
    ax.axvline(b, color="black", lw=1)
    ax.set_yticks(range(len(labels)), labels, fontsize=fs)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.margins(x=0.05)
    _dollars(ax.xaxis)
    ax.set_xlabel("Total a year, the other inputs at their medians", fontsize=_fs(9))
    ax.legend(handles=[Patch(color=RED, label="the input at its 5th percentile"),
                       Patch(color=BLUE, label="at its 95th percentile")],
              loc="upper center", bbox_to_anchor=(0.5, -0.22 - 0.25 / n),
              ncol=1 if _width() < 6 else 2,
              fontsize=fs, frameon=False)  # fmt: skip
    _fit_x(fig, ax, values)
    return fig


#: Colours and line styles of a panel's lines: no two alike in either (colour-blind safe).
LINE_COLOURS: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                       "#000000", "#666666")  # fmt: skip
LINE_STYLES: Final[tuple[Any, ...]] = (
    "-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2)), (0, (1, 2, 4, 2)),
    (0, (3, 1, 1, 1)),
)  # fmt: skip
LINE_MARKERS: Final = ("o", "s", "^", "D", "v", "P", "X", "*")


def _common(labels: Sequence[str]) -> tuple[str, list[str]]:
    """The parts ("; "-separated) every label shares, and each label without them."""
    parts = [label.split("; ") for label in labels]
    shared = [p for p in parts[0] if all(p in q for q in parts[1:])] if parts else []
    rest = ["; ".join(p for p in q if p not in shared) for q in parts]
    return "; ".join(shared), rest


def _span(labels: Sequence[str]) -> str:
    """ "Monthly pay $1,500 to $1,850" for the first and last of a run of labels."""
    if not labels:
        return ""
    first, last = labels[0], labels[-1]
    if first == last:
        return first
    prefix = os.path.commonprefix([first, last])
    prefix = prefix[: prefix.rfind(" ") + 1] if " " in prefix else ""
    return f"{first} to {last[len(prefix) :]}"


@_closed_on_error
def lines(
    x_label: str,
    money_x: bool,
    series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    title: str,
    note: str,
    credit: str,
    per_panel: int = PANEL_LINES,
) -> Any:
    """Total against a swept parameter, one line per combination of the others: at most
    ``per_panel`` lines a panel, each its own colour, line style and marker, in panels
    (small multiples, sharing their axes) of ``per_panel`` beyond that."""
    check_count(len(series), MAX_LINES, "lines", "a sweep chart")
    per_panel = max(1, min(per_panel, PANEL_LINES))
    items = list(series.items())
    chunks = [items[i : i + per_panel] for i in range(0, len(items), per_panel)] or [[]]
    cols = 1 if len(chunks) == 1 or _width() < 6 else 2  # one column on a phone
    rows = -(-len(chunks) // cols)
    fs = _fs(7)
    legend_rows = -(-min(len(items), per_panel) // (2 if cols == 1 else 1))
    panel_h = 3.2 if cols == 1 else 2.4
    height = rows * (panel_h + legend_rows * fs * 1.6 / 72)
    fig = _frame(title, note, credit, height)
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
    peak = max((max(ys, default=0.0) for _, (_, ys) in items), default=0.0) or 1.0
    for k, ax in enumerate(axes.flat):
        if k >= len(chunks):
            ax.set_visible(False)
            continue
        _axes(ax)
        chunk = chunks[k]
        shared, names = _common([label for label, _ in chunk]) if len(chunk) > 1 else ("", [])
        if len(chunks) > 1:
            heading = shared or _span([label for label, _ in chunk])
            ax.set_title(_wrap(heading, _chars(_width() / cols, _fs(8))), fontsize=_fs(8),
                         loc="left")  # fmt: skip
        for j, (label, (xs, ys)) in enumerate(chunk):
            shown = (names[j] if names and names[j] else label) or None
            ax.plot(xs, ys, color=LINE_COLOURS[j], ls=LINE_STYLES[j], lw=1.6,
                    marker=LINE_MARKERS[j] if len(xs) < 25 else None, ms=4,
                    label=shown)  # fmt: skip
        _dollars(ax.yaxis)
        if money_x:
            _dollars(ax.xaxis)
        else:
            from matplotlib.ticker import FuncFormatter

            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,g}"))
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(5 if cols == 1 else 3))
        if k >= len(chunks) - cols:
            ax.set_xlabel(x_label, fontsize=_fs(9))
            ax.xaxis.set_tick_params(labelbottom=True)
        if k % cols == 0:
            ax.set_ylabel("Revenue to the state,\nUSD a year", fontsize=_fs(9))
        ax.set_ylim(0, peak * 1.05)
        if len(chunk) > 1 or len(chunks) > 1:
            ax.legend(fontsize=fs, loc="upper center", bbox_to_anchor=(0.5, -0.2 if
                      k >= len(chunks) - cols else -0.1), ncol=2 if cols == 1 else 1,
                      frameon=False, handlelength=3)  # fmt: skip
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
    unit: str = "a year",
) -> Any:
    """A horizontal bar per scenario with its value, never on a reference line (names
    never collide); references as dashed lines, or, when far above the bars, named
    off-scale with their values in the subtitle so the bars keep the plot. ``unit`` is the
    table's ("a year" or "in 2025")."""
    check_count(len(names), MAX_BARS, "scenarios", "a bar chart")
    top = max(totals, default=0.0) or 1.0
    on = [(label, v) for label, v in refs if v <= OFF_SCALE * top]
    off = [(label, v) for label, v in refs if v > OFF_SCALE * top]
    subtitle = "; ".join(f"{label}: {money(v)} (off scale)" for label, v in off)
    fs = _fs(8)
    # Room for the title, subtitle, axis label, legend and credit however few the bars.
    fig, ax = _figure(title, subtitle, credit,
                      max(3.2, 1.6 + (0.2 + 2.2 * fs / 72) * len(names)))  # fmt: skip
    ys = list(range(len(names)))[::-1]
    ax.barh(ys, totals, color=BLUE, height=0.6)
    for i, (label, x) in enumerate(on):
        ax.axvline(x, color=(ORANGE, GREEN, RED, GREY)[i % 4], lw=1.2, ls="--",
                   label=f"{label}: {money(x)}")  # fmt: skip
    values = [
        ax.annotate(
            money(v),
            (v, y),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=fs,
        )
        for y, v in zip(ys, totals, strict=True)
    ]
    ax.set_xlim(0, max([top, *(v for _, v in on)]) * 1.18)
    _dollars(ax.xaxis)
    ax.set_xlabel(f"Revenue to the state, USD {unit}", fontsize=_fs(9))
    ax.set_yticks(ys, [_wrap(n, _chars(_width() * 0.35, fs)) for n in names], fontsize=fs)
    if on:
        below = -0.18 - 0.6 / max(len(names), 2)  # under the axis label, on the canvas
        ax.legend(fontsize=_fs(7), loc="upper center", bbox_to_anchor=(0.5, below),
                  ncol=1 if _width() < 6 else 2, frameon=False)  # fmt: skip
    _fit_x(fig, ax, values)
    _off_lines(fig, ax, values, [x for _, x in on])
    return fig


def _off_lines(fig: Any, ax: Any, values: Sequence[Any], xs: Sequence[float]) -> None:
    """Move each value label that a reference line crosses just past that line (or past
    the last line it would cross), so no value sits on a line."""
    if not xs:
        return
    for _ in range(len(xs) + 1):
        renderer = _draw(fig)
        moved = False
        for text in values:
            box = text.get_window_extent(renderer)
            at = [ax.transData.transform((x, 0))[0] for x in xs]
            crossing = [x for x, px in zip(xs, at, strict=True) if box.x0 - 3 <= px <= box.x1 + 3]
            if crossing:
                text.xy = (max(crossing), text.xy[1])
                moved = True
        if not moved:
            return
        _fit_x(fig, ax, values)


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
    """Revenue to date (from zero) above, troops deployed below, each month at its tick:
    troops change at the month they count from, deployments (▲) and contingents that end
    (▼, losses) marked on their month and listed in the legend; projected months, when
    any is shown, dashed, hollow and shaded (and said so in the subtitle)."""
    projected = projected_from is not None and projected_from in months
    subtitle = "Projected months shaded, dashed and hollow" if projected else ""
    left_out = len(events) - MAX_EVENTS
    if left_out > 0:  # the first ones marked and named; the others counted
        events = events[:MAX_EVENTS]
        more = f"{left_out:,} later troop changes not marked"
        subtitle = f"{subtitle}; {more}" if subtitle else more.capitalize()
    fs = _fs(7)
    ncol = 1 if _width() < 6 else 2
    fig = _frame(title, subtitle, credit, 5.6 + fs * 1.5 / 72 * (-(-len(events) // ncol)))
    fig.get_layout_engine().set(h_pad=0.12)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    _axes(top), _axes(bottom)
    xs = list(range(len(months)))
    cut = months.index(projected_from) if projected and projected_from is not None else len(xs)
    top.plot(xs[:cut], cumulative[:cut], color=BLUE, marker="o", ms=3,
             label="months the data cover" if projected else None)  # fmt: skip
    if cut < len(xs):
        start = max(cut - 1, 0)  # the dashes leave from the last month the data cover
        top.plot(xs[start:], cumulative[start:], color=BLUE, ls="--")
        top.plot(xs[cut:], cumulative[cut:], color=BLUE, ls="--", marker="o", ms=3,
                 mfc="white", label="projected months")  # fmt: skip
        for ax in (top, bottom):
            ax.axvspan(cut - 0.25, len(xs), color="0.92", lw=0, gid="projected")
    top.set_ylim(bottom=0, top=max(cumulative, default=0) * 1.1 or 1)
    _dollars(top.yaxis)
    top.set_ylabel("Revenue to date, USD", fontsize=_fs(9))
    if xs:  # a month's troops from its tick to the next month's
        bottom.stairs(troops, [*xs, xs[-1] + 1], color=GREY, baseline=None)
        top.set_xlim(-0.4, xs[-1] + 1)
    bottom.set_ylim(0, max(troops, default=0) * 1.35 or 1)
    bottom.set_ylabel("Troops", fontsize=_fs(9))
    _thousands(bottom.yaxis)
    from matplotlib.transforms import offset_copy

    for month, label, loss in events:
        if month in months:
            i = months.index(month)
            y = troops[i]
            # On the month; a loss above the line, a deployment on it.
            where = offset_copy(bottom.transData, fig=fig, y=9 if loss else 0, units="points")
            bottom.plot([i], [y], marker="v" if loss else "^", color=RED if loss else GREEN,
                        ms=7, ls="none", transform=where,
                        label=printable(f"{month}: {label}"))  # fmt: skip
    step = max(1, -(-len(months) // (12 if _width() >= 6 else 6)))
    bottom.set_xticks(xs[::step], list(months[::step]), rotation=45, ha="right", fontsize=fs)
    if projected:
        top.legend(fontsize=fs, loc="upper left", frameon=False)
    if events:
        bottom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.42), ncol=ncol, fontsize=fs,
                      frameon=False)  # fmt: skip
    return fig


def write(fig: Any, path: Path) -> None:
    """Save a chart built by one of the functions above (an alias of ``save``)."""
    save(fig, path)


def timeline_events(contingents: Sequence[Any]) -> list[tuple[str, str, bool]]:
    """By month: troops deployed ("+11,000 deployed", False) and troops that leave the month
    after a contingent ends ("-600 killed (title)", True: a loss), for the timeline chart.
    Contingents starting together read as one deployment."""
    arrive: dict[str, int] = {}
    leave: dict[str, list[tuple[int, str, str]]] = {}
    for c in contingents:
        if c.start:
            arrive[c.start] = arrive.get(c.start, 0) + c.troops
        if c.end:
            year, month = int(c.end[:4]), int(c.end[5:7])
            after = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
            leave.setdefault(after, []).append(
                (c.troops, c.name or "", title_of(c) or "contingent")
            )
    events = [(m, f"+{n:,} deployed", False) for m, n in arrive.items()]
    for m, items in leave.items():
        for n, name, title in items:
            how = "killed" if any(w in name.lower() for w in ("dead", "kill")) else "leave"
            events.append((m, f"-{n:,} {how} ({title})", True))
    return sorted(events)
