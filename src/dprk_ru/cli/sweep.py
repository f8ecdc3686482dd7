"""``revenue sweep``: grid checks, progress, the screenful table, the chart."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import typer

from ..analysis.sweep import DEFAULT_MAX_ROWS
from ..core.params import COLUMNS
from ..render.files import distinct, output_stream
from ..render.formats import Format, render
from ..render.stream import STREAMED, stream_sweep
from .boundary import note_line, user_errors_and_rates
from .options import (
    CurrencyOpt,
    FormatOpt,
    OutputOpt,
    PlotOpt,
    QuietOpt,
    RateOpt,
    TitleOpt,
    count_parser,
    destination,
    param_options,
)
from .progress import PROGRESS_MIN_ROWS, progress_bar
from .root import app


@app.command()
@param_options("grid")
def sweep(
    params: dict[str, str | None],
    max_rows: Annotated[
        int,
        typer.Option(
            "--max-rows",
            parser=count_parser("--max-rows", 1),
            help="Refuse grids with more rows than this (at least 1).",
            metavar="N",
        ),
    ] = DEFAULT_MAX_ROWS,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    plot: PlotOpt = None,
    title: TitleOpt = None,
) -> None:
    """Evaluate the model over a grid of parameter values, streaming one row per point.

    The grid is the cartesian product of the values, parameters in the model's order
    (troops, monthly pay, months, bonus, state share) with the last one varying fastest.

    Example: revenue sweep --troops 5000:20000:5000 --monthly-pay 1500,2000,2500 > grid.csv
    Example: revenue sweep --troops 8000,12000 --state-share 0.5:1:0.25 --format markdown
    """
    from ..analysis.sweep import parse_grid, sweep
    from ..core.currency import other_currency
    from ..core.params import PARAMS, SHORTHANDS, money_results
    from ..inputs.grid import grid_notes

    with user_errors_and_rates(rate) as rates:
        distinct([("--output", output), ("--plot", plot)])
        dest, fmt = destination(output, fmt)
        if plot is not None:
            from ..render.charts import check_path

            check_path(plot)
        grid = parse_grid(params, max_rows)
        if plot is not None:
            from ..analysis.sweep import plot_axes, plot_lines
            from ..render.charts import MAX_LINES, MAX_PANELS, PANEL_LINES, check_count

            options = " or ".join(PARAMS[j].option for j in plot_axes(grid)[1])
            check_count(plot_lines(grid), MAX_LINES, "lines", "a sweep chart",
                        f"narrow the grid: fewer values of {options}",
                        f": {MAX_PANELS} panels of {PANEL_LINES}")  # fmt: skip
        for note in grid_notes(params):
            note_line(note)
        to = other_currency(currency, rates)
        columns, money = COLUMNS, money_results(COLUMNS)
        if to is not None:
            columns = to.columns(COLUMNS, money)
        if fmt is Format.xlsx:
            from ..render.xlsx import check_rows

            check_rows(grid.size)
        if plot is not None:
            from ..analysis.explain import credit
            from ..analysis.sweep import plot_series
            from ..render.charts import lines, save

            given = [k for k, v in params.items() if v is not None]
            x, series, note, per_panel = plot_series(grid, given)
            fig = lines(x.label, x.money, series, title or f"Revenue by {x.label.lower()}",
                        note, credit(given, None), per_panel)  # fmt: skip
            save(fig, plot)
        with output_stream(dest) as out:
            resolved = fmt.resolve(out)
            long = grid.size >= PROGRESS_MIN_ROWS
            if resolved in STREAMED:
                with progress_bar(grid.size, "sweep", quiet, long) as progress:
                    stream_sweep(grid, resolved, money, to, out, progress)
                return
            records: Iterator[dict[str, Any]] = (e.record() for e in sweep(grid))
            if to is not None:
                records = to.records(records, money)
            if resolved is Format.table:
                from ..render.tables import sweep_table

                limit = max(5, shutil.get_terminal_size().lines - 8)
                rows = list(itertools.islice(records, limit))
                counts = grid.counts
                varying = {p.name for j, p in enumerate(PARAMS) if counts[grid.source(j)] > 1}
                varying |= {s for s, p in SHORTHANDS.items() if varying & set(p.shorthand)}
                sweep_table(columns, varying, grid.size - len(rows), to)(rows, out)
            else:  # xlsx, from the records, with the same progress bar
                with progress_bar(grid.size, "sweep", quiet, long) as progress:
                    render(_counted(records, progress), columns, resolved, out)


def _counted(
    records: Iterator[dict[str, Any]], progress: Callable[[int], None] | None, every: int = 1024
) -> Iterator[dict[str, Any]]:
    """``records``, telling ``progress`` how many have gone, ``every`` at a time."""
    if progress is None:
        yield from records
        return
    n = 0
    for n, r in enumerate(records, start=1):
        yield r
        if n % every == 0:
            progress(every)
    if n % every:
        progress(n % every)
