"""The ``sweep`` command's work between parsing and output: grid checks, progress, views."""

from __future__ import annotations

import contextlib
import itertools
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .errors import InputError
from .grid import Grid, Item, parse_values, sweep
from .model import COLUMNS, PARAMS
from .output import Format, console, generic_table, output_stream, render

#: Grids at least this large get a progress bar (when stderr is a terminal).
PROGRESS_MIN_ROWS = 200_000


def parse_grid(given: Mapping[str, str | None], max_rows: int) -> Grid:
    """Parse the grid options (by field name) and refuse grids over ``max_rows``."""
    items: dict[str, list[Item]] = {}
    for p in PARAMS:
        text = given.get(p.name)
        if text is not None:
            items[p.name] = parse_values(p, text)
    grid = Grid.from_items(items)
    if grid.size > max_rows:
        raise InputError(
            f"--max-rows: the grid has {grid.size:,} rows, more than the limit of {max_rows:,}; "
            f"raise it with --max-rows {grid.size}"
        )
    return grid


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


def run_sweep(
    given: Mapping[str, str | None],
    max_rows: int,
    fmt: Format,
    output: Path | None,
    quiet: bool,
    plot: Path | None = None,
) -> None:
    """Validate, then stream the grid to stdout or ``output`` in ``fmt`` (and chart it)."""
    grid = parse_grid(given, max_rows)
    if plot is not None:
        from .charts import check_path

        check_path(plot)
        plot_sweep(grid, plot)
    with output_stream(output) as out:
        resolved = fmt.resolve(out)
        if resolved is Format.csv:
            with progress_bar(grid.size, quiet) as progress:
                from .grid import write_csv

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


#: Lines drawn by ``sweep --plot`` at most (one per combination of the other swept values).
PLOT_MAX_LINES = 12
#: Points per line at most (the swept values are thinned evenly beyond this).
PLOT_MAX_POINTS = 2_000


#: Columns of the later model terms, left out of the terminal table while all at defaults.
_OPTIONAL = {"rotations": 1, "killed": 0, "death_payment_usd": 0, "death_total_usd": 0}


def _shown(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The table's columns: all, less the later terms when every row has their defaults."""
    idle = {c for c, d in _OPTIONAL.items() if all(r[c] == d for r in rows)}
    return tuple(c for c in COLUMNS if c not in idle or len(idle) < len(_OPTIONAL))


def plot_sweep(grid: Grid, path: Path) -> None:
    """Chart the total against the first swept parameter, a line per combination of the others."""
    from .charts import lines
    from .contingent import Contingent
    from .grid import _product, iter_values
    from .model import estimate

    varying = [j for j, c in enumerate(grid.counts) if c > 1] or [0]
    xj, others = varying[0], varying[1:]
    count = grid.counts[xj]
    stride = max(1, -(-count // PLOT_MAX_POINTS))
    xs = list(itertools.islice(iter_values(grid.items[xj]), 0, None, stride))
    combos = list(itertools.islice(_product([grid.items[j] for j in others]), PLOT_MAX_LINES))
    fixed = {p.name: next(iter_values(grid.items[j])) for j, p in enumerate(PARAMS)}
    series = {}
    for combo in combos:
        point = dict(fixed)
        point.update({PARAMS[j].name: v for j, v in zip(others, combo, strict=True)})
        label = ", ".join(f"{PARAMS[j].name}={v}" for j, v in zip(others, combo, strict=True))
        ys = []
        for x in xs:
            point[PARAMS[xj].name] = x
            values = {**point, "troops": int(point["troops"])}
            ys.append(float(estimate(Contingent.model_construct(None, **values)).total_usd))
        series[label] = ([float(x) for x in xs], ys)
    total_lines = grid.size // count
    note = f"first {len(combos)} of {total_lines:,}" if total_lines > len(combos) else ""
    lines(path, PARAMS[xj].name, series, f"Revenue by {PARAMS[xj].name}", note)
