"""The ``sweep`` command's work between parsing and output: grid checks, progress, views."""

from __future__ import annotations

import contextlib
import itertools
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

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
    given: Mapping[str, str | None], max_rows: int, fmt: Format, output: Path | None, quiet: bool
) -> None:
    """Validate, then stream the grid to stdout or ``output`` in ``fmt``."""
    grid = parse_grid(given, max_rows)
    with output_stream(output) as out:
        resolved = fmt.resolve(out)
        if resolved is Format.csv:
            with progress_bar(grid.size, quiet) as progress:
                from .grid import write_csv

                write_csv(grid, out, progress=progress)
        elif resolved is Format.table:
            limit = max(5, shutil.get_terminal_size().lines - 8)
            rows = [e.record() for e in itertools.islice(sweep(grid), limit)]
            generic_table(COLUMNS)(rows, out)
            if grid.size > limit:
                console(out).print(
                    f"{grid.size - limit:,} more rows not shown; use --format csv or "
                    "--output FILE to get all of them.",
                    style="dim",
                    markup=False,
                )
        else:
            render((e.record() for e in sweep(grid)), COLUMNS, resolved, out)
