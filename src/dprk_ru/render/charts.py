"""Charts (PNG or SVG) with matplotlib, from the ``plot`` extra, imported only here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from ..errors import InputError, MissingExtraError, OutputError

SOURCE_LINE: Final = (
    "Model: revenue (dprk_ru). Defaults: NIS via H. K. Chang, ISPI (2025); "
    "bonus derived from the article's $260M."
)
SUFFIXES: Final = (".png", ".svg")


def check_path(path: Path) -> None:
    """Refuse (exit 2) a chart path that is neither .png nor .svg, before any work."""
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"--plot: the file must end in .png or .svg, got {str(path)!r}")


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError(
            "--plot needs matplotlib: install the plot extra, pip install 'dprk-ru[plot]' "
            "(from a clone: pip install '.[plot]')"
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _dollars(axis: Any) -> None:
    """Label an axis in dollars: $2.60B, $260M, $2,000."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(_money))


def _money(value: float, _pos: int | None = None) -> str:
    v = abs(value)
    sign = "-" if value < 0 else ""
    if v >= 1e9:
        return f"{sign}${v / 1e9:,.2f}B"
    if v >= 1e6:
        return f"{sign}${v / 1e6:,.0f}M"
    return f"{sign}${v:,.0f}"


@contextlib.contextmanager
def _figure(path: Path, title: str, size: tuple[float, float] = (8, 4.8)) -> Iterator[Any]:
    """A figure and axes; on success saved atomically to ``path`` with the source line."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    # Keep a strip of 0.25 inch at the bottom for the source line.
    fig.get_layout_engine().set(rect=(0, 0.25 / size[1], 1, 1 - 0.25 / size[1]))
    ax.set_title(title, loc="left", fontsize=12)
    try:
        yield ax
        fig.text(0.01, 0.06 / 4.8, SOURCE_LINE, fontsize=7, color="0.4", ha="left", va="bottom")
        _save(fig, path)
    finally:
        plt.close(fig)


def _save(fig: Any, path: Path) -> None:
    from .files import atomic_file

    fmt = path.suffix.lower().lstrip(".")
    metadata = {"Software": None} if fmt == "png" else {"Date": None}
    try:
        with atomic_file(path, "--plot", binary=True) as f:
            fig.savefig(f, format=fmt, dpi=150, metadata=metadata)
    except OSError as e:
        raise OutputError(f"--plot: cannot write {str(path)!r}: {e.strerror or e}") from None


def histogram(path: Path, totals: Any, marks: Mapping[str, float], title: str) -> None:
    """Histogram of simulated totals with vertical lines at the percentiles."""
    with _figure(path, title) as ax:
        ax.hist(totals, bins=60, color="#4c72b0", alpha=0.85)
        for label, x in marks.items():
            ax.axvline(x, color="#c44e52", lw=1, ls="--")
            ax.annotate(label, (x, 1), xycoords=("data", "axes fraction"), rotation=90,
                        va="top", ha="right", fontsize=8, color="#c44e52")  # fmt: skip
        _dollars(ax.xaxis)
        ax.set_xlabel("Revenue to the state, USD a year")
        ax.set_ylabel("Samples")


def tornado(path: Path, rows: Sequence[Mapping[str, Any]], base: Decimal, title: str) -> None:
    """Tornado chart: per parameter, the total at its 5th and 95th percentiles."""
    with _figure(path, title, (8, 1.2 + 0.6 * max(len(rows), 1))) as ax:
        labels = [f"{r['parameter']}\n{r['distribution']}" for r in rows][::-1]
        b = float(base)
        for i, r in enumerate(rows[::-1]):
            lo, hi = float(r["total_at_low_usd"]), float(r["total_at_high_usd"])
            ax.barh(i, lo - b, left=b, color="#c44e52", height=0.6)
            ax.barh(i, hi - b, left=b, color="#4c72b0", height=0.6)
        ax.axvline(b, color="black", lw=1)
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        _dollars(ax.xaxis)
        ax.set_xlabel("Total at the parameter's 5th (red) and 95th (blue) percentile, USD a year")


def lines(
    path: Path,
    x_label: str,
    series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    title: str,
    note: str = "",
) -> None:
    """Total against a swept parameter, one line per combination of the others."""
    with _figure(path, title) as ax:
        for label, (xs, ys) in series.items():
            ax.plot(xs, ys, marker="o" if len(xs) < 25 else None, ms=3, label=label or None)
        _dollars(ax.yaxis)
        if x_label.endswith("_usd"):
            _dollars(ax.xaxis)
        else:
            from matplotlib.ticker import FuncFormatter

            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,g}"))
        ax.set_xlabel(x_label)
        ax.set_ylabel("Revenue to the state, USD a year")
        if any(series) and len(series) > 1:
            ax.legend(fontsize=7, title=note or None, title_fontsize=7)


def bars(
    path: Path, names: Sequence[str], totals: Sequence[float], refs: Mapping[str, float], title: str
) -> None:
    """A bar per scenario, with the reference figures as horizontal lines."""
    with _figure(path, title) as ax:
        ax.bar(names, totals, color="#4c72b0")
        for i, (label, y) in enumerate(refs.items()):
            ax.axhline(y, color=f"C{i + 1}", lw=1, ls="--", label=f"{label}: {_money(y)}")
        _dollars(ax.yaxis)
        ax.set_ylabel("Revenue to the state, USD a year")
        ax.tick_params(axis="x", labelrotation=15, labelsize=8)
        if refs:
            ax.legend(fontsize=8)


def timeline(path: Path, months: Sequence[str], cumulative: Sequence[float],
             starts: Mapping[str, str], title: str) -> None:  # fmt: skip
    """Cumulative revenue by month, with deployment starts marked."""
    with _figure(path, title) as ax:
        ax.plot(months, cumulative, color="#4c72b0", marker="o", ms=3)
        for i, (month, label) in enumerate(starts.items()):
            if month in months:
                ax.axvline(months.index(month), color=f"C{i + 1}", lw=1, ls="--")
                ax.annotate(label, (months.index(month), 0.98), xycoords=("data", "axes fraction"),
                            rotation=90, va="top", ha="right", fontsize=7)  # fmt: skip
        _dollars(ax.yaxis)
        step = max(1, len(months) // 12)
        ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, fontsize=7)
        ax.set_ylabel("Revenue to date, USD")
