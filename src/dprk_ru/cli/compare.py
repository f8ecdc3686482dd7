"""``revenue compare``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from ..render.files import distinct, output_stream
from ..render.formats import Format, render
from . import complete
from .boundary import median_note, naming, user_errors_and_rates, year_notes
from .options import (
    CurrencyOpt,
    FormatOpt,
    OutputOpt,
    PlotOpt,
    RateOpt,
    RefOpt,
    TitleOpt,
    YearOpt,
    destination,
    parse_year,
)
from .root import app


@app.command()
def compare(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(
            help="Scenario names, published ids or TOML files; default: the seven annual "
            "built-ins (all but the dated deployments-2024-2025).",
            metavar="SCENARIO",
            autocompletion=complete.scenarios,
            show_default=False,
            hidden=True,  # said in the docstring: Typer's type column would read <list[str]>
        ),
    ] = None,
    vs: RefOpt = None,
    year: YearOpt = None,
    plot: PlotOpt = None,
    title: TitleOpt = None,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Tabulate scenarios side by side against reference revenue streams.

    Each SCENARIO is a built-in name, a published id or a TOML file; without any, the seven
    annual built-ins (all but the dated deployments-2024-2025).

    delta_usd is the difference from the first scenario; each vs_<reference> column is the
    scenario's total divided by that reference (rounded half up to 4 places).

    Example: revenue compare article-baseline kursk-2024 --vs china-exports-2016
    Example: revenue compare --format csv
    """
    from ..analysis.compare import MAX_SCENARIOS, compare_columns, labels
    from ..analysis.compare import compare as compare_rows
    from ..analysis.estimate import estimate_scenario
    from ..core.currency import other_currency, with_currency
    from ..core.params import money_results
    from ..render.tables import compare_table
    from ..scenarios.loading import load_scenario
    from ..scenarios.scenario import builtin_names
    from ..scenarios.sources import DEFAULT_REFERENCES, reference

    with user_errors_and_rates(rate) as rates:
        distinct(
            [("--output", output), ("--plot", plot)], [("SCENARIO", s) for s in (scenarios or [])]
        )
        dest, fmt = destination(output, fmt)
        if plot is not None:
            from ..render.charts import check_path

            check_path(plot)
        with naming("--vs"):
            refs = [reference(r) for r in (vs or DEFAULT_REFERENCES)]
        counted = parse_year(year)
        to = other_currency(currency, rates)
        given = scenarios or builtin_names()
        if len(given) > MAX_SCENARIOS:
            raise InputError(
                f"SCENARIO: {len(given):,} scenarios is more than one compare takes "
                f"({MAX_SCENARIOS:,}); compare fewer at a time"
            )
        if plot is not None:
            from ..render.charts import MAX_BARS, check_count

            check_count(len(given), MAX_BARS, "scenarios", "a bar chart")
        with naming("SCENARIO"):
            chosen = [load_scenario(s) for s in given]
        median_note(chosen)
        estimates = [estimate_scenario(s, counted) for s in chosen]
        names = labels([s.name for s in chosen], given)
        year_notes(counted, estimates, names)
        rows = compare_rows(estimates, refs, names)
        if plot is not None:
            from ..analysis.explain import credit
            from ..render.charts import bars, save

            # Titles in words, told apart as the labels are (``compare_rows``).
            names = [r["title"] or r["scenario"] for r in rows]
            totals = [float(r["total_usd"]) for r in rows]
            lines = [
                (r.label, float(r.value))
                if r.high is None
                else (f"{r.label} (low)", float(r.value))
                for r in refs
            ]
            lines += [(f"{r.label} (high)", float(r.high)) for r in refs if r.high is not None]
            line = credit([], chosen, [r.source for r in refs])
            year_text = f" in {counted}" if counted is not None else " a year"
            fig = bars(names, totals, lines, title or f"Revenue by scenario, USD{year_text}",
                       line, year_text.strip())  # fmt: skip
            save(fig, plot)
        columns = compare_columns(refs, any(e.year is not None for e in estimates))
        rows, columns = with_currency(rows, columns, to, money_results(columns))
        with output_stream(dest) as out:
            render(rows, columns, fmt, out, table=compare_table(refs, to))
