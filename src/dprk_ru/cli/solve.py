"""``revenue solve``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.money import fmt_plain
from ..core.params import COLUMNS, PARAMS
from ..errors import InputError
from ..render.files import distinct, output_stream
from ..render.formats import Format, render
from ..scenarios.selection import Selection
from . import complete
from .boundary import median_note, naming, user_errors_and_rates, year_notes
from .options import (
    CurrencyOpt,
    FormatOpt,
    OutputOpt,
    RateOpt,
    ScenarioOpt,
    YearOpt,
    destination,
    param_options,
    parse_year,
)
from .root import app


@app.command()
@param_options("value")
def solve(
    params: dict[str, str | None],
    select: Selection,
    solve_for: Annotated[
        str,
        typer.Option(
            "--for",
            help="The parameter to solve for, answered at its step: "
            + ", ".join(f"{p.flag} ({fmt_plain(p.step)})" for p in PARAMS)
            + ".",
            metavar="PARAMETER",
            autocompletion=complete.parameters,
        ),
    ],
    target: Annotated[
        str,
        typer.Option(
            "--target",
            help="The total to reach, in USD, from 0 to 10^15 (2600000000, 2.6B, 260M), or a "
            "reference figure (china-exports-2016).",
            metavar="AMOUNT|REFERENCE",
            autocompletion=complete.references,
        ),
    ],
    scenario: ScenarioOpt = None,
    year: YearOpt = None,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Goal seek: the smallest value of one parameter whose total reaches a target.

    The value is at the parameter's step (a soldier, a cent, 0.01 of a month, 0.0001 of
    the share, a whole rotation or death); one step less misses the target.

    With --scenario, --for troops, killed or months beside several contingents needs
    --contingent.

    Example: revenue solve --for troops --target china-exports-2016
    Example: revenue solve --for monthly-pay --target 300M --troops 12000
    """
    from ..analysis.solve import parse_target, solvable
    from ..analysis.solve import solve as solve_goal
    from ..core.currency import other_currency, with_currency
    from ..core.money import usd
    from ..core.params import money_results
    from ..render.tables import solve_view
    from ..scenarios.options import scenario_from_options

    with user_errors_and_rates(rate) as rates:
        distinct([("--output", output)], [("--scenario", scenario)])
        dest, fmt = destination(output, fmt)
        param = solvable(solve_for)
        if params[param.name] is not None:
            raise InputError(f"--for {param.flag}: do not also give {param.option}")
        amount, ref = parse_target(target)
        counted = parse_year(year)  # checked even when nothing is dated
        to = other_currency(currency, rates)
        with naming("--scenario"):
            # The value solved for replaces the given one: solve checks killed against
            # troops x rotations itself, with the value it finds.
            deployed = param.name in ("troops", "rotations", "killed")
            chosen = scenario_from_options(scenario, params, select, check=not deployed)
            median_note([chosen], params, select, param.name)
            solution = solve_goal(chosen, param.name, amount, counted, select)
        year_notes(counted, [solution.estimate])
        extra = {"solve_for": param.name, "target_usd": usd(amount), "target": ref or "",
                 "solved": solution.value}  # fmt: skip
        records = [{**extra, **r} for r in solution.estimate.records()]
        columns: tuple[str, ...] = ("solve_for", "target_usd", *solution.estimate.columns)
        if scenario is None:
            columns = ("solve_for", "target_usd", *COLUMNS)
            records = [{c: r[c] for c in (*columns, "target")} for r in records]
        records, columns = with_currency(records, columns, to, money_results(columns))
        with output_stream(dest) as out:
            render(records, columns, fmt, out, table=solve_view(to))
