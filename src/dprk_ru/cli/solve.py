"""``revenue solve``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.params import COLUMNS, PARAMS
from ..errors import InputError
from ..render.files import output_stream
from ..render.formats import Format, render
from .app import app
from .boundary import naming, with_rates
from .options import FormatOpt, OutputOpt, RateOpt, ScenarioOpt, param_options


@app.command()
@param_options("value")
def solve(
    params: dict[str, str | None],
    solve_for: Annotated[
        str,
        typer.Option(
            "--for",
            help="The parameter to solve for: " + ", ".join(p.flag for p in PARAMS) + ".",
            metavar="PARAMETER",
        ),
    ],
    target: Annotated[
        str,
        typer.Option(
            "--target",
            help="The total to reach, in USD (2600000000, 2.6B, 260M) or a reference "
            "figure (china-exports-2016).",
            metavar="AMOUNT|REFERENCE",
        ),
    ],
    scenario: ScenarioOpt = None,
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Goal seek: the value of one parameter that makes the total reach a target.

    The solved value is rounded up so the target is reached: troops to a whole soldier,
    money to the cent, months to 0.01, the state share to 0.0001.

    Example: revenue solve --for troops --target china-exports-2016
    """
    from ..analysis.estimate import SCENARIO_COLUMNS
    from ..analysis.solve import SOLVABLE, parse_target
    from ..analysis.solve import solve as solve_goal
    from ..core.money import usd
    from ..render.tables import solve_table
    from ..scenarios.options import scenario_from_options

    with with_rates(rate):
        if solve_for not in SOLVABLE:
            raise InputError(f"--for: expected one of {', '.join(SOLVABLE)}, got {solve_for!r}")
        parameter = SOLVABLE[solve_for]
        if params[parameter] is not None:
            raise InputError(f"--for {solve_for}: do not also give --{solve_for}")
        amount, ref = parse_target(target)
        with naming("--scenario"):
            chosen = scenario_from_options(scenario, params)
        solution = solve_goal(chosen, parameter, amount)
        extra = {"solve_for": parameter, "target_usd": usd(amount), "target": ref or ""}
        records = [{**extra, **r} for r in solution.estimate.records()]
        columns: tuple[str, ...] = ("solve_for", "target_usd", *SCENARIO_COLUMNS)
        if scenario is None:
            columns = ("solve_for", "target_usd", *COLUMNS)
            records = [{c: r[c] for c in (*columns, "target")} for r in records]
        with output_stream(output) as out:
            render(records, columns, fmt, out, table=solve_table)
