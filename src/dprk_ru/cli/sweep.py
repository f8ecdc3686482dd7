"""``revenue sweep``: grid checks, the progress bar, the screenful table, the chart."""

from __future__ import annotations

import contextlib
import itertools
import shutil
import sys
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import typer

from ..analysis.sweep import DEFAULT_MAX_ROWS
from ..core.params import COLUMNS
from ..render.files import output_stream
from ..render.formats import Format, console, generic_table, render
from .app import app
from .boundary import note_line, with_rates
from .options import (
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

#: Grids at least this large get a progress bar (when stderr is a terminal).
PROGRESS_MIN_ROWS = 200_000


@contextlib.contextmanager
def progress_bar(total: int, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for large grids, only when stderr is a terminal."""
    if quiet or total < PROGRESS_MIN_ROWS or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console(sys.stderr), transient=True) as bar:
        task = bar.add_task("sweep", total=total)
        yield lambda n: bar.advance(task, n)


#: Columns of the later model terms, left out of the terminal table while all at defaults.
_OPTIONAL = {"rotations": 1, "killed": 0, "death_payment_usd": 0, "death_total_usd": 0}


def _shown(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The table's columns: all, less the later terms when every row has their defaults."""
    idle = {c for c, d in _OPTIONAL.items() if all(r[c] == d for r in rows)}
    return tuple(c for c in COLUMNS if c not in idle or len(idle) < len(_OPTIONAL))


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
    """
    from ..analysis.sweep import parse_grid, sweep, write_csv
    from ..inputs.grid import grid_notes

    with with_rates(rate):
        dest, fmt = destination(output, fmt)
        if plot is not None:
            from ..render.charts import check_path

            check_path(plot)
        grid = parse_grid(params, max_rows)
        for note in grid_notes(params):
            note_line(note)
        if fmt is Format.xlsx:
            from ..render.xlsx import check_rows

            check_rows(grid.size)
        if plot is not None:
            from ..analysis.explain import credit
            from ..analysis.sweep import plot_series
            from ..render.charts import lines, save

            x, series, note = plot_series(grid)
            given = [k for k, v in params.items() if v is not None]
            fig = lines(x.label, x.money, series, title or f"Revenue by {x.label.lower()}",
                        note, credit(given, None))  # fmt: skip
            save(fig, plot)
        with output_stream(dest) as out:
            resolved = fmt.resolve(out)
            if resolved is Format.csv:
                with progress_bar(grid.size, quiet) as progress:
                    write_csv(grid, out, progress=progress)
            elif resolved is Format.table:
                limit = max(5, shutil.get_terminal_size().lines - 8)
                rows = [e.record() for e in itertools.islice(sweep(grid), limit)]
                generic_table(_shown(rows))(rows, out)
                if grid.size > limit:
                    console(out).print(
                        f"{grid.size - limit:,} more rows not shown; use --format csv or "
                        "--output FILE to get all of them.",
                        style="dim",
                        markup=False,
                    )
            else:
                render((e.record() for e in sweep(grid)), COLUMNS, resolved, out)
