"""``revenue sensitivity``: which uncertain input moves the total most."""

from __future__ import annotations

from ..render.files import distinct, output_stream
from ..render.formats import Format, render
from ..scenarios.selection import Selection
from .boundary import user_errors_and_rates
from .options import (
    CurrencyOpt,
    FormatOpt,
    OutputOpt,
    PlotOpt,
    RateOpt,
    ScenarioOpt,
    TitleOpt,
    YearOpt,
    destination,
    param_options,
    parse_year,
)
from .root import app
from .uncertain import (
    applied_to,
    chart_credit,
    contingent_titles,
    median_year_notes,
    shown_name,
    uncertain_contingents,
)


@app.command()
@param_options("dist")
def sensitivity(
    params: dict[str, str | None],
    select: Selection,
    scenario: ScenarioOpt = None,
    year: YearOpt = None,
    plot: PlotOpt = None,
    title: TitleOpt = None,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Which assumption matters most: each uncertain input at its 5th and 95th percentile.

    All other inputs sit at their medians; rows are sorted by swing, largest first.

    Example: revenue sensitivity --troops "8000 to 14000" --bonus "uniform(0,4000)"
    Example: revenue sensitivity --troops "8000 to 14000" --months "pert(6,10,12)" -f csv
    """
    from ..analysis.sensitivity import median_total, sensitivity_columns
    from ..analysis.sensitivity import sensitivity as tornado_rows
    from ..render.tables import tornado_table

    with user_errors_and_rates(rate) as rates:
        from ..core.currency import other_currency, with_currency
        from ..core.params import money_results

        distinct([("--output", output), ("--plot", plot)], [("--scenario", scenario)])
        dest, fmt = destination(output, fmt)
        to = other_currency(currency, rates)
        counted = parse_year(year)
        name, contingents = uncertain_contingents(scenario, params, select, medians=True)
        if plot is not None:
            from ..inputs.distributions import quantities
            from ..render.charts import MAX_TORNADO, check_count, check_path

            check_path(plot)
            check_count(len(quantities(contingents)), MAX_TORNADO, "uncertain inputs",
                        "a tornado chart")  # fmt: skip
        found = tornado_rows(contingents, counted)
        columns = sensitivity_columns(found)
        rows, shown = with_currency(found, columns, to, money_results(columns))
        base = median_total(contingents, counted)
        if plot is not None:
            from ..render.charts import given_words, save, tornado

            called = shown_name(scenario, name)
            heading = title or f"What moves the total most{f': {called}' if called else ''}"
            save(tornado(rows, base, heading, chart_credit(scenario, params, contingents, select),
                         given_words(params), contingent_titles(scenario)), plot)  # fmt: skip
        median_year_notes(counted, scenario, params, contingents, select)  # all checked
        with output_stream(dest) as out:
            where = applied_to(name, contingents, params, select)
            render(rows, shown, fmt, out, table=tornado_table(base, to, where))
