"""``revenue sources``: where the numbers come from."""

from __future__ import annotations

from typing import Annotated

import typer

from ..render.files import output_stream
from ..render.formats import Format, render
from .boundary import naming, user_errors
from .options import FormatOpt, OutputOpt, destination
from .root import app


@app.command()
def sources(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME",
            show_default=False,
            hidden=True,  # said in the docstring: Typer's type column would read <list[str]>
        ),
    ] = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Show where each number comes from: every default, reference and rate, stated, derived
    or assumed, with its URL; and the month the shipped data run to (as-of).

    Each NAME keeps the figures of a parameter (troops, monthly-pay), a reference or key
    (china-exports, deployments-2024-2025) or a source (ISPI, "Daily NK"). The table groups
    them by parameter and lists each source once, with its quotes and full URL.

    Example: revenue sources troops
    Example: revenue sources --format csv
    """
    from ..render.tables import sources_table
    from ..scenarios.sources import SOURCE_COLUMNS, records, select

    with user_errors():
        dest, fmt = destination(output, fmt)
        rows = records()
        if names:
            with naming("NAME"):
                rows = select(rows, names)
        with output_stream(dest) as out:
            render(rows, SOURCE_COLUMNS, fmt, out, table=sources_table)
