"""``revenue published``: published estimates, each recomputed from its own assumptions."""

from __future__ import annotations

from ..render.files import output_stream
from ..render.formats import Format, render
from .boundary import user_errors_and_rates
from .options import CurrencyOpt, FormatOpt, OutputOpt, RateOpt, destination
from .root import app


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
    Example: revenue published --format json
    """
    from ..analysis.published import PUBLISHED_COLUMNS, rows
    from ..core.currency import other_currency, with_currency
    from ..core.params import money_results
    from ..render.tables import published_view

    with user_errors_and_rates(rate) as rates:
        dest, fmt = destination(output, fmt)
        to = other_currency(currency, rates)
        money = money_results(PUBLISHED_COLUMNS)
        records, columns = with_currency(rows(), PUBLISHED_COLUMNS, to, money)
        with output_stream(dest) as out:
            render(records, columns, fmt, out, table=published_view(to))
