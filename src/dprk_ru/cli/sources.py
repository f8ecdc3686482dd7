"""``revenue published`` and ``revenue sources``: where the numbers come from."""

from __future__ import annotations

from ..render.files import output_stream
from ..render.formats import Format, render
from .app import app
from .boundary import user_errors, with_rates
from .options import CurrencyOpt, FormatOpt, OutputOpt, RateOpt, destination


@app.command()
def published(
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Published estimates, each recomputed from its own stated assumptions, with a verdict.

    Run one with `revenue estimate --published ID`; `revenue compare` takes the ids too.

    Example: revenue published --format csv
    """
    from ..analysis.published import PUBLISHED_COLUMNS, rows
    from ..core.currency import other_currency, with_currency
    from ..core.params import money_results
    from ..render.tables import published_view

    with with_rates(rate):
        dest, fmt = destination(output, fmt)
        to = other_currency(currency)
        money = money_results(PUBLISHED_COLUMNS)
        records, columns = with_currency(rows(), PUBLISHED_COLUMNS, to, money)
        with output_stream(dest) as out:
            render(records, columns, fmt, out, table=published_view(to))


@app.command()
def sources(fmt: FormatOpt = Format.auto, output: OutputOpt = None) -> None:
    """Show where each number comes from: every default and reference, stated or derived.

    Example: revenue sources --format json
    """
    from ..render.tables import sources_table
    from ..scenarios.scenario import DATED_BUILTINS
    from ..scenarios.sources import all_figures, scenario_records

    columns = ("key", "label", "value", "unit", "kind", "source", "url", "quote", "reasoning")
    with user_errors():
        dest, fmt = destination(output, fmt)
        rows = [f.record() for f in all_figures()]
        for name in DATED_BUILTINS:
            rows += scenario_records(name)
        with output_stream(dest) as out:
            render(rows, columns, fmt, out, table=sources_table)
