"""``revenue estimate``."""

from __future__ import annotations

from typing import Any

from ..core.params import COLUMNS
from ..render.files import distinct, output_stream
from ..render.formats import Format, render
from ..scenarios.selection import Selection
from .boundary import median_note, naming, note_line, user_errors_and_rates, year_notes
from .options import (
    CurrencyOpt,
    FormatOpt,
    OutputOpt,
    PublishedOpt,
    RateOpt,
    ScenarioOpt,
    YearOpt,
    destination,
    param_options,
    parse_year,
    scenario_ref,
)
from .root import app


@app.command()
@param_options("value")
def estimate(
    params: dict[str, str | None],
    select: Selection,
    scenario: ScenarioOpt = None,
    year: YearOpt = None,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    published: PublishedOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Estimate a year's revenue: troops x pay x months + troops x bonus, times the state share.

    With --scenario, one record per contingent, then (with several) a `total` record.

    Example: revenue estimate --troops 10000 --monthly-pay 2000 --format csv
    Example: revenue estimate -s deployments-2024-2025 --contingent second-wave --troops 5000
    """
    from ..inputs.options import parse_options

    with user_errors_and_rates(rate) as rates:
        distinct([("--output", output)], [("--scenario", scenario)])
        dest, fmt = destination(output, fmt)
        option, ref = scenario_ref(scenario, published)
        from ..core.currency import other_currency, with_currency

        to = other_currency(currency, rates)
        counted = parse_year(year)  # checked even when nothing is dated
        medians = ""
        if ref is None:
            from ..core.formula import evaluate
            from ..core.params import inputs
            from ..scenarios.selection import check_scoped

            check_scoped(select)
            records = [evaluate(inputs(parse_options(params))).record()]
            columns: tuple[str, ...] = COLUMNS
            if counted is not None:
                note_line(
                    f"the options give no dates (a scenario file's start, end): --year "
                    f"{counted} changes nothing; the figure is per year of deployment"
                )
        else:
            from ..analysis.estimate import estimate_scenario
            from ..scenarios.options import scenario_from_options

            with naming(option):
                chosen = scenario_from_options(ref, params, select)
            medians = median_note([chosen], params, select)
            result = estimate_scenario(chosen, counted)
            year_notes(counted, [result])
            records, columns = result.records(), result.columns
            given = {k: v for k, v in params.items() if v is not None}
            if given and len(records) > 1:  # say which contingents the options changed
                from ..core.params import PARAM_BY_NAME
                from ..scenarios.selection import targets

                text = " ".join(f"{PARAM_BY_NAME[k].option} {v}" for k, v in given.items())
                for i in targets(chosen.name, chosen.contingents, given, select):
                    records[i]["given"] = text
        from ..core.params import money_results

        records, columns = with_currency(records, columns, to, money_results(columns))

        def view(rows: Any, out: Any) -> None:  # rich and the table views load only here
            from ..render.tables import estimate_view

            estimate_view(to, medians)(rows, out)

        with output_stream(dest) as out:
            render(records, columns, fmt, out, table=view)
