"""``revenue timeline``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..render.files import distinct, output_stream
from ..render.formats import Format, render
from .boundary import median_note, naming, note_line, user_errors_and_rates
from .options import (
    CurrencyOpt,
    FormatOpt,
    OutputOpt,
    PlotOpt,
    RateOpt,
    ScenarioOpt,
    TitleOpt,
    destination,
)
from .root import app


@app.command()
def timeline(
    scenario: ScenarioOpt = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="First month shown, YYYY-MM. Default: the first start. Earlier months are "
            "only hidden: the to-date column still counts from the first start.",
            metavar="YYYY-MM",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Last month, YYYY-MM. Default: the month the data run to (see "
            "`revenue sources`: as-of; a scenario file may set its own as_of). Later months "
            "are projections: marked in the projected column, with a note on stderr.",
            metavar="YYYY-MM",
        ),
    ] = None,
    plot: PlotOpt = None,
    title: TitleOpt = None,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Follow dated deployments month by month, with revenue to date.

    Each month a contingent is deployed it earns troops x monthly pay x state share; its
    bonus is paid in its first month. Default scenario: deployments-2024-2025. Months after
    the data's as-of month are projections (projected column).

    cumulative_usd is the revenue to date, counted from the first month any contingent is
    deployed, whatever --from shows.

    Example: revenue timeline --from 2024-11 --to 2025-12
    Example: revenue timeline --from 2025-01 --to 2025-06 --format markdown
    """
    from ..analysis.estimate import as_of_month
    from ..analysis.timeline import TIMELINE_COLUMNS, deployed_from
    from ..analysis.timeline import timeline as follow
    from ..core.currency import other_currency, with_currency
    from ..core.dates import month_text, parse_month
    from ..core.params import money_results
    from ..render.tables import timeline_table
    from ..scenarios.loading import load_scenario
    from ..scenarios.scenario import DATED_BUILTINS

    with user_errors_and_rates(rate) as rates:
        distinct([("--output", output), ("--plot", plot)], [("--scenario", scenario)])
        dest, fmt = destination(output, fmt)
        first = None if start is None else parse_month(start, "--from")
        last = None if end is None else parse_month(end, "--to")
        to = other_currency(currency, rates)
        if plot is not None:
            from ..render.charts import check_path

            check_path(plot)
        with naming("--scenario"):
            chosen = load_scenario(scenario or DATED_BUILTINS[0])
        if plot is not None:
            from ..render.charts import MAX_EVENTS, check_count, timeline_events

            check_count(len(timeline_events(chosen.contingents)), MAX_EVENTS,
                        "troop changes", "a timeline chart")  # fmt: skip
        with naming("--scenario"):
            rows = follow(chosen, first, last)
        since = deployed_from(chosen)
        since_text = "" if since is None else f" since {month_text(since)}"
        if plot is not None:
            from ..analysis.explain import credit
            from ..render.charts import save, timeline_events, title_of
            from ..render.charts import timeline as plot_timeline

            fig = plot_timeline(
                [r["month"] for r in rows], [float(r["cumulative_usd"]) for r in rows],
                [r["troops"] for r in rows], timeline_events(chosen.contingents),
                next((r["month"] for r in rows if r.get("projected")), None),
                title or f"Revenue to date{since_text}: {title_of(chosen)}", credit([], [chosen]),
            )  # fmt: skip
            save(fig, plot)
        median_note([chosen])  # said once everything is checked: an error stays one line
        if any(r["projected"] for r in rows):
            as_of = month_text(as_of_month(chosen))
            note_line(f"months after {as_of} are projections: the data run to {as_of} and "
                      "no source describes later months (projected column)")  # fmt: skip
        money = money_results(TIMELINE_COLUMNS)
        records, columns = with_currency(rows, TIMELINE_COLUMNS, to, money)
        with output_stream(dest) as out:
            view = timeline_table(chosen.name, to, None if since is None else month_text(since))
            render(records, columns, fmt, out, table=view)
